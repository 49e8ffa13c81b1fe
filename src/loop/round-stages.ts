import { join } from "node:path";
import type { CommandContext } from "../cli/command-context.js";
import { curate, curationSettings } from "../cli/commands/curate.js";
import { writeExports } from "../cli/commands/export.js";
import type { KaizenConfig } from "../config/config-schema.js";
import { configPolicyFile } from "../curate/policy-in-force.js";
import { assignSplits } from "../curate/lineage-split.js";
import { auditFromStore } from "../curate/curation-audit.js";
import { evaluateBenchmark } from "../benchmark/evaluate-benchmark.js";
import { fixPrivateBenchmark } from "../benchmark/fix-private-benchmark.js";
import { ALL_FORMATS } from "../export/all-formats.js";
import { judgeTrajectories } from "../judge/judge-trajectories.js";
import { loadRewardConfig } from "../judge/shaped/reward-config.js";
import { acquireTasks, describeAcquisition } from "../learn/acquire-tasks.js";
import type { AcquisitionTarget } from "../learn/acquisition-target.js";
import { acquisitionTargets } from "../learn/acquisition-targets.js";
import { analyzeGaps } from "../learn/analyze-gaps.js";
import { learnSkillCards, NoJudgedTrajectoriesError } from "../learn/learn-skill-cards.js";
import type { ChatClient } from "../models/chat-client.js";
import { reviewPatches } from "../review/review-patches.js";
import { DEFAULT_REVIEW_POLICY } from "../review/review-policy.js";
import { runRollouts } from "../rollout/run-rollouts.js";
import type { Round, RolloutSettings, SkillCard, Task } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";
import { injectBugs } from "../tasks/inject/inject-bugs.js";
import { DEFAULT_OPERATORS } from "../tasks/inject/mutation-operators.js";
import { makeImpossibleTask } from "../tasks/make-impossible.js";
import { mineRepository } from "../tasks/mine-repository.js";
import { WorkspacePool } from "../workspace/workspace-pool.js";
import { daggerRollouts, studentRollouts, teacherRollouts, type LoopStudent, type RolloutPolicy } from "./loop-policies.js";
import { stageResult, type StageResult } from "./round-ledger.js";

/** Everything a round's stages share. */
export interface LoopContext {
  context: CommandContext;
  config: KaizenConfig;
  /** Where the config was read from; relative paths in it resolve against its folder. */
  configFile: string | undefined;
  store: RunStore;
  /** The repositories the loop works on, registered in the store. */
  repos: { path: string; name: string }[];
  student: LoopStudent;
  /** Student samples per new task: the size of a GRPO group and the pool for preference pairs. */
  samples: number;
  /** Newest first-parent commits mined per repository in the first round. */
  mineLimit: number;
  /** Bugs injected per repository in the first round (and in later rounds with no target). */
  injectCount: number;
  /** Impossible tasks made in the first round, to measure how often the student cheats. */
  impossible: number;
  benchmarkShare: number;
  /** Acquisition targets a round pursues, the most pressing first, and tasks wanted for each at most. */
  maxTargets: number;
  wantPerTarget: number;
  settings: RolloutSettings;
  jobs: number;
  sandbox: boolean;
  /** A model that sharpens skill cards from the traces, when one is configured. */
  sharpen?: ChatClient | undefined;
}

/** The stages of a round, in order; each is resumable on its own. */
export const ROUND_STAGES = ["tasks", "benchmark", "rollout", "judge", "dagger", "review", "curate-export", "eval", "learn"] as const;
export type RoundStageName = (typeof ROUND_STAGES)[number];

export function stageWork(loop: LoopContext, round: Round, previous: Round | undefined, name: RoundStageName): () => Promise<StageResult> {
  switch (name) {
    case "tasks":
      return () => (previous ? acquireForRound(loop, round, previous) : firstTasks(loop, round));
    case "benchmark":
      return () => benchmarkStage(loop, round);
    case "rollout":
      return () => rolloutStage(loop, round);
    case "judge":
      return () => judgeStage(loop);
    case "dagger":
      return () => daggerStage(loop, round);
    case "review":
      return () => reviewStage(loop);
    case "curate-export":
      return () => curateExportStage(loop);
    case "eval":
      return () => evalStage(loop, round);
    case "learn":
      return () => learnStage(loop, round);
  }
}

