import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { z } from "zod";
import { defineTool, type ToolContext } from "./define-tool.js";
import { listRepoFiles } from "./list-repo-files.js";
import { numberLines, splitLines } from "./number-lines.js";
import { repoFileSource } from "./repo-file-source.js";
import { resolveRepoPath } from "./resolve-repo-path.js";

const DEFAULT_LINES = 200;
const MAX_BYTES = 20 * 1024 * 1024;

const parameters = z.strictObject({
  path: z.string().min(1).describe("File path relative to the repository root"),
  start_line: z.number().int().min(1).max(10_000_000).optional().describe("First line to show (1-based)"),
  end_line: z.number().int().min(1).max(10_000_000).optional().describe("Last line to show (inclusive)"),
});

export const readFileTool = defineTool({
  id: "read_file",
  description: readFileSync(new URL("./read-file.txt", import.meta.url), "utf8"),
  parameters,
  async execute({ path, start_line, end_line }, context) {
    const resolved = resolveRepoPath({ context, path });
    if (!resolved.ok) return { output: resolved.message, isError: true };
    const { absolute, relative } = resolved;

    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      return { output: await notFound(relative, context), isError: true };
    }
    if (stats.isDirectory()) return { output: `${relative} is a directory; use list_directory to see what it holds`, isError: true };
    if (stats.size > MAX_BYTES) {
      return { output: `${relative} is ${stats.size.toLocaleString("en-US")} bytes, too large to read; use repo_search to find what you need in it`, isError: true };
    }
    const bytes = readFileSync(absolute);
    if (bytes.includes(0)) {
      return { output: `${relative} is a binary file (${bytes.length.toLocaleString("en-US")} bytes); read_file shows text files only`, isError: true };
    }

    const lines = splitLines(bytes.toString("utf8"));
    const total = lines.length;
    const source = [repoFileSource(context, relative)];
    if (total === 0) return { output: `${relative} is empty (0 lines)`, sources: source };

    const first = start_line ?? 1;
    if (first > total) {
      return { output: `${relative} has ${total} lines; start_line ${first} is past the end. Use a start_line between 1 and ${total}.`, isError: true };
    }
    if (end_line !== undefined && end_line < first) {
      return { output: `end_line ${end_line} is before start_line ${first}; give a range with start_line ≤ end_line`, isError: true };
    }
    const wanted = end_line ?? (start_line === undefined ? DEFAULT_LINES : first + DEFAULT_LINES - 1);
    const last = Math.min(wanted, total);

    let header = `${relative} (lines ${first}-${last} of ${total})`;
    if (end_line !== undefined && end_line > total) header += `; the file ends at line ${total}`;
    const notes = last < total ? `\n[${total - last} more lines; read on with start_line=${last + 1}]` : "";
    return {
      output: `${header}\n${numberLines({ lines: lines.slice(first - 1, last), first, width: String(total).length })}${notes}`,
      sources: source,
    };
  },
});

async function notFound(relative: string, context: ToolContext): Promise<string> {
  const name = basename(relative);
  const similar = (await listRepoFiles(context.workspace)).filter((file) => basename(file) === name).slice(0, 5);
  const suggestion = similar.length > 0 ? `; files with that name: ${similar.join(", ")}` : "; use list_directory or repo_search to find the right path";
  return `${relative} does not exist${suggestion}`;
}
