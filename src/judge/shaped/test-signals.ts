import { isTestPath } from "../../tasks/is-test-path.js";
import { runCovers, testFileOf, type TestRun } from "./read-test-run.js";
import type { TimelineCall } from "./tool-timeline.js";
import { listOf, type SignalFinding, type TrajectoryFacts } from "./trajectory-facts.js";

export type TestSignal = "test_written" | "test_catches_bug" | "repro_test" | "test_coverage" | "flaky_test" | "redundant_test";

const ASSERTION = /\b(?:assert\w*|expect|should)\b|\bt\.(?:Error|Fatal)f?\(/;

/**
 * Seed 002's testing table, read from the test runs the agent made: whether the tests it wrote
 * fail before its fix and pass after, cover branches, are stable, and say something new. The judge
 * does not re-run the agent's tests, so a test the agent never ran earns nothing here.
 */
export function testSignals(facts: TrajectoryFacts): Record<TestSignal, SignalFinding> {
  const { calls, patch, resolved, thresholds } = facts;
  const written = patch.filter((file) => file.isTest && file.added.length > 0).map((file) => file.path);
  const touched = new Set([...written, ...calls.flatMap((call) => call.edited.filter(isTestPath))]);
  const edits = calls.filter((call) => call.edited.length > 0);
  const lastEdit = edits.at(-1);
  const firstFix = edits.find((call) => call.edited.some((path) => !isTestPath(path)));
  const runs = calls.filter((call): call is TimelineCall & { testRun: TestRun } => call.testRun !== undefined && call.testRun.verdict !== "inconclusive");
  const none = (evidence: string): SignalFinding => ({ count: 0, evidence });

  let test_written = none(written.length === 0 ? "the patch adds no test code" : "no test run after the last edit passed the added tests");
  if (written.length > 0 && lastEdit) {
    const check = runs.find((run) => run.position > lastEdit.position && written.some((file) => passesFile(run.testRun, file)));
    if (check) {
      test_written = resolved
        ? { count: 1, evidence: `the patch adds tests in ${listOf(written)}; step ${check.step} passed them after the last edit` }
        : none(`step ${check.step} passed the added tests, but the task was not resolved`);
    }
  }

  // A test of the agent's failing before its first change to non-test code: the test caught the bug.
  const caught = firstFix
    ? runs.flatMap((run) => {
        if (run.position > firstFix.position) return [];
        const writtenBy = (id: string) => edits.some((edit) => edit.position < run.position && edit.edited.includes(testFileOf(id)));
        return run.testRun.failing.filter((id) => touched.has(testFileOf(id)) && writtenBy(id)).map((id) => ({ run, id }));
      })
    : [];
  const test_catches_bug = caught[0]
    ? resolved
      ? { count: 1, evidence: `step ${caught[0].run.step}: the agent's test ${caught[0].id} failed before the fix (step ${firstFix!.step}), and the fix resolved the task` }
      : none(`step ${caught[0].run.step}: the agent's test ${caught[0].id} failed before the fix, but the task was not resolved`)
    : none(firstFix ? "no test the agent wrote failed before its fix" : "no change to non-test code");

  let repro_test = none(caught.length > 0 ? "the tests that failed before the fix were not seen passing after it" : "no test the agent wrote failed before its fix");
  for (const { run, id } of caught) {
    const after = runs.find((later) => later.position > firstFix!.position && passesTest(later.testRun, id));
    if (!after) continue;
    repro_test = { count: 1, evidence: `${id} failed at step ${run.step}, before the fix (step ${firstFix!.step}), and passed at step ${after.step}` };
    break;
  }

  const coverageRun = lastEdit && calls.filter((call) => call.call.name === "run_tests_with_coverage" && !call.failed && call.position > lastEdit.position).at(-1);
  const branches = coverageRun ? branchCoverage(coverageRun.observation?.content ?? "") : undefined;
  const test_coverage: SignalFinding =
    written.length === 0
      ? none("the patch adds no test code")
      : !coverageRun
        ? none("no coverage run after the last edit")
        : branches === undefined
          ? none(`the coverage report at step ${coverageRun.step} has no all-files branch column`)
          : {
              count: branches >= thresholds.branchCoverage * 100 ? 1 : 0,
              evidence: `step ${coverageRun.step}: ${branches}% of branches covered (${thresholds.branchCoverage * 100}% earns it)`,
            };

  const flaky = findFlaky(calls, touched);
  const flaky_test: SignalFinding = flaky
    ? { count: 1, evidence: `${flaky.id} failed at step ${flaky.failed} and passed at step ${flaky.passed} with no change in between` }
    : none("no test of the agent's both failed and passed on the same code");

  const repeated = findRepeatedAssertion(facts);
  const redundant_test: SignalFinding = repeated
    ? { count: 1, evidence: `${repeated.path} adds \`${repeated.line}\`, an assertion the file already had` }
    : none(written.length === 0 ? "the patch adds no test code" : "no added assertion repeats an existing one");

  return { test_written, test_catches_bug, repro_test, test_coverage, flaky_test, redundant_test };
}

/** The run passed every test of `file` it ran. */
function passesFile(run: TestRun, file: string): boolean {
  if (!runCovers(run, file)) return false;
  if (run.verdict === "passed") return true;
  return run.verdict === "failed" && run.complete && run.failing.length > 0 && !run.failing.some((id) => testFileOf(id) === file);
}

function passesTest(run: TestRun, id: string): boolean {
  if (run.passing.includes(id)) return true;
  return passesFile(run, testFileOf(id)) || (runCovers(run, testFileOf(id)) && run.verdict === "failed" && run.complete && run.failing.length > 0 && !run.failing.includes(id));
}

/** A test of the agent's that failed and passed between the same two changes to the files. */
function findFlaky(calls: TimelineCall[], touched: Set<string>): { id: string; failed: number; passed: number } | undefined {
  let failedAt = new Map<string, number>();
  let passedAt = new Map<string, number>();
  let filePassedAt = new Map<string, number>();
  for (const call of calls) {
    if (call.edited.length > 0 || call.kind === "shell") {
      failedAt = new Map();
      passedAt = new Map();
      filePassedAt = new Map();
      continue;
    }
    const run = call.testRun;
    if (!run || run.verdict === "inconclusive") continue;
    for (const id of run.failing) {
      if (!touched.has(testFileOf(id))) continue;
      const passed = filePassedAt.get(testFileOf(id));
      if (passed !== undefined) return { id, failed: call.step, passed };
      failedAt.set(id, call.step);
    }
    for (const file of touched) if (passesFile(run, file)) filePassedAt.set(file, call.step);
    for (const id of new Set([...failedAt.keys(), ...passedAt.keys(), ...run.passing])) {
      if (touched.has(testFileOf(id)) && passesTest(run, id)) passedAt.set(id, call.step);
    }
    for (const [id, failed] of failedAt) {
      const passed = passedAt.get(id);
      if (passed !== undefined) return { id, failed, passed };
    }
  }
  return undefined;
}

/** An assertion line the patch adds to a test file that the file already had (in the diff's context or a read before the first edit). */
function findRepeatedAssertion({ patch, calls }: TrajectoryFacts): { path: string; line: string } | undefined {
  for (const file of patch.filter((candidate) => candidate.isTest)) {
    const firstEdit = calls.find((call) => call.edited.includes(file.path));
    const seen = calls
      .filter((call) => call.read?.path === file.path && (!firstEdit || call.position < firstEdit.position))
      .flatMap((call) => (call.observation?.content ?? "").split("\n").flatMap((line) => /^\s*\d+│(.*)$/.exec(line)?.[1] ?? []));
    const existing = new Set([...file.context, ...file.removed, ...seen].map((line) => line.trim()));
    const line = file.added.map((added) => added.trim()).find((added) => ASSERTION.test(added) && existing.has(added));
    if (line) return { path: file.path, line };
  }
  return undefined;
}

/** The all-files branch percentage of a coverage table (node:test, jest, vitest); undefined without one. */
export function branchCoverage(output: string): number | undefined {
  const rows = output.split("\n").map((line) => line.replace(/^\s*[#ℹ]\s?/, "").split("|").map((cell) => cell.trim()));
  const header = rows.find((cells) => cells.length > 2 && cells.some((cell) => /branch/i.test(cell)));
  const total = rows.find((cells) => cells.length > 2 && /^all files$/i.test(cells[0] ?? ""));
  if (!header || !total) return undefined;
  const value = Number.parseFloat(total[header.findIndex((cell) => /branch/i.test(cell))] ?? "");
  return Number.isFinite(value) ? value : undefined;
}