/** Round 1: mine each repository's recent history, inject bugs, and derive a few cheat probes. */
async function firstTasks(loop: LoopContext, round: Round): Promise<StageResult> {
  const { context, config, store } = loop;
  const before = store.tasks.count();
  const perRepo: Record<string, { mined: number; injected: number }> = {};
  for (const repo of loop.repos) {
    context.log(`round ${round.index}: mining ${repo.name} (newest ${loop.mineLimit} commits) …`);
    const mined = await mineRepository({ runDir: context.runDir, repoPath: repo.path, config, store, limit: loop.mineLimit, jobs: loop.jobs, sandbox: loop.sandbox, onWarning: context.log });
    context.log(`round ${round.index}: injecting ${loop.injectCount} bugs into ${repo.name} …`);
    const injected = await injectSafely(loop, repo.path, loop.injectCount, "0");
    perRepo[repo.name] = { mined: mined.tasks, injected };
  }
  const probes = await impossibleTasks(loop);
  return { perRepo, impossible: probes, newTasks: store.tasks.count() - before, totalTasks: store.tasks.count() };
}

/** Later rounds: make the tasks the previous round's gaps and skill cards asked for, until each plateaus. */
async function acquireForRound(loop: LoopContext, round: Round, previous: Round): Promise<StageResult> {
  const { context, config, store } = loop;
  const before = store.tasks.count();
  // The most pressing targets first (learn orders them); a round is a bounded step, not an exhaustive search.
  const targets = ((stageResult(previous, "learn")?.targets ?? []) as AcquisitionTarget[])
    .slice(0, loop.maxTargets)
    .map((target) => ({ ...target, want: Math.min(target.want, loop.wantPerTarget) }));
  if (targets.length === 0) {
    context.log(`round ${round.index}: the previous round left no acquisition target; injecting ${loop.injectCount} fresh bugs per repository`);
    for (const repo of loop.repos) await injectSafely(loop, repo.path, loop.injectCount, String(round.index - 1));
    return { targets: 0, newTasks: store.tasks.count() - before, totalTasks: store.tasks.count(), acquisition: [] };
  }
  context.log(`round ${round.index}: acquiring tasks for ${targets.length} targets (${targets.map((target) => target.category).join(", ")}) …`);
  const report = await acquireTasks({ runDir: context.runDir, config, store, targets, repos: loop.repos, seed: `round-${round.index}`, plateauAttempts: 2, maxAttemptsPerTarget: 3, jobs: loop.jobs, sandbox: loop.sandbox, onWarning: context.log });
  for (const line of describeAcquisition(report)) context.log(line);
  if (store.tasks.count() === before) {
    // Every target plateaued: fresh bugs elsewhere keep the round supplied, and the plateau stays in the report.
    context.log(`round ${round.index}: acquisition found no new task; injecting ${loop.injectCount} fresh bugs per repository instead`);
    for (const repo of loop.repos) await injectSafely(loop, repo.path, loop.injectCount, String(round.index - 1));
  }
  return { targets: targets.length, newTasks: store.tasks.count() - before, totalTasks: store.tasks.count(), acquisition: report as unknown as StageResult };
}

async function injectSafely(loop: LoopContext, repoPath: string, count: number, seed: string): Promise<number> {
  try {
    const injected = await injectBugs({ runDir: loop.context.runDir, repoPath, config: loop.config, store: loop.store, count, seed, operators: [...DEFAULT_OPERATORS], combine: 1, jobs: loop.jobs, sandbox: loop.sandbox, onWarning: loop.context.log });
    return injected.tasks;
  } catch (error) {
    // A repository with nothing to inject into still has its mined tasks; say so and go on.
    loop.context.log(`warning: no bugs injected into ${repoPath}: ${(error as Error).message}`);
    return 0;
  }
}

async function impossibleTasks(loop: LoopContext): Promise<number> {
  const { context, config, store } = loop;
  const made = store.tasks.list({ origin: "impossible" }).length;
  if (made >= loop.impossible) return made;
  const pool = new WorkspacePool(context.runDir);
  let count = made;
  try {
    for (const task of store.tasks.list().filter((candidate) => candidate.origin !== "impossible")) {
      if (count >= loop.impossible) break;
      if (store.tasks.get(`${task.id}-impossible`)) continue;
      const result = await makeImpossibleTask({ task, runDir: context.runDir, config, store, pool, sandbox: loop.sandbox });
      if (!result.ok) continue;
      store.tasks.save(result.task);
      count++;
    }
  } finally {
    await pool.close();
  }
  return count;
}

/**
 * The private benchmark is fixed in the first round and only grows by lineage (a new task of a
 * held-out module or commit joins it); every other task gets its train/eval side now, before any
 * rollout, so nothing on the benchmark is ever trained on.
 */
async function benchmarkStage(loop: LoopContext, round: Round): Promise<StageResult> {
  const { store, config } = loop;
  const benchmark = await fixPrivateBenchmark({ store, share: loop.benchmarkShare, roundId: round.id });
  for (const note of benchmark.notes) loop.context.log(`private benchmark: ${note}`);
  assignSplits({ store, evalShare: config.curate.evalShare, seed: 0 });
  return { ...sideCounts(store), fixedNow: benchmark.fixedNow, modules: benchmark.modules, ...(benchmark.cutoff ? { cutoff: benchmark.cutoff } : {}), notes: benchmark.notes };
}

