import type { RunStore } from "../store/run-store.js";

/** The mutation operator that made each injected task (`combine` for combined bugs), from `kaizen inject`'s candidate records. */
export function operatorsByTask(store: RunStore): Map<string, string[]> {
  const operators = new Map<string, string[]>();
  for (const candidate of store.candidates.list({ decision: "task" })) {
    if (candidate.taskId && candidate.operator) operators.set(candidate.taskId, [candidate.operator]);
  }
  return operators;
}
