import assert from "node:assert/strict";
import { test } from "node:test";
import type { Observation, ToolCall } from "../../schema/records.js";
import { readTestRun } from "./read-test-run.js";

const call = (name: string, args: Record<string, unknown> = {}): ToolCall => ({ id: "c1", name, arguments: args });
const seen = (content: string, isError = false): Observation => ({ toolCallId: "c1", tool: "x", content, truncated: false, masked: false, isError, sources: [] });

test("run_tests output as describeTestRun prints it, and in the short form", () => {
  const failed = readTestRun({
    call: call("run_tests", { files: ["./test/money.test.ts"] }),
    observation: seen("4 tests: 1 failed, 3 passed (exit code 1, 0.4 s)\nFAILED test/money.test.ts::adds\n    expected 3 passed, got 1 failed\n3 passed"),
  });
  assert.deepEqual({ ...failed, output: undefined }, { verdict: "failed", failing: ["test/money.test.ts::adds"], passing: [], files: ["test/money.test.ts"], complete: true, output: undefined });
  assert.equal(readTestRun({ call: call("run_tests"), observation: seen("3 passed, 1 failed") })?.verdict, "failed");
  assert.equal(readTestRun({ call: call("run_tests"), observation: seen("4 tests: 4 passed (exit code 0, 0.2 s)\n4 passed") })?.verdict, "passed");
  assert.equal(readTestRun({ call: call("run_tests"), observation: seen("0 tests (exit code 1, 0.1 s)\n0 passed") })?.verdict, "inconclusive");
  const many = readTestRun({ call: call("run_tests"), observation: seen("40 tests: 40 failed (exit code 1, 1 s)\nFAILED a::b\n… and 39 more not passing; run fewer files to see them\n0 passed") });
  assert.equal(many?.complete, false);
});

test("a single test, a coverage run, a refused call and a tool that runs no tests", () => {
  assert.deepEqual(readTestRun({ call: call("run_single_test", { test_id: "t.py::a" }), observation: seen("t.py::a: passed (0.01 s)") })?.passing, ["t.py::a"]);
  assert.equal(readTestRun({ call: call("run_tests_with_coverage"), observation: seen("coverage run with jest (exit code 1, 2.0 s)\n…") })?.verdict, "failed");
  assert.equal(readTestRun({ call: call("run_tests", { files: ["nope.ts"] }), observation: seen("nope.ts does not exist", true) })?.verdict, "inconclusive");
  assert.equal(readTestRun({ call: call("bash", { command: "npm test" }), observation: seen("exit code 1") }), undefined);
});
