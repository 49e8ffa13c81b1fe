import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { defineTool } from "./define-tool.js";
import { describeTestRun } from "./describe-test-run.js";
import { repoFileSource } from "./repo-file-source.js";
import { resolveRepoPath } from "./resolve-repo-path.js";

const parameters = z.strictObject({
  files: z.array(z.string().min(1)).max(200).optional().describe("Test files to run, relative to the repository root; all tests when omitted"),
});

export const runTestsTool = defineTool({
  id: "run_tests",
  description: readFileSync(new URL("./run-tests.txt", import.meta.url), "utf8"),
  parameters,
  async execute({ files }, context) {
    const chosen: string[] = [];
    for (const file of files ?? []) {
      const resolved = resolveRepoPath({ context, path: file });
      if (!resolved.ok) return { output: resolved.message, isError: true };
      if (!existsSync(resolved.absolute)) return { output: `${resolved.relative} does not exist; give test files that exist, or omit files to run every test`, isError: true };
      chosen.push(resolved.relative);
    }
    const report = await context.tests.run(chosen.length > 0 ? { files: chosen } : {});
    return { output: describeTestRun({ report, store: context.store }), sources: [repoFileSource(context, ".")] };
  },
});
