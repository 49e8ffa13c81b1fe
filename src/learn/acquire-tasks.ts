import type { KaizenConfig } from "../config/config-schema.js";
import type { ChatClient } from "../models/chat-client.js";
import { localRepoName, openLocalRepository } from "../repo/local-repository.js";
import type { RunStore } from "../store/run-store.js";
import { injectBugs, NoInjectionSitesError, NoPassingTestsError, type InjectProgress } from "../tasks/inject/inject-bugs.js";
import { DEFAULT_OPERATORS } from "../tasks/inject/mutation-operators.js";
import { mineRepository, type MineProgress } from "../tasks/mine-repository.js";
import { UserError } from "../user-error.js";
import { nextAcquisitionStep, planAcquisition, type AcquisitionMethod, type AcquisitionPlan, type AcquisitionRepo, type AcquisitionWay } from "./acquire-plan.js";
import type { AcquisitionTarget } from "./acquisition-target.js";

export type { AcquisitionRepo } from "./acquire-plan.js";

export interface AcquireTasksOptions {
  runDir: string;
  config: KaizenConfig;
  store: RunStore;
  targets: readonly AcquisitionTarget[];
  /** The repositories the run may use; a target's own `repos` narrows them. */
  repos: readonly AcquisitionRepo[];
  /** Each inject attempt derives its own seed from this, so a rerun repeats (and skips) the same candidates. */
  seed: string;
  /** Attempts in a row without a new task that make a plateau. */
  plateauAttempts?: number;
  maxAttemptsPerTarget?: number;
  jobs?: number;
  sandbox?: boolean;
  statementModel?: ChatClient;
  onProgress?: (progress: AcquisitionProgress) => void;
  onWarning?: (message: string) => void;
}

export interface AcquisitionProgress {
  category: string;
  wanted: number;
  found: number;
  /** 1-based number of the attempt under way or just finished. */
  attempt: number;
  method: AcquisitionMethod;
  repo: string;
  phase: "started" | "finished";
}

export interface AcquisitionAttempt {
  method: AcquisitionMethod;
  /** The repository's name as the run knows it. */
  repo: string;
  /** What was tried and what came of it, in a sentence. */
  detail: string;
  newTasks: number;
  taskIds: string[];
  durationMs: number;
  /** Set when this way can give nothing more, and why. */
  exhausted?: string;
}

export interface TargetAcquisition {
  category: string;
  skillCardId?: string;
  wanted: number;
  found: number;
  attempts: AcquisitionAttempt[];
  /** True when the target stopped short because looking further finds nothing new. */
  plateau: boolean;
  /** Why acquisition stopped for this target. */
  why: string;
  /** What in the target could not be used (unknown operators, malformed filters, unknown repositories). */
  problems: string[];
}

export interface AcquisitionReport {
  targets: TargetAcquisition[];
  totals: { targets: number; wanted: number; found: number; attempts: number; plateaus: number; durationMs: number };
}

/**
 * Gap-first acquisition: for each thin category, take turns between injecting bugs of its class
 * at its sites and mining commits that match its filters, on each allowed repository, until it
 * has the tasks it wants or looking again stops paying (a plateau). A task counts for a target
 * only when an attempt for that target created it. Both stages store every decision, so a rerun
 * with the same seed decides nothing twice and makes no task twice.
 */
export async function acquireTasks(options: AcquireTasksOptions): Promise<AcquisitionReport> {
  const started = Date.now();
  const { targets, repos, plateauAttempts = 3 } = options;
  const results: TargetAcquisition[] = [];
  for (const target of targets) {
    const plan = planAcquisition({ target, repos });
    for (const problem of plan.problems) options.onWarning?.(`${target.category}: ${problem}`);
    const attempts: (AcquisitionAttempt & { way: number })[] = [];
    const exhausted = new Set<number>();
    let found = 0;
    for (;;) {
      const step = nextAcquisitionStep({ ways: plan.ways, exhausted, attempts, found, want: target.want, plateauAttempts, ...(options.maxAttemptsPerTarget !== undefined ? { maxAttempts: options.maxAttemptsPerTarget } : {}) });
      if ("stop" in step) {
        const why = step.stop.plateau && plan.problems.length > 0 && attempts.length === 0 ? `${step.stop.why}: ${plan.problems.join("; ")}` : step.stop.why;
        results.push({
          category: target.category,
          ...(target.skillCardId ? { skillCardId: target.skillCardId } : {}),
          wanted: target.want,
          found,
          attempts: attempts.map(({ way: _way, ...attempt }) => attempt),
          plateau: step.stop.plateau,
          why,
          problems: plan.problems,
        });
        break;
      }
      const way = plan.ways[step.next]!;
      const round = attempts.filter((attempt) => attempt.way === step.next).length;
      const progress = (phase: AcquisitionProgress["phase"]) =>
        options.onProgress?.({ category: target.category, wanted: target.want, found, attempt: attempts.length + (phase === "started" ? 1 : 0), method: way.method, repo: way.repo.name, phase });
      progress("started");
      const attemptStarted = Date.now();
      const outcome = await attemptWay({ options, target, plan, way, round, still: target.want - found });
      attempts.push({ ...outcome, way: step.next, durationMs: Date.now() - attemptStarted });
      if (outcome.exhausted) exhausted.add(step.next);
      found += outcome.newTasks;
      progress("finished");
    }
  }
  const sum = (pick: (target: TargetAcquisition) => number) => results.reduce((total, target) => total + pick(target), 0);
  return {
    targets: results,
    totals: {
      targets: results.length,
      wanted: sum((target) => target.wanted),
      found: sum((target) => target.found),
      attempts: sum((target) => target.attempts.length),
      plateaus: results.filter((target) => target.plateau).length,
      durationMs: Date.now() - started,
    },
  };
}