function sideCounts(store: RunStore): Record<string, number> {
  const rows = store.db.prepare<[], { split: string; n: number }>("SELECT split, count(*) AS n FROM task_splits GROUP BY split").all();
  return Object.fromEntries(rows.map((row) => [row.split, row.n]));
}

/** Tasks on the training side (train or the curated eval split), never the private benchmark. */
function trainingTasks(store: RunStore): Task[] {
  const benchmark = new Set(store.taskSplits.list().filter((split) => split.split === "benchmark").map((split) => split.taskId));
  return store.tasks.list().filter((task) => !benchmark.has(task.id));
}

/**
 * The oracle teacher once and the student K times (GRPO groups, preference pairs) on the tasks no
 * earlier round saw; impossible tasks get the student once, to measure cheating.
 */
async function rolloutStage(loop: LoopContext, round: Round): Promise<StageResult> {
  const { store } = loop;
  const earlier = store.rounds.list().filter((other) => other.index < round.index).map((other) => other.id);
  const seenBefore = new Set(
    store.db
      .prepare<string[], { task_id: string }>(`SELECT DISTINCT task_id FROM trajectories WHERE round_id IS NULL OR round_id IN (${earlier.map(() => "?").join(",") || "NULL"})`)
      .all(...earlier)
      .map((row) => row.task_id),
  );
  const tasks = trainingTasks(store);
  const fresh = tasks.filter((task) => !seenBefore.has(task.id) && task.origin !== "impossible");
  const probes = tasks.filter((task) => !seenBefore.has(task.id) && task.origin === "impossible");
  const result: StageResult = { fresh: fresh.length, probes: probes.length };
  const run = async (name: string, policy: RolloutPolicy, chosen: Task[], samples: number) => {
    if (chosen.length > 0) result[name] = await rollOut(loop, round, policy, chosen, samples);
  };
  await run("teacher", teacherRollouts(), fresh, 1);
  await run("student", studentRollouts(loop.student), fresh, loop.samples);
  await run("probes", studentRollouts(loop.student), probes, 1);
  return result;
}

async function rollOut(loop: LoopContext, round: Round, policy: RolloutPolicy, tasks: Task[], samples: number): Promise<StageResult> {
  loop.context.log(`round ${round.index}: ${policy.label} on ${tasks.length} tasks × ${samples} …`);
  const summary = await runRollouts({ runDir: loop.context.runDir, config: loop.config, store: loop.store, tasks, makePolicy: policy.makePolicy, describePolicy: policy.describePolicy, samples, settings: loop.settings, jobs: loop.jobs, sandbox: loop.sandbox, roundId: round.id });
  return { policy: policy.label, tasks: tasks.length, rollouts: summary.total, alreadyDone: summary.alreadyDone, byExit: summary.byExit };
}

/**
 * DAgger goes where the student is weak: training tasks on which one of its judged attempts, in
 * this round or an earlier one, failed. The teacher acts with probability β = 0.5^round and labels
 * every state, so the aggregated dataset holds the expert's action exactly where the student errs.
 */
async function daggerStage(loop: LoopContext, round: Round): Promise<StageResult> {
  const rounds = loop.store.rounds.list().filter((other) => other.index <= round.index).map((other) => other.id);
  const weakIds = tasksTheStudentFailed(loop.store, rounds);
  const weak = trainingTasks(loop.store).filter((task) => weakIds.has(task.id) && task.origin !== "impossible");
  if (weak.length === 0) {
    loop.context.log(`round ${round.index}: the student failed no training task, so DAgger has nothing to aim at`);
    return { weak: 0 };
  }
  const rolled = await rollOut(loop, round, daggerRollouts(loop.student, round.index), weak, 1);
  return { weak: weak.length, dagger: rolled, ...(await judgeStage(loop)) };
}

/** Tasks on which an attempt the student drove (alone or in DAgger) in these rounds was judged unresolved. */
function tasksTheStudentFailed(store: RunStore, earlier: string[]): Set<string> {
  if (earlier.length === 0) return new Set();
  const rows = store.db
    .prepare<string[], { task_id: string; solved: number }>(
      `SELECT t.task_id, min(s.resolved) AS solved FROM trajectories t JOIN scores s ON s.trajectory_id = t.id
       WHERE t.policy_kind != 'oracle' AND t.round_id IN (${earlier.map(() => "?").join(",")}) GROUP BY t.task_id`,
    )
    .all(...earlier);
  return new Set(rows.filter((row) => row.solved === 0).map((row) => row.task_id));
}

