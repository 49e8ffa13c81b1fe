import assert from "node:assert/strict";
import { test } from "node:test";
import { recoverySignals } from "./recovery-signals.js";
import { rewardConfig } from "./reward-config.js";
import { scriptedTask, scriptedTrajectory, type ScriptedStep } from "../../testing/scripted-trajectory.js";
import { trajectoryFacts } from "./trajectory-facts.js";

const { thresholds } = rewardConfig.parse({});
const task = scriptedTask({ files: ["src/money.ts"] });
const recovery = (steps: ScriptedStep[], resolved = true) => recoverySignals(trajectoryFacts({ trajectory: scriptedTrajectory({ steps }), task, resolved, thresholds }));
const edit = (from: string, to: string): ScriptedStep => ({ calls: [["edit", { path: "src/money.ts", old_string: from, new_string: to }, "edited src/money.ts"]] });
const runTests = (output: string): ScriptedStep => ({ calls: [["run_tests", {}, output]] });
const FAILED = "4 tests: 1 failed, 3 passed (exit code 1, 0.4 s)\nFAILED test/money.test.ts::adds\n3 passed";
const PASSED = "4 tests: 4 passed (exit code 0, 0.3 s)\n4 passed";

test("running the tests after each edit is not an echo; the same failing call three times on unchanged files is", () => {
  const verified = recovery([edit("a", "b"), runTests(FAILED), edit("b", "c"), runTests(FAILED), edit("c", "d"), runTests(PASSED)]);
  assert.equal(verified.echo_penalty.count, 0);

  const stuck: ScriptedStep = { calls: [["edit", { path: "src/money.ts", old_string: "nope", new_string: "x" }, "old_string was not found in src/money.ts", { error: true }]] };
  const echoed = recovery([stuck, stuck, stuck]);
  assert.equal(echoed.echo_penalty.count, 1);
  assert.match(echoed.echo_penalty.evidence, /^edit \{"new_string":"x","old_string":"nope","path":"src\/money.ts"\} made 3 times with no edit in between \(steps 0, 1 and 2\)$/);

  const rerun: ScriptedStep = { calls: [["bash", { command: "npm test" }, "exit code 1"]] };
  assert.equal(recovery([rerun, rerun, rerun]).echo_penalty.count, 1, "a bash command does not excuse its own repeats");
});

test("an edit that puts the old text back, or a reversed patch, is a revert", () => {
  const undone = recovery([edit("a - b", "a * b"), runTests(FAILED), edit("a * b", "a - b"), edit("a - b", "a + b"), runTests(PASSED)]);
  assert.equal(undone.clean_revert.count, 1);
  assert.equal(undone.clean_revert.evidence, "step 2 reverted (edit putting back what step 0 changed), then step 3 tried a different edit");
  assert.equal(undone.correct_backtrack.count, 1);

  const patch = (sign: string, back = false) =>
    ["--- a/src/money.ts", "+++ b/src/money.ts", "@@ -1 +1 @@", back ? `-a ${sign} b` : "-a - b", back ? "+a - b" : `+a ${sign} b`, ""].join("\n");
  const applied = (diff: string): ScriptedStep => ({ calls: [["apply_patch", { patch: diff }, "applied the patch to 1 file"]] });
  const reversed = recovery([applied(patch("*")), runTests(FAILED), applied(patch("*", true)), applied(patch("+")), runTests(PASSED)]);
  assert.equal(reversed.clean_revert.count, 1);

  // Putting the same change back is no different attempt.
  const again = recovery([edit("a - b", "a * b"), { calls: [["bash", { command: "git restore src/money.ts" }, "exit code 0"]] }, edit("a - b", "a * b")]);
  assert.equal(again.clean_revert.count, 0);
  assert.equal(recovery([{ calls: [["bash", { command: "git checkout -b fix" }, "exit code 0"]] }]).clean_revert.evidence, "no revert");
});

test("a backtrack counts as correct only when the task ends resolved", () => {
  const steps = [edit("a", "b"), runTests(FAILED), { calls: [["bash", { command: "git checkout -- src/money.ts" }, "exit code 0"]] }, edit("a", "c"), runTests(PASSED)] satisfies ScriptedStep[];
  assert.equal(recovery(steps, true).correct_backtrack.count, 1);
  assert.equal(recovery(steps, false).correct_backtrack.count, 0);
  assert.equal(recovery(steps, false).recovery.evidence, "not resolved");
});

test("the same error more than five times is an infinite retry; run timings do not make errors differ", () => {
  const failures = (count: number) => Array.from({ length: count }, (_, i) => [edit(`v${i}`, `v${i + 1}`), runTests(FAILED.replace("0.4 s", `${i}.${i} s`))]).flat();
  assert.equal(recovery(failures(5)).infinite_retry.count, 0);
  const looped = recovery(failures(6));
  assert.equal(looped.infinite_retry.count, 1);
  assert.match(looped.infinite_retry.evidence, /^the same error came back 6 times \(steps 1, 3, 5, 7, 9 and 11\): 4 tests: 1 failed/);
});

test("saying it could not fix the bug is recorded, and verification needs a run after the last edit", () => {
  const gaveUp = recovery([edit("a", "b"), runTests(PASSED), edit("b", "c"), { calls: [["submit", { summary: "I was unable to fix the rounding bug." }, "submitted"]] }]);
  assert.equal(gaveUp.escalation.count, 1);
  assert.equal(gaveUp.escalation.evidence, 'the agent said it could not finish: "unable to fix" (neutral)');
  assert.equal(gaveUp.verify_before_proceed.count, 0);
  assert.equal(gaveUp.verify_before_proceed.evidence, "no test run after the last edit (step 2)");
});
