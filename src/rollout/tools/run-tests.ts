import { readFileSync } from "node:fs";
import { z } from "zod";
import { defineTool } from "./define-tool.js";
import { describeTestRun } from "./describe-test-run.js";
import { repoFileSource } from "./repo-file-source.js";
import { resolveTestFiles } from "./resolve-test-files.js";

const parameters = z.strictObject({
  files: z.array(z.string().min(1)).max(200).optional().describe("Test files to run, relative to the repository root; all tests when omitted"),
});

export const runTestsTool = defineTool({
  id: "run_tests",
  description: readFileSync(new URL("./run-tests.txt", import.meta.url), "utf8"),
  parameters,
  async execute({ files }, context) {
    const resolved = resolveTestFiles({ context, files: files ?? [] });
    if (!resolved.ok) return { output: resolved.message, isError: true };
    const chosen = resolved.files;
    const report = await context.tests.run(chosen.length > 0 ? { files: chosen } : {});
    return { output: describeTestRun({ report, store: context.store }), sources: [repoFileSource(context, ".")] };
  },
});
