import { readFileSync } from "node:fs";
import { z } from "zod";
import { git } from "../../repo/git.js";
import { defineTool } from "./define-tool.js";
import { repoFileSource } from "./repo-file-source.js";
import { resolveRepoPath } from "./resolve-repo-path.js";

const parameters = z.strictObject({
  max_count: z.number().int().min(1).max(200).default(10).describe("Commits to show (default 10)"),
  path: z.string().min(1).optional().describe("Only commits that changed this file or directory"),
});

export const gitLogTool = defineTool({
  id: "git_log",
  description: readFileSync(new URL("./git-log.txt", import.meta.url), "utf8"),
  parameters,
  async execute({ max_count, path }, context) {
    let pathspec: string[] = [];
    if (path) {
      const resolved = resolveRepoPath({ context, path });
      if (!resolved.ok) return { output: resolved.message, isError: true };
      pathspec = ["--", resolved.relative];
    }
    const log = await git({ cwd: context.workspace, args: ["log", `--max-count=${max_count}`, "--date=short", "--format=%h %ad %an: %s", ...pathspec] });
    if (log.trim() === "") return { output: path ? `no commits changed ${path}` : "no commits" };
    return { output: log.trimEnd(), sources: [repoFileSource(context, path ?? ".")] };
  },
});
