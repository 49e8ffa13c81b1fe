import { readFileSync, statSync } from "node:fs";
import { z } from "zod";
import { git, GitCommandError } from "../../repo/git.js";
import { defineTool } from "./define-tool.js";
import { splitLines } from "./number-lines.js";
import { repoFileSource } from "./repo-file-source.js";
import { resolveRepoPath } from "./resolve-repo-path.js";

const DEFAULT_LINES = 200;

const parameters = z.strictObject({
  path: z.string().min(1).describe("File path relative to the repository root"),
  start_line: z.number().int().min(1).max(10_000_000).optional().describe("First line (1-based)"),
  end_line: z.number().int().min(1).max(10_000_000).optional().describe("Last line (inclusive)"),
});

export const gitBlameTool = defineTool({
  id: "git_blame",
  description: readFileSync(new URL("./git-blame.txt", import.meta.url), "utf8"),
  parameters,
  async execute({ path, start_line, end_line }, context) {
    const resolved = resolveRepoPath({ context, path });
    if (!resolved.ok) return { output: resolved.message, isError: true };
    const { absolute, relative } = resolved;
    let total: number;
    try {
      if (statSync(absolute).isDirectory()) return { output: `${relative} is a directory; git_blame takes a file`, isError: true };
      total = splitLines(readFileSync(absolute, "utf8")).length;
    } catch {
      return { output: `${relative} does not exist; use list_directory or repo_search to find the path`, isError: true };
    }
    if (total === 0) return { output: `${relative} is empty`, isError: true };
    const first = start_line ?? 1;
    if (first > total) return { output: `${relative} has ${total} lines; start_line ${first} is past the end`, isError: true };
    if (end_line !== undefined && end_line < first) return { output: `end_line ${end_line} is before start_line ${first}`, isError: true };
    const last = Math.min(end_line ?? first + DEFAULT_LINES - 1, total);

    let blame: string;
    try {
      blame = await git({ cwd: context.workspace, args: ["blame", "--date=short", "-L", `${first},${last}`, "--", relative] });
    } catch (error) {
      if (error instanceof GitCommandError && /no such path/.test(error.stderr)) {
        return { output: `${relative} is not in any commit yet (a new file), so it has no history to blame`, isError: true };
      }
      throw error;
    }
    const more = last < total ? `\n[${total - last} more lines; continue with start_line=${last + 1}]` : "";
    return { output: `${relative} (lines ${first}-${last} of ${total})\n${blame.trimEnd()}${more}`, sources: [repoFileSource(context, relative)] };
  },
});
