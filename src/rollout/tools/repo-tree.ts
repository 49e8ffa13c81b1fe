import { readFileSync } from "node:fs";
import { z } from "zod";
import { defineTool } from "./define-tool.js";
import { listRepoFiles } from "./list-repo-files.js";
import { repoFileSource } from "./repo-file-source.js";

/** Files listed per directory before the rest are counted. */
const FILES_PER_DIRECTORY = 25;
const MAX_LINES = 600;

const parameters = z.strictObject({
  depth: z.number().int().min(1).max(10).default(3).describe("Directory levels to open (default 3)"),
  include_hidden: z.boolean().default(false).describe("Show files and directories whose names start with a dot"),
});

interface Folder {
  folders: Map<string, Folder>;
  files: string[];
  /** Files at any depth below. */
  total: number;
}

export const repoTreeTool = defineTool({
  id: "repo_tree",
  description: readFileSync(new URL("./repo-tree.txt", import.meta.url), "utf8"),
  parameters,
  async execute({ depth, include_hidden }, context) {
    const files = (await listRepoFiles(context.workspace)).filter((file) => include_hidden || !file.split("/").some((part) => part.startsWith(".")));
    const root: Folder = { folders: new Map(), files: [], total: 0 };
    for (const file of files) {
      const parts = file.split("/");
      let folder = root;
      folder.total++;
      for (const part of parts.slice(0, -1)) {
        let next = folder.folders.get(part);
        if (!next) folder.folders.set(part, (next = { folders: new Map(), files: [], total: 0 }));
        next.total++;
        folder = next;
      }
      folder.files.push(parts[parts.length - 1]!);
    }

    const lines: string[] = [];
    const render = (folder: Folder, level: number) => {
      const indent = "  ".repeat(level + 1);
      for (const [name, child] of [...folder.folders].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (level + 1 < depth) {
          lines.push(`${indent}${name}/`);
          render(child, level + 1);
        } else lines.push(`${indent}${name}/ (${count(child.total, "file")})`);
      }
      const shown = folder.files.slice(0, FILES_PER_DIRECTORY);
      lines.push(...shown.map((file) => `${indent}${file}`));
      if (folder.files.length > shown.length) lines.push(`${indent}… ${count(folder.files.length - shown.length, "more file")}`);
    };
    render(root, 0);

    const header = `${context.task.repo} (${count(root.total, "file")}${include_hidden ? "" : ", hidden ones left out"})`;
    const cut = lines.length > MAX_LINES ? `\n[… ${lines.length - MAX_LINES} more lines; use a smaller depth or list_directory on a subdirectory]` : "";
    return { output: `${header}\n${lines.slice(0, MAX_LINES).join("\n")}${cut}`, sources: [repoFileSource(context, ".")] };
  },
});

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
