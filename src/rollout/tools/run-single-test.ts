import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { defineTool } from "./define-tool.js";
import { repoFileSource } from "./repo-file-source.js";

const MESSAGE_LINES = 20;

const parameters = z.strictObject({
  test_id: z.string().trim().min(1).describe("The test's id: path/to/test_file::test name"),
});

export const runSingleTestTool = defineTool({
  id: "run_single_test",
  description: readFileSync(new URL("./run-single-test.txt", import.meta.url), "utf8"),
  parameters,
  async execute({ test_id }, context) {
    const file = test_id.split("::")[0]!;
    // A file-based id whose file is gone cannot run; frameworks with package ids (go) are left to the runner.
    if (test_id.includes("::") && /\.\w+$/.test(file) && !existsSync(join(context.workspace, file))) {
      return { output: `no test file ${file}; test ids are path/to/test_file::test name, as run_tests prints them`, isError: true };
    }
    const report = await context.tests.run({ ids: [test_id] });
    const status = report.statuses[test_id] ?? "missing";
    const sources = [repoFileSource(context, ".")];
    if (status === "missing") {
      const known = Object.keys(report.statuses).filter((id) => id !== test_id);
      const sameFile = known.filter((id) => id.startsWith(`${file}::`));
      const listed = (sameFile.length > 0 ? sameFile : known).slice(0, 10);
      const hint = listed.length > 0 ? `; tests the run did report: ${listed.join(", ")}` : "; run_tests lists the ids of failing tests";
      const timedOut = report.timedOut ? " (the run timed out)" : "";
      return { output: `no test with id ${test_id} was found${timedOut}${hint}`, isError: true, sources };
    }
    const result = report.results.find((candidate) => candidate.id === test_id);
    const lines = [`${test_id}: ${status}${result?.durationMs !== undefined ? ` (${(result.durationMs / 1000).toFixed(2)} s)` : ""}`];
    if (result?.message && status !== "passed") lines.push(...result.message.trim().split("\n").slice(0, MESSAGE_LINES).map((line) => `    ${line}`));
    if (report.timedOut) lines.push("the run timed out and was stopped");
    const others = new Map<string, number>();
    for (const [id, other] of Object.entries(report.statuses)) if (id !== test_id) others.set(other, (others.get(other) ?? 0) + 1);
    if (others.size > 0) lines.push(`the framework also ran neighbouring tests: ${[...others].map(([name, count]) => `${count} ${name}`).join(", ")}`);
    return { output: lines.join("\n"), sources };
  },
});
