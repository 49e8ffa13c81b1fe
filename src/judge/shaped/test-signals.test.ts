import assert from "node:assert/strict";
import { test } from "node:test";
import { rewardConfig } from "./reward-config.js";
import { scriptedTask, scriptedTrajectory, type ScriptedStep } from "../../testing/scripted-trajectory.js";
import { branchCoverage, testSignals } from "./test-signals.js";
import { trajectoryFacts } from "./trajectory-facts.js";

const { thresholds } = rewardConfig.parse({});
const task = scriptedTask({ files: ["src/money.ts"] });
const testing = (steps: ScriptedStep[], patch = "") => testSignals(trajectoryFacts({ trajectory: scriptedTrajectory({ steps, patch }), task, resolved: true, thresholds }));

const ID = "test/money.test.ts::rounds";
const writeTest: ScriptedStep = { calls: [["edit", { path: "test/money.test.ts", old_string: "", new_string: "test('rounds', …)" }, "created test/money.test.ts"]] };
const single = (status: string): ScriptedStep => ({ calls: [["run_single_test", { test_id: ID }, `${ID}: ${status} (0.01 s)`]] });
const ADDED_TEST = ["--- /dev/null", "+++ b/test/money.test.ts", "@@ -0,0 +1,3 @@", "+test('rounds', () => {", "+  assert.equal(round(0.5), 1);", "+});", ""].join("\n");

test("an agent's test that fails and passes on the same code is flaky", () => {
  const flaky = testing([writeTest, single("failed"), single("passed")], ADDED_TEST);
  assert.equal(flaky.flaky_test.count, 1);
  assert.equal(flaky.flaky_test.evidence, `${ID} failed at step 1 and passed at step 2 with no change in between`);

  const passedFirst = testing([writeTest, { calls: [["run_tests", { files: ["test/money.test.ts"] }, "1 test: 1 passed (exit code 0, 0.1 s)\n1 passed"]] }, single("failed")], ADDED_TEST);
  assert.equal(passedFirst.flaky_test.count, 1);

  const fixedInBetween = testing([writeTest, single("failed"), { calls: [["edit", { path: "src/money.ts", old_string: "floor", new_string: "round" }, "edited"]] }, single("passed")], ADDED_TEST);
  assert.equal(fixedInBetween.flaky_test.count, 0);
  assert.equal(fixedInBetween.repro_test.count, 1);
  assert.equal(fixedInBetween.test_catches_bug.count, 1);
  assert.equal(fixedInBetween.test_written.count, 1);
});

test("a written test that no run after the last edit passed earns nothing", () => {
  const unchecked = testing([writeTest, { calls: [["edit", { path: "src/money.ts", old_string: "floor", new_string: "round" }, "edited"]] }], ADDED_TEST);
  assert.equal(unchecked.test_written.count, 0);
  assert.equal(unchecked.test_written.evidence, "no test run after the last edit passed the added tests");
});

test("an added assertion the test file already had is redundant", () => {
  const read: ScriptedStep = { calls: [["read_file", { path: "test/money.test.ts" }, "test/money.test.ts (lines 1-2 of 2)\n    1│test('rounds up', () => {\n    2│  assert.equal(round(0.5), 1);"]] };
  const redundant = testing([read, writeTest], ADDED_TEST.replace("--- /dev/null", "--- a/test/money.test.ts"));
  assert.equal(redundant.redundant_test.count, 1);
  assert.equal(redundant.redundant_test.evidence, "test/money.test.ts adds `assert.equal(round(0.5), 1);`, an assertion the file already had");
  assert.equal(testing([writeTest], ADDED_TEST).redundant_test.count, 0);
});

test("branch coverage comes from the all-files row of a node:test, jest or vitest table", () => {
  const jest = [
    "----------|---------|----------|---------|---------|-------------------",
    "File      | % Stmts | % Branch | % Funcs | % Lines | Uncovered Line #s",
    "----------|---------|----------|---------|---------|-------------------",
    "All files |   85.71 |    66.66 |     100 |   85.71 |",
    " money.js |   85.71 |    66.66 |     100 |   85.71 | 12",
  ].join("\n");
  assert.equal(branchCoverage(jest), 66.66);
  assert.equal(branchCoverage("# all files | 100.00 | 92.31 | 100.00 |\n".replace(/^/, "# file | line % | branch % | funcs % | uncovered lines\n")), 92.31);
  assert.equal(branchCoverage("TOTAL    120     12    90%"), undefined, "pytest-cov prints no branch column by default");
});