interface AttemptWayOptions {
  options: AcquireTasksOptions;
  target: AcquisitionTarget;
  plan: AcquisitionPlan;
  way: AcquisitionWay;
  /** How many times this way was tried for this target before. */
  round: number;
  /** Tasks still wanted. */
  still: number;
}

/** One attempt: runs the stage, and counts as new the tasks of that repository the store did not hold before. */
async function attemptWay({ options, target, plan, way, round, still }: AttemptWayOptions): Promise<Omit<AcquisitionAttempt, "durationMs">> {
  const { runDir, config, store } = options;
  const common = {
    runDir,
    config,
    store,
    ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
    ...(options.sandbox !== undefined ? { sandbox: options.sandbox } : {}),
    ...(options.statementModel ? { statementModel: options.statementModel } : {}),
    onWarning: (message: string) => options.onWarning?.(`${target.category}: ${message}`),
  };
  const base = { method: way.method, repo: way.repo.name };
  let repoName: string;
  try {
    repoName = localRepoName((await openLocalRepository(way.repo.path)).path);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { ...base, detail: error.message, newTasks: 0, taskIds: [], exhausted: error.message };
  }
  const taskIds = () => new Set(store.tasks.list({ repo: repoName }).map((task) => task.id));
  const before = taskIds();
  const made = () => [...taskIds()].filter((id) => !before.has(id)).sort();
  try {
    if (way.method === "inject") {
      // A seed per target and round: each attempt makes new candidates, and a rerun the same ones.
      const seed = `${options.seed}/${target.category}/${round}`;
      const injected = await injectBugs({
        ...common,
        repoPath: way.repo.path,
        count: still,
        seed,
        operators: plan.operators,
        ...(plan.symbols.length > 0 ? { symbols: plan.symbols } : {}),
        combine: 0,
      });
      const ids = made();
      return { ...base, detail: describeInject(seed, plan, injected, ids.length), newTasks: ids.length, taskIds: ids };
    }
    const mined = await mineRepository({ ...common, repoPath: way.repo.path, ...(plan.commitFilter ? { commitFilter: plan.commitFilter } : {}) });
    const ids = made();
    // Mining considers the whole history once; after that every matching commit is decided.
    return { ...base, detail: describeMine(target.commitFilters, mined), newTasks: ids.length, taskIds: ids, exhausted: "every matching commit is decided" };
  } catch (error) {
    if (!(error instanceof NoInjectionSitesError || error instanceof NoPassingTestsError || error instanceof UserError)) throw error;
    const ids = made();
    return { ...base, detail: error.message, newTasks: ids.length, taskIds: ids, exhausted: error.message };
  }
}

function describeInject(seed: string, plan: AcquisitionPlan, progress: InjectProgress, newTasks: number): string {
  const operators = plan.operators.length === DEFAULT_OPERATORS.length ? "default operators" : plan.operators.join(", ");
  const sites = plan.symbols.length > 0 ? ` at ${plan.symbols.join(", ")}` : "";
  // Another seed can make a bug an earlier attempt made: the same task, so not a new one.
  const held = progress.tasks > newTasks ? ` (${progress.tasks - newTasks} already held)` : "";
  return `seed ${seed}, ${operators}${sites}: ${progress.tasks} tasks${held} of ${progress.candidates} candidates (${progress.alreadyDecided} decided before)${counts(", rejected", progress.rejected)}`;
}

function describeMine(filters: readonly string[], progress: MineProgress): string {
  const skipped = Object.values(progress.skipped).reduce((total, n) => total + n, 0);
  return `${filters.join(" ")}: ${progress.total - progress.filteredOut - progress.alreadyDecided} matching new commits of ${progress.total} (${progress.alreadyDecided} decided before), ${progress.tasks} tasks, ${skipped} skipped${counts(", rejected", progress.rejected)}`;
}

function counts(label: string, byReason: Record<string, number>): string {
  const entries = Object.entries(byReason).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? "" : `${label} ${entries.map(([reason, n]) => `${n} ${reason}`).join(", ")}`;
}

/** The report for people: one line per target and one per attempt, then the totals. */
export function describeAcquisition(report: AcquisitionReport): string[] {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const lines: string[] = [];
  for (const target of report.targets) {
    const verdict = target.plateau ? `plateau: ${target.why}` : target.why;
    lines.push(`${target.category}  ${target.found}/${target.wanted} in ${target.attempts.length} attempts — ${verdict}`);
    for (const problem of target.problems) lines.push(`  ! ${problem}`);
    for (const attempt of target.attempts) {
      const gone = attempt.exhausted && attempt.exhausted !== attempt.detail ? ` (no more: ${attempt.exhausted})` : attempt.exhausted ? " (no more)" : "";
      lines.push(`  ${attempt.method.padEnd(6)} ${attempt.repo}  +${attempt.newTasks}  ${attempt.detail}${gone}  [${seconds(attempt.durationMs)}]`);
    }
  }
  const { totals } = report;
  lines.push(`${totals.found}/${totals.wanted} tasks for ${totals.targets} targets in ${totals.attempts} attempts, ${totals.plateaus} plateaued (${seconds(totals.durationMs)})`);
  return lines;
}
