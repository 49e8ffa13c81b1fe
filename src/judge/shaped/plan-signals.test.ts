import assert from "node:assert/strict";
import { test } from "node:test";
import { planSignals } from "./plan-signals.js";
import { rewardConfig } from "./reward-config.js";
import { scriptedTask, scriptedTrajectory, type ScriptedStep } from "../../testing/scripted-trajectory.js";
import { trajectoryFacts } from "./trajectory-facts.js";

const { thresholds } = rewardConfig.parse({});
const task = scriptedTask({ files: ["src/money.ts"] });
const PATCH = ["--- a/src/money.ts", "+++ b/src/money.ts", "@@ -1 +1 @@", "-a", "+b", "--- a/src/util.ts", "+++ b/src/util.ts", "@@ -1 +1 @@", "-a", "+b", ""].join("\n");
const plans = (steps: ScriptedStep[]) => planSignals(trajectoryFacts({ trajectory: scriptedTrajectory({ steps, patch: PATCH }), task, resolved: true, thresholds, medianSteps: 2 }));
const edit = (path: string): ScriptedStep => ({ calls: [["edit", { path, old_string: "a", new_string: "b" }, `edited ${path}`]] });

test("a plan after the first edit is not a plan first; unplanned files and skipped steps cost their bonuses", () => {
  const signals = plans([
    edit("src/money.ts"),
    { reasoning: "**Plan**:\n1. Edit `src/money.ts` (edit)\n2. Read `src/ledger.ts` (read_file)\n3. Tidy up", calls: [["edit", { path: "src/util.ts", old_string: "a", new_string: "b" }, "edited"]] },
  ]);
  assert.equal(signals.plan_present.evidence, "the first plan (step 1) came after the first edit (step 0)");
  assert.equal(signals.plan_accurate.count, 0);
  assert.equal(
    signals.plan_accurate.evidence,
    '0 of 3 steps of the plan at step 1 were carried out (0%, more than 70% earns it); not done: "Edit `src/money.ts` (edit)", "Read `src/ledger.ts` (read_file)", "Tidy up"',
  );
  assert.equal(signals.no_unnecessary_changes.evidence, "changed files not named in any plan: src/util.ts");
  assert.equal(signals.fewer_iterations.evidence, "2 steps; the task's median is 2");
});
