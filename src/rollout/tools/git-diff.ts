import { readFileSync } from "node:fs";
import { z } from "zod";
import { runProcess } from "../../exec/run-process.js";
import { git, isolatedGitEnv } from "../../repo/git.js";
import { defineTool } from "./define-tool.js";
import { isDependencyPath } from "./list-repo-files.js";
import { repoFileSource } from "./repo-file-source.js";
import { resolveRepoPath } from "./resolve-repo-path.js";

const parameters = z.strictObject({
  path: z.string().min(1).optional().describe("Only this file or directory, relative to the repository root"),
  staged: z.boolean().default(false).describe("Only what is staged for the next commit"),
});

export const gitDiffTool = defineTool({
  id: "git_diff",
  description: readFileSync(new URL("./git-diff.txt", import.meta.url), "utf8"),
  parameters,
  async execute({ path, staged }, context) {
    let pathspec = ".";
    if (path) {
      const resolved = resolveRepoPath({ context, path });
      if (!resolved.ok) return { output: resolved.message, isError: true };
      pathspec = resolved.relative;
    }
    const cwd = context.workspace;
    const base = context.task.baseCommit;
    const args = ["diff", "--no-color", "--no-ext-diff"];
    let diff = await git({ cwd, args: staged ? [...args, "--cached", "--", pathspec] : [...args, base, "--", pathspec] });

    if (!staged) {
      // New files git does not track yet are part of the change too.
      const untracked = (await git({ cwd, args: ["ls-files", "-z", "--others", "--exclude-standard", "--", pathspec] })).split("\0").filter((file) => file && !isDependencyPath(file));
      for (const file of untracked) {
        const added = await runProcess({ command: "git", args: ["diff", "--no-color", "--no-ext-diff", "--no-index", "--", "/dev/null", file], cwd, env: isolatedGitEnv(), timeoutMs: 30_000 });
        diff += added.stdout;
      }
    }

    const what = staged ? "staged for commit" : `since the base commit ${base.slice(0, 7)}`;
    const where = path ? ` in ${pathspec}` : "";
    if (diff.trim() === "") return { output: `no changes ${what}${where}` };
    const files = [...diff.matchAll(/^diff --git a\/(.+?) b\//gm)].map((match) => match[1]!);
    return { output: diff.trimEnd(), sources: [...new Set(files)].map((file) => repoFileSource(context, file)) };
  },
});
