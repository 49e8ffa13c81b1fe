import { type Dirent, readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { defineTool } from "./define-tool.js";
import { globToRegExp } from "./glob-to-reg-exp.js";
import { listRepoFiles } from "./list-repo-files.js";
import { repoFileSource } from "./repo-file-source.js";
import { resolveRepoPath } from "./resolve-repo-path.js";

const MAX_ENTRIES = 500;

const parameters = z.strictObject({
  path: z.string().default(".").describe("Directory relative to the repository root (default: the root)"),
  depth: z.number().int().min(1).max(8).default(2).describe("Levels to show (default 2)"),
  pattern: z.string().min(1).optional().describe("Glob of files to find under path at any depth, e.g. *.py or src/**/*.test.ts"),
});

export const listDirectoryTool = defineTool({
  id: "list_directory",
  description: readFileSync(new URL("./list-directory.txt", import.meta.url), "utf8"),
  parameters,
  async execute({ path, depth, pattern }, context) {
    const resolved = resolveRepoPath({ context, path });
    if (!resolved.ok) return { output: resolved.message, isError: true };
    const { absolute, relative } = resolved;
    let isDirectory: boolean;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch {
      return { output: `${relative} does not exist; list the repository root (path ".") to see what is there`, isError: true };
    }
    if (!isDirectory) return { output: `${relative} is a file, not a directory; use read_file to read it`, isError: true };
    const sources = [repoFileSource(context, relative)];

    if (pattern) {
      const glob = globToRegExp(pattern);
      const prefix = relative === "." ? "" : `${relative}/`;
      const nameOnly = !pattern.includes("/");
      const matches = (await listRepoFiles(context.workspace)).filter((file) => {
        if (!file.startsWith(prefix)) return false;
        const candidates = nameOnly ? [file.slice(file.lastIndexOf("/") + 1)] : [file, file.slice(prefix.length)];
        return candidates.some((candidate) => glob.test(candidate));
      });
      if (matches.length === 0) return { output: `no files under ${relative} match ${pattern}`, sources };
      const shown = matches.slice(0, MAX_ENTRIES);
      const more = matches.length > shown.length ? `\n[… ${matches.length - shown.length} more matches; use a narrower path or pattern]` : "";
      return { output: `${matches.length} file${matches.length === 1 ? "" : "s"} under ${relative} match${matches.length === 1 ? "es" : ""} ${pattern}:\n${shown.join("\n")}${more}`, sources };
    }

    const lines: string[] = [];
    let cut = false;
    const walk = (dir: string, level: number) => {
      for (const entry of sortedEntries(dir)) {
        if (lines.length >= MAX_ENTRIES) {
          cut = true;
          return;
        }
        const indent = "  ".repeat(level);
        const full = join(dir, entry.name);
        if (entry.name === "node_modules") lines.push(`${indent}node_modules/ (installed dependencies, not listed)`);
        else if (entry.isSymbolicLink()) lines.push(`${indent}${entry.name} -> ${readlinkSync(full)}`);
        else if (!entry.isDirectory()) lines.push(`${indent}${entry.name}`);
        else if (level + 1 < depth) {
          lines.push(`${indent}${entry.name}/`);
          walk(full, level + 1);
        } else {
          const count = sortedEntries(full).length;
          lines.push(`${indent}${entry.name}/${count > 0 ? ` (${count} ${count === 1 ? "entry" : "entries"})` : " (empty)"}`);
        }
      }
    };
    walk(absolute, 0);
    if (lines.length === 0) return { output: `${relative} is empty`, sources };
    const more = cut ? `\n[listing cut at ${MAX_ENTRIES} entries; list a subdirectory or use a smaller depth]` : "";
    return { output: `${relative === "." ? "./" : `${relative}/`}\n${lines.map((line) => `  ${line}`).join("\n")}${more}`, sources };
  },
});

/** Directories first, then files, each alphabetically; git's own directory is never shown. */
function sortedEntries(dir: string): Dirent[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.name !== ".git")
    .sort((a, b) => Number(isFolder(b)) - Number(isFolder(a)) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** node_modules is usually a link to the dependency cache; it still sorts with the directories. */
function isFolder(entry: Dirent): boolean {
  return entry.isDirectory() || entry.name === "node_modules";
}
