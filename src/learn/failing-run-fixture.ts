import type { Score, Task } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";
import { scriptedTask, scriptedTrajectory, type ScriptedStep } from "../testing/scripted-trajectory.js";

const AT = "2026-01-01T00:00:00.000Z";
const COMMIT = "0123456789abcdef0123456789abcdef01234567";

const editMoney: ScriptedStep = { calls: [["edit", { path: "src/money.ts", old_string: "a", new_string: "b" }, "edited"]] };
const editCart: ScriptedStep = { calls: [["edit", { path: "src/cart.ts", old_string: "a", new_string: "b" }, "edited"]] };
const runTests: ScriptedStep = { calls: [["run_tests", {}, "3 tests: 3 passed"]] };

/**
 * For the learn tests: a run store with scripted trajectories and hand-written scores on five
 * tasks — two injected bugs in `money` (flip-comparison, change-operator), one mined fix in `cart`,
 * an impossible task and a private-benchmark task. Untested money edits fail three times, a tested
 * one succeeds; the cart fix is tested but incomplete.
 */
export function writeFailingRun(store: RunStore): void {
  const task = (id: string, file: string, symbol: string, origin: Task["origin"], bugClass?: string): Task => {
    const base = scriptedTask({ files: [file], failToPass: [`test/${id}.test.ts::fails`] });
    return {
      ...base,
      id,
      origin,
      scope: { files: [file], symbols: [{ name: symbol, kind: "method", file, change: "modified" }] },
      labels: { ...base.labels, kind: origin === "injected" ? "injected-bug" : "bug-fix", ...(bugClass ? { bugClass } : {}) },
    };
  };
  const tasks = [
    task("money-1", "src/money.ts", "money.Money.add", "injected", "flip-comparison"),
    task("money-2", "src/money.ts", "money.Money.compare", "injected", "change-operator"),
    task("cart-1", "src/cart.ts", "cart.total", "commit"),
    task("impossible-1", "src/money.ts", "money.Money.add", "impossible"),
    task("bench-1", "src/money.ts", "money.Money.add", "commit"),
  ];
  store.repos.save({ name: "acme/ledger", source: "/repos/ledger", addedAt: AT });
  for (const saved of tasks) store.tasks.save(saved);
  store.taskSplits.save({ taskId: "bench-1", split: "benchmark", lineage: [], assignedAt: AT });
  for (const [taskId, operator] of [["money-1", "flip-comparison"], ["money-2", "change-operator"]] as const) {
    store.candidates.save({ id: `candidate-${taskId}`, origin: "injected", repo: "acme/ledger", commit: COMMIT, operator, subject: operator, kind: "injected-bug", evidence: [], decision: "task", taskId, gates: [], decidedAt: AT });
  }

  const rollouts: { id: string; taskId: string; steps: ScriptedStep[]; file: string; resolved: boolean }[] = [
    { id: "t1", taskId: "money-1", steps: [editMoney], file: "src/money.ts", resolved: false },
    { id: "t2", taskId: "money-1", steps: [editMoney], file: "src/money.ts", resolved: false },
    { id: "t3", taskId: "money-1", steps: [runTests, editMoney, runTests], file: "src/money.ts", resolved: true },
    { id: "t4", taskId: "money-2", steps: [editMoney], file: "src/money.ts", resolved: false },
    { id: "t5", taskId: "cart-1", steps: [runTests, editCart, runTests], file: "src/cart.ts", resolved: false },
    { id: "t6", taskId: "impossible-1", steps: [editMoney], file: "src/money.ts", resolved: false },
    { id: "t7", taskId: "bench-1", steps: [editMoney], file: "src/money.ts", resolved: false },
  ];
  for (const rollout of rollouts) {
    const patch = `diff --git a/${rollout.file} b/${rollout.file}\n--- a/${rollout.file}\n+++ b/${rollout.file}\n@@ -1 +1 @@\n-a\n+b\n`;
    store.trajectories.save({ ...scriptedTrajectory({ steps: rollout.steps, patch }), id: rollout.id, taskId: rollout.taskId });
    const failToPass = `test/${rollout.taskId}.test.ts::fails`;
    const symbol = tasks.find((candidate) => candidate.id === rollout.taskId)!.scope.symbols[0]!.name;
    const score: Score = {
      trajectoryId: rollout.id,
      resolved: rollout.resolved,
      reward: rollout.resolved ? 1.5 : 0,
      components: rollout.resolved ? { outcome: 1, plan_present: 0.1, verify_before_proceed: 0.05, navigation_efficiency: 0.1, recovery: 0.2 } : { outcome: 0 },
      evidence: { scope_symbols: `changed ${symbol}; the fix changes ${symbol}; 1 in common` },
      hackFlags: [],
      tests: { [failToPass]: rollout.resolved ? "passed" : "failed" },
      scope: { precision: 1, recall: 1 },
      plan: null,
      judgedAt: AT,
    };
    store.scores.save(score);
  }
}
