import assert from "node:assert/strict";
import { test } from "node:test";
import { kaizenConfig } from "../config/config-schema.js";
import { policyFromOptions } from "../rollout/policies/policy-from-options.js";
import type { RolloutSettings } from "../schema/records.js";
import { minedBugFixTask } from "../testing/mined-bug-fix-task.js";
import { evaluateBenchmark } from "./evaluate-benchmark.js";
import { fixPrivateBenchmark } from "./fix-private-benchmark.js";
import { formatLongitudinalTable, longitudinalTable } from "./longitudinal-table.js";

const SETTINGS: RolloutSettings = { contextWindow: 32_768, keepObservations: 10, maxSteps: 40, maxWallMs: 5 * 60_000, maxObservationChars: 10_000 };

test("scores the oracle and the simulated student on a real held-out task, per round, and a rerun resumes", async (t) => {
  const { runDir, store, task, dispose } = await minedBugFixTask("kaizen-benchmark-");
  t.after(dispose);
  const config = kaizenConfig.parse({});
  const fixed = await fixPrivateBenchmark({ store });
  assert.deepEqual(fixed.splits.map((split) => split.taskId), [task.id], "the one mined task is the newest commit");
  assert.match(fixed.splits[0]!.heldOutBy!, /^newest commits \(committed .* or later\)$/);

  const oracle = policyFromOptions({ config, flags: { policy: "oracle" } });
  const student = policyFromOptions({ config, flags: { policy: "noisy:0.5" } });
  const evaluate = (policy: typeof oracle, roundIndex: number) => evaluateBenchmark({ runDir, config, store, policy, roundIndex, settings: SETTINGS, jobs: 1, sandbox: true });

  const first = await evaluate(oracle, 1);
  assert.equal(first.tasks, 1);
  assert.equal(first.resolved, 1, "the oracle resolves the real task, judged by its tests");
  assert.equal(first.solveRate, 1);
  assert.ok(first.meanReward > 0);
  assert.equal(first.hackFlagged, 0);
  assert.equal(first.policyLabel, "oracle");
  assert.deepEqual(first.policy, { kind: "oracle" });
  const [oracleRow] = first.perTask;
  assert.equal(oracleRow!.taskId, task.id);
  assert.equal(store.trajectories.get(oracleRow!.trajectoryId)!.outcome!.exitReason, "submitted");
  assert.equal(store.scores.get(oracleRow!.trajectoryId)!.resolved, true);

  const simulated = await evaluate(student, 1);
  assert.equal(simulated.policyLabel, "simulated-student(ε=0.5)");
  assert.deepEqual(simulated.policy, { kind: "scripted", model: "simulated-student(ε=0.5)" });
  const studentTrajectory = store.trajectories.get(simulated.perTask[0]!.trajectoryId)!;
  assert.ok(studentTrajectory.steps.every((step) => step.actor === "scripted"));
  assert.equal(simulated.resolved, store.scores.get(studentTrajectory.id)!.resolved ? 1 : 0);

  // Round 2 rolls out afresh: a new trajectory, a second row per policy, deltas against round 1.
  const second = await evaluate(oracle, 2);
  assert.notEqual(second.perTask[0]!.trajectoryId, oracleRow!.trajectoryId);
  assert.equal(store.trajectories.count(), 3);
  const secondStudent = await evaluate(student, 2);
  assert.equal(store.trajectories.count(), 4);

  // Scoring round 1 again reuses its finished trajectory and replaces its result.
  const rerun = await evaluate(oracle, 1);
  assert.equal(store.trajectories.count(), 4);
  assert.equal(rerun.id, first.id);
  assert.equal(rerun.perTask[0]!.trajectoryId, oracleRow!.trajectoryId);
  assert.equal(store.benchmarkResults.count(), 4);

  const table = longitudinalTable(store);
  assert.deepEqual(
    table.map((row) => [row.roundIndex, row.policyLabel, row.resolved, row.tasks]),
    [
      [1, "oracle", 1, 1],
      [1, "simulated-student(ε=0.5)", simulated.resolved, 1],
      [2, "oracle", 1, 1],
      [2, "simulated-student(ε=0.5)", secondStudent.resolved, 1],
    ],
  );
  assert.equal(table[0]!.solveRateDelta, undefined);
  assert.equal(table[2]!.solveRateDelta, 0);
  assert.equal(table[3]!.solveRateDelta, secondStudent.solveRate - simulated.solveRate);
  const printed = formatLongitudinalTable(table);
  assert.match(printed[0]!, /round\s+policy\s+resolved\s+solve rate\s+Δ vs previous\s+mean reward\s+hack-flagged/);
  assert.match(printed[3]!, /^\s*2\s+oracle\s+1\/1\s+100\.0%\s+\+0\.0 pt/);
});
