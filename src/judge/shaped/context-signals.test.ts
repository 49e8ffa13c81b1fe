import assert from "node:assert/strict";
import { test } from "node:test";
import { contextSignals } from "./context-signals.js";
import { rewardConfig } from "./reward-config.js";
import { scriptedTask, scriptedTrajectory, type ScriptedStep } from "../../testing/scripted-trajectory.js";
import { shapedSignals } from "./shaped-signals.js";
import { trajectoryFacts } from "./trajectory-facts.js";

const config = rewardConfig.parse({});
const task = scriptedTask({ files: ["src/money.ts"] });
const read = (masked = false, start?: number): ScriptedStep => ({
  calls: [["read_file", { path: "src/money.ts", ...(start ? { start_line: start, end_line: start + 9 } : {}) }, "src/money.ts (lines 1-10 of 10)", { masked }]],
});

test("re-reads count per occurrence up to the cap; a masked earlier read or another range is no re-read", () => {
  const trajectory = scriptedTrajectory({ steps: [read(), read(), read(), read(), read(), read(), read(false, 20)] });
  const signals = shapedSignals({ trajectory, task, resolved: true, config });
  assert.equal(signals.components.reread_penalty, -0.2);
  assert.match(signals.evidence.reread_penalty!, /\(5 counted as 4, the cap\)$/);

  const refreshed = contextSignals(trajectoryFacts({ trajectory: scriptedTrajectory({ steps: [read(true), read()] }), task, resolved: true, thresholds: config.thresholds }));
  assert.equal(refreshed.reread_penalty.count, 0);
});

test("ending on the token budget is an overflow", () => {
  const facts = trajectoryFacts({ trajectory: scriptedTrajectory({ steps: [read()], exitReason: "token-budget" }), task, resolved: false, thresholds: config.thresholds });
  assert.deepEqual(contextSignals(facts).no_context_overflow, { count: 0, evidence: "the rollout ended on the token budget" });
});
