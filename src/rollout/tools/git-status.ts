import { readFileSync } from "node:fs";
import { z } from "zod";
import { git } from "../../repo/git.js";
import { defineTool } from "./define-tool.js";
import { isDependencyPath } from "./list-repo-files.js";

const parameters = z.strictObject({});

export const gitStatusTool = defineTool({
  id: "git_status",
  description: readFileSync(new URL("./git-status.txt", import.meta.url), "utf8"),
  parameters,
  async execute(_args, context) {
    const status = await git({ cwd: context.workspace, args: ["status", "--short", "--untracked-files=all"] });
    // The dependency link is kaizen's, not the agent's change.
    const lines = status.split("\n").filter((line) => line.trim() && !isDependencyPath(line.slice(3)));
    if (lines.length === 0) return { output: "no changes: the working tree matches the last commit" };
    return { output: `${lines.length} changed path${lines.length === 1 ? "" : "s"} (M modified, A added, D deleted, ?? untracked):\n${lines.join("\n")}` };
  },
});
