import type { KaizenConfig } from "../config/config-schema.js";
import { judgeTrajectories } from "../judge/judge-trajectories.js";
import { loadRewardConfig, type RewardConfig } from "../judge/shaped/reward-config.js";
import type { Policy } from "../rollout/policies/policy.js";
import { runRollouts, type RolloutJob } from "../rollout/run-rollouts.js";
import type { BenchmarkResult, RolloutSettings, Task, Trajectory } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";
import { UserError } from "../user-error.js";

/** The policy to score, in the shape runRollouts takes (policyFromOptions and the loop make one). */
export interface BenchmarkPolicy {
  label: string;
  makePolicy: (job: RolloutJob) => Policy;
  describePolicy: (job: RolloutJob) => Trajectory["policy"];
}

export interface BenchmarkProgress {
  stage: "rollouts" | "judging";
  done: number;
  total: number;
}

export interface EvaluateBenchmarkOptions {
  runDir: string;
  config: KaizenConfig;
  store: RunStore;
  policy: BenchmarkPolicy;
  /** The round being scored; its trajectories are its own, so each round's score is fresh. */
  roundId?: string;
  /** The round's position in the longitudinal table; read from the stored round when only its id is given. */
  roundIndex?: number;
  settings: RolloutSettings;
  jobs: number;
  sandbox: boolean;
  /** The reward table (the defaults when absent). */
  rewards?: RewardConfig;
  onProgress?: (progress: BenchmarkProgress) => void;
  /** Something the user should know that does not stop the evaluation. */
  onWarning?: (message: string) => void;
}

/**
 * Scores a policy on the private benchmark for one round: one rollout per benchmark task (with
 * ids of their own per round, so a rerun of the round resumes instead of duplicating and a later
 * round rolls out afresh), each judged by its tests, and the result stored under an id made of
 * the round and the policy label, so scoring the same round again replaces it.
 */
export async function evaluateBenchmark(options: EvaluateBenchmarkOptions): Promise<BenchmarkResult> {
  const { store, policy } = options;
  const tasks = benchmarkTasks(store, options.onWarning);
  if (tasks.length === 0) {
    throw new UserError("the private benchmark holds no tasks", "fix it first (kaizen eval fixes it from tasks not yet on train or eval), after kaizen mine or kaizen inject");
  }
  const roundIndex = options.roundIndex ?? (options.roundId ? store.rounds.get(options.roundId)?.index : undefined) ?? 0;
  const roundKey = options.roundId ?? `round-${roundIndex}`;
  // The label is what trajectory ids are made of: the round in it keeps rounds apart.
  const makePolicy = (job: RolloutJob): Policy => withLabel(policy.makePolicy(job), `benchmark-${roundKey}:${policy.label}`);

  const summary = await runRollouts({
    runDir: options.runDir,
    config: options.config,
    store,
    tasks,
    makePolicy,
    describePolicy: policy.describePolicy,
    samples: 1,
    settings: options.settings,
    jobs: options.jobs,
    sandbox: options.sandbox,
    ...(options.roundId ? { roundId: options.roundId } : {}),
    onProgress: (progress) => options.onProgress?.({ stage: "rollouts", done: progress.done, total: progress.total }),
  });
  const trajectories = summary.trajectoryIds.map((id) => store.trajectories.get(id)!);
  const unjudged = trajectories.filter((trajectory) => trajectory.outcome && !store.scores.get(trajectory.id));
  await judgeTrajectories({
    runDir: options.runDir,
    config: options.config,
    store,
    trajectories: unjudged,
    peers: trajectories,
    rewards: options.rewards ?? loadRewardConfig({}),
    sandbox: options.sandbox,
    jobs: options.jobs,
    onJudged: (done, total) => options.onProgress?.({ stage: "judging", done, total }),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });

  const perTask = trajectories.map((trajectory) => {
    const score = store.scores.get(trajectory.id);
    if (!score) throw new Error(`benchmark trajectory ${trajectory.id} has no score after judging`);
    return { taskId: trajectory.taskId, trajectoryId: trajectory.id, resolved: score.resolved, reward: score.reward, hacked: score.hackFlags.length > 0 };
  });
  const resolved = perTask.filter((row) => row.resolved).length;
  const { sample: _sample, ...described } = policy.describePolicy({ task: tasks[0]!, sample: 0 });
  return store.benchmarkResults.save({
    id: `benchmark:${roundKey}:${policy.label}`,
    ...(options.roundId ? { roundId: options.roundId } : {}),
    roundIndex,
    policyLabel: policy.label,
    policy: described,
    tasks: perTask.length,
    resolved,
    solveRate: resolved / perTask.length,
    meanReward: perTask.reduce((sum, row) => sum + row.reward, 0) / perTask.length,
    hackFlagged: perTask.filter((row) => row.hacked).length,
    perTask: perTask.map(({ hacked: _hacked, ...row }) => row),
    evaluatedAt: new Date().toISOString(),
  });
}

/** The tasks on the benchmark side, in id order. */
function benchmarkTasks(store: RunStore, onWarning?: (message: string) => void): Task[] {
  return store.taskSplits
    .list({ split: "benchmark" })
    .map((split) => split.taskId)
    .sort()
    .flatMap((id) => {
      const task = store.tasks.get(id);
      if (!task) onWarning?.(`benchmark task ${id} is no longer in the run store; it is left out of the score`);
      // An impossible task follows its parent onto the benchmark so it never trains, but it is a
      // cheat probe (kaizen eval --cheat-rate), not a task a solve rate should count.
      return task && task.origin !== "impossible" ? [task] : [];
    });
}

/** The same policy under another label (the label names trajectories; the policy acts the same). */
function withLabel(policy: Policy, label: string): Policy {
  return {
    kind: policy.kind,
    label,
    ...(policy.model ? { model: policy.model } : {}),
    ...(policy.outputSources ? { outputSources: policy.outputSources } : {}),
    decide: (state, options) => policy.decide(state, options),
  };
}
