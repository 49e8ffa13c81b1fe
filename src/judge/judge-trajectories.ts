import type { KaizenConfig } from "../config/config-schema.js";
import type { Score, Trajectory } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";
import { WorkspacePool } from "../workspace/workspace-pool.js";
import { judgeTrajectory } from "./judge-trajectory.js";
import type { RewardConfig } from "./shaped/reward-config.js";

export interface JudgeTrajectoriesOptions {
  runDir: string;
  config: KaizenConfig;
  store: RunStore;
  trajectories: Trajectory[];
  /** All finished trajectories, for each task's median step count; `trajectories` by default. */
  peers?: Trajectory[];
  rewards: RewardConfig;
  sandbox: boolean;
  jobs?: number;
  onJudged?: (judged: number, total: number) => void;
  /** Something the user should know that does not stop judging. */
  onWarning?: (message: string) => void;
}

/** Judges each finished trajectory and stores its Score, `jobs` at a time; returns the scores. */
export async function judgeTrajectories(options: JudgeTrajectoriesOptions): Promise<Score[]> {
  const { runDir, config, store, rewards, sandbox } = options;
  const queue = options.trajectories.filter((trajectory) => trajectory.outcome);
  const total = queue.length;
  const medians = mediansByTask(options.peers ?? options.trajectories);
  const scores: Score[] = [];
  const pool = new WorkspacePool(runDir);
  const worker = async () => {
    for (let trajectory = queue.shift(); trajectory; trajectory = queue.shift()) {
      const task = store.tasks.get(trajectory.taskId);
      if (!task) {
        options.onWarning?.(`skipping ${trajectory.id}: its task ${trajectory.taskId} is not in this run store`);
        continue;
      }
      const medianSteps = medians.get(task.id);
      const { score } = await judgeTrajectory({ trajectory, task, runDir, config, store, pool, sandbox, rewards, ...(medianSteps === undefined ? {} : { medianSteps }) });
      store.scores.save(score);
      scores.push(score);
      options.onJudged?.(scores.length, total);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs ?? 1, total)) }, worker));
  } finally {
    await pool.close();
  }
  return scores;
}

/** The median step count of each task's trajectories, where a task has two or more. */
function mediansByTask(trajectories: Trajectory[]): Map<string, number> {
  const steps = new Map<string, number[]>();
  for (const trajectory of trajectories) steps.set(trajectory.taskId, [...(steps.get(trajectory.taskId) ?? []), trajectory.steps.length]);
  const medians = new Map<string, number>();
  for (const [task, counts] of steps) {
    if (counts.length < 2) continue;
    const sorted = [...counts].sort((a, b) => a - b);
    medians.set(task, sorted[Math.floor(sorted.length / 2)]!);
  }
  return medians;
}