async function judgeStage(loop: LoopContext): Promise<StageResult> {
  const { context, store } = loop;
  const finished = store.trajectories.list({ finished: 1 });
  const unjudged = finished.filter((trajectory) => !store.scores.get(trajectory.id));
  context.log(`judging ${unjudged.length} trajectories: tests on restored test files, shaped signals, hack detectors …`);
  const scores = await judgeTrajectories({ runDir: context.runDir, config: loop.config, store, trajectories: unjudged, peers: finished, rewards: loadRewardConfig({}), sandbox: loop.sandbox, jobs: loop.jobs, onWarning: context.log });
  return { judged: scores.length, resolved: scores.filter((score) => score.resolved).length, hackFlagged: scores.filter((score) => score.hackFlags.length > 0).length };
}

async function reviewStage(loop: LoopContext): Promise<StageResult> {
  const { context, store } = loop;
  context.log("auditing resolved patches: static checks, hack flags, diff size, sensitive paths …");
  const reviews = await reviewPatches({ runDir: context.runDir, config: loop.config, store, policy: DEFAULT_REVIEW_POLICY, sandbox: loop.sandbox, jobs: loop.jobs });
  const needsSignOff = reviews.filter((review) => review.verdict === "needs-sign-off");
  return { reviewed: reviews.length, autoAccepted: reviews.length - needsSignOff.length, needsSignOff: needsSignOff.length, queue: store.reviews.list().filter((review) => review.verdict === "needs-sign-off" && !review.decision).length };
}

/** Curation is decided afresh for the whole store (reviews and splits may have changed), then every format is written. */
async function curateExportStage(loop: LoopContext): Promise<StageResult> {
  const { context, store, config } = loop;
  context.log("curating (provenance policy, duplicates, lineage split, review, private benchmark) and exporting every format …");
  const policyFile = configPolicyFile(config, loop.configFile);
  await curate({ context, store, settings: curationSettings(config, {}), policyFile });
  const out = join(context.runDir, "exports");
  const { summaries } = await writeExports({ context, store, formats: ALL_FORMATS, out, formatContext: { groupFilter: "dapo", seed: 0 } });
  const audit = auditFromStore(store);
  return {
    out,
    included: audit.included,
    positives: audit.positives,
    negatives: audit.negatives,
    excluded: Object.fromEntries(Object.entries(audit.reasons).map(([reason, tally]) => [reason, tally.count])),
    rows: Object.fromEntries(summaries.map((summary) => [summary.format, summary.rows])),
  };
}

async function evalStage(loop: LoopContext, round: Round): Promise<StageResult> {
  const { context, store } = loop;
  const policy = studentRollouts(loop.student, round.index);
  const held = store.db
    .prepare<[], { n: number }>("SELECT count(*) AS n FROM task_splits s JOIN tasks t ON t.id = s.task_id WHERE s.split = 'benchmark' AND t.origin != 'impossible'")
    .get()!.n;
  if (held === 0) {
    context.log(`round ${round.index}: the private benchmark holds no tasks (every lineage was too wide to hold out), so there is nothing to score`);
    return { policy: policy.label, tasks: 0, resolved: 0, solveRate: 0, meanReward: 0, hackFlagged: 0 };
  }
  context.log(`round ${round.index}: scoring ${policy.label} on the private benchmark …`);
  const result = await evaluateBenchmark({ runDir: context.runDir, config: loop.config, store, policy, roundId: round.id, roundIndex: round.index, settings: loop.settings, jobs: loop.jobs, sandbox: loop.sandbox });
  return { policy: result.policyLabel, tasks: result.tasks, resolved: result.resolved, solveRate: result.solveRate, meanReward: result.meanReward, hackFlagged: result.hackFlagged };
}

async function learnStage(loop: LoopContext, round: Round): Promise<StageResult> {
  const { context, store } = loop;
  context.log(`round ${round.index}: distilling skill cards from failures and finding thin categories …`);
  let cards: SkillCard[];
  try {
    cards = await learnSkillCards({ store, roundId: round.id, ...(loop.sharpen ? { sharpen: loop.sharpen } : {}), onWarning: context.log });
  } catch (error) {
    // A round whose rollouts all failed to start has nothing to learn from; the next round still runs.
    if (!(error instanceof NoJudgedTrajectoriesError)) throw error;
    context.log(`round ${round.index}: ${error.message}; no skill cards this round`);
    cards = [];
  }
  const gaps = analyzeGaps({ store, cards });
  const targets = acquisitionTargets({ gaps, cards, repos: loop.repos.map((repo) => repo.path) });
  return { cards: cards.map((card) => ({ id: card.id, name: card.name, count: card.count })), gaps: gaps as unknown as StageResult, targets: targets as unknown as StageResult[] };
}
