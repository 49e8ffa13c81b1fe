import type { KaizenConfig } from "../config/config-schema.js";
import type { Trajectory } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";
import { WorkspacePool } from "../workspace/workspace-pool.js";
import { judgeOutcome, type Outcome } from "./judge-outcome.js";

export interface JudgeOutcomesOptions {
  runDir: string;
  config: KaizenConfig;
  store: RunStore;
  trajectories: Trajectory[];
  sandbox: boolean;
  jobs?: number;
  onJudged?: (judged: number, total: number) => void;
}

export interface OutcomeTally {
  total: number;
  resolved: number;
  outcomes: Map<string, Outcome>;
}

/** The verifiable outcome of each finished trajectory's final patch, `jobs` at a time. */
export async function judgeOutcomes({ runDir, config, store, trajectories, sandbox, jobs = 1, onJudged }: JudgeOutcomesOptions): Promise<OutcomeTally> {
  const finished = trajectories.filter((trajectory) => trajectory.outcome);
  const outcomes = new Map<string, Outcome>();
  const queue = [...finished];
  const pool = new WorkspacePool(runDir);
  const worker = async () => {
    for (let trajectory = queue.shift(); trajectory; trajectory = queue.shift()) {
      const task = store.tasks.get(trajectory.taskId)!;
      const source = store.repos.get(task.repo)!.source;
      outcomes.set(trajectory.id, await judgeOutcome({ task, patch: trajectory.outcome!.patch, runDir, config, store, pool, sandbox, source }));
      onJudged?.(outcomes.size, finished.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, finished.length)) }, worker));
  } finally {
    await pool.close();
  }
  return { total: finished.length, resolved: [...outcomes.values()].filter((outcome) => outcome.resolved).length, outcomes };
}
