import { readFileSync } from "node:fs";
import { z } from "zod";
import { git } from "../../repo/git.js";
import { defineTool } from "./define-tool.js";

const AUTHOR = { name: "kaizen agent", email: "agent@kaizen.invalid" };

const parameters = z.strictObject({
  message: z.string().trim().min(1, "a commit message is required").describe("The commit message"),
});

export const gitCommitTool = defineTool({
  id: "git_commit",
  description: readFileSync(new URL("./git-commit.txt", import.meta.url), "utf8"),
  parameters,
  async execute({ message }, context) {
    const cwd = context.workspace;
    // The dependency link is kaizen's, never part of the agent's commit.
    await git({ cwd, args: ["add", "-A", "--", ".", ":(exclude,glob)**/node_modules", ":(exclude,glob)**/node_modules/**"] });
    const staged = (await git({ cwd, args: ["diff", "--cached", "--name-only"] })).trim();
    if (staged === "") return { output: "nothing to commit: there are no changes since the last commit", isError: true };
    const env = {
      GIT_AUTHOR_NAME: AUTHOR.name,
      GIT_AUTHOR_EMAIL: AUTHOR.email,
      GIT_COMMITTER_NAME: AUTHOR.name,
      GIT_COMMITTER_EMAIL: AUTHOR.email,
    };
    await git({ cwd, env, args: ["-c", "core.hooksPath=/dev/null", "-c", "commit.gpgSign=false", "commit", "--quiet", "--no-verify", "--cleanup=strip", "-m", message] });
    const summary = (await git({ cwd, args: ["show", "--stat", "--format=%h %s", "HEAD"] })).trimEnd();
    return { output: `committed ${summary}` };
  },
});
