import type { Observation, ToolCall } from "../../schema/records.js";

export const TEST_TOOLS = new Set(["run_tests", "run_single_test", "run_tests_with_coverage"]);

export interface TestRun {
  /** inconclusive: the call was refused, ran no test, or printed nothing kaizen can read. */
  verdict: "passed" | "failed" | "inconclusive";
  /** Test ids the output names as failed, errored or missing. */
  failing: string[];
  /** Test ids the output names as passed (run_single_test). */
  passing: string[];
  /** Test files the run was limited to; undefined for the whole suite. */
  files: string[] | undefined;
  /** False when the output listed only some of the failing tests. */
  complete: boolean;
  /** The output, kept for coverage tables. */
  output: string;
}

export interface ReadTestRunOptions {
  call: ToolCall;
  observation: Observation | undefined;
}

/**
 * What a test tool's observation says, read from the text the agent saw (describeTestRun's
 * `N tests: 1 failed, 3 passed (…)` and `FAILED <id>` lines, run_single_test's `<id>: <status>`,
 * the coverage run's exit code). Only the test tools are read: a test command run through bash
 * prints whatever its framework prints, and is not.
 */
export function readTestRun({ call, observation }: ReadTestRunOptions): TestRun | undefined {
  if (!TEST_TOOLS.has(call.name)) return undefined;
  const output = observation?.content ?? "";
  const files = filesOf(call);
  const run: TestRun = { verdict: "inconclusive", failing: [], passing: [], files, complete: true, output };
  if (!observation || observation.isError) return run;

  if (call.name === "run_single_test") {
    const id = String(call.arguments.test_id ?? "").trim();
    const status = new RegExp(`^${escape(id)}: (passed|failed|errored|skipped|missing)\\b`, "m").exec(output)?.[1];
    if (status === "passed") return { ...run, verdict: "passed", passing: [id] };
    if (status === "failed" || status === "errored" || status === "missing") return { ...run, verdict: "failed", failing: [id] };
    return run;
  }

  if (call.name === "run_tests_with_coverage") {
    const exit = /\(exit code (\d+)/.exec(output)?.[1];
    if (exit === undefined) return run;
    return { ...run, verdict: exit === "0" ? "passed" : "failed", complete: false };
  }

  // Failure messages are indented under their test; only the unindented lines are the report's own.
  const lines = output.split("\n").filter((line) => !/^\s/.test(line));
  const failing = lines.flatMap((line) => /^(?:FAILED|ERRORED|MISSING) (.+)$/.exec(line)?.[1] ?? []);
  const count = (pattern: RegExp) => lines.reduce((sum, line) => sum + [...line.matchAll(pattern)].reduce((n, match) => n + Number(match[1]), 0), 0);
  const bad = count(/\b(\d+) (?:failed|errored|missing)\b/g);
  const passed = count(/\b(\d+) passed\b/g);
  const complete = !lines.some((line) => /^… and \d+ more not passing/.test(line));
  if (bad > 0 || failing.length > 0) return { ...run, verdict: "failed", failing, complete };
  if (passed > 0) return { ...run, verdict: "passed" };
  return run;
}

/** Whether a run ran the tests of `file` (every test, or the file among its files). */
export function runCovers(run: TestRun, file: string): boolean {
  return run.files === undefined || run.files.includes(file);
}

/** The file part of a `file::name` test id. */
export function testFileOf(id: string): string {
  return id.split("::")[0]!;
}

function filesOf(call: ToolCall): string[] | undefined {
  if (call.name === "run_single_test") return [testFileOf(String(call.arguments.test_id ?? ""))];
  const files = call.arguments.files;
  if (!Array.isArray(files) || files.length === 0) return undefined;
  return files.map((file) => String(file).replace(/^\.\//, ""));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
