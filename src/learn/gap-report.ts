import type { SkillCard, Task } from "../schema/records.js";
import { DEFAULT_OPERATORS } from "../tasks/inject/mutation-operators.js";
import { isTestPath } from "../tasks/is-test-path.js";
import { bugClassesOf } from "./build-skill-cards.js";
import { filesOfModule, taskModules } from "./task-modules.js";
import { wilsonInterval } from "./wilson-interval.js";

export const GAP_DIMENSIONS = ["language", "kind", "bugClass", "module", "size", "origin", "card"] as const;
export type GapDimension = (typeof GAP_DIMENSIONS)[number];

/** One category of one dimension: how many tasks, how well they are solved, and whether it is thin. */
export interface GapCategory {
  dimension: GapDimension;
  /** The category within its dimension: `typescript`, `flip-comparison`, `money`, a card id. */
  category: string;
  tasks: number;
  /** Of the dimension's tasks (those with any category in it); null for cards, which overlap. */
  share: number | null;
  /** Judged trajectories on the category's tasks, and how many were resolved. */
  trajectories: number;
  resolved: number;
  /** resolved / trajectories; null with no judged trajectory. */
  solveRate: number | null;
  /** Wilson 95% interval of the solve rate; null with no judged trajectory. */
  interval: [number, number] | null;
  thin: boolean;
  /** Why it is thin, one reason each; empty when it is not. */
  why: string[];
  /** Tasks wanted before it stops being thin; 0 when it is not. */
  want: number;
  /** Where the category's tasks came from (the repos table's sources). */
  repos: string[];
  /** The gold files of the category's tasks (for a module, only the module's files). */
  files: string[];
  /** For the card dimension: the card. */
  skillCardId?: string;
}

/** The distribution of the task corpus over categories, with the thin ones marked; `kaizen learn` prints it. */
export interface GapReport {
  /** Tasks analysed (impossible and private-benchmark tasks are not training data, and are left out). */
  tasks: number;
  trajectories: number;
  minTasks: number;
  targetShare: number;
  excluded: { impossible: number; benchmark: number };
  categories: GapCategory[];
}

export interface GapReportOptions {
  tasks: Task[];
  /** Judged trajectories on those tasks. */
  outcomes: { trajectoryId: string; taskId: string; resolved: boolean }[];
  cards: SkillCard[];
  operatorsByTask?: ReadonlyMap<string, string[]>;
  /** Repository name → source, for the categories' repos; a name without one is given as is. */
  repoSources?: ReadonlyMap<string, string>;
  /** Fewer tasks than this make a solve rate unreliable (default 5). */
  minTasks?: number;
  /** A category is thin below this fraction of an even share of its dimension (default 0.5). */
  targetShare?: number;
  excluded?: GapReport["excluded"];
}

export const DEFAULT_MIN_TASKS = 5;
export const DEFAULT_TARGET_SHARE = 0.5;

/** Size buckets by the gold patch: `tiny` ≤ 5 lines in 1 file, `small` ≤ 20 lines in ≤ 2, `medium` ≤ 60 lines in ≤ 4, else `large`. */
export function sizeBucket(task: Task): string {
  const { files, lines } = task.labels.size;
  if (lines <= 5 && files <= 1) return "tiny";
  if (lines <= 20 && files <= 2) return "small";
  if (lines <= 60 && files <= 4) return "medium";
  return "large";
}

/**
 * Gap-first analysis (seed 000 §3): each dimension's categories with task counts, solve rates and
 * Wilson intervals; a category is thin when its share is under `targetShare` of an even share of
 * its dimension, or when it has fewer than `minTasks` tasks. Categories kaizen can make tasks for
 * but has none of (the mutation operators once injection is in use; mined and injected origins)
 * are listed with 0 tasks, so they show up as gaps. Pure.
 */
export function gapReport(options: GapReportOptions): GapReport {
  const { tasks, outcomes, cards, operatorsByTask = new Map(), repoSources = new Map() } = options;
  const minTasks = options.minTasks ?? DEFAULT_MIN_TASKS;
  const targetShare = options.targetShare ?? DEFAULT_TARGET_SHARE;
  const byTask = new Map<string, { trajectories: number; resolved: number }>();
  for (const outcome of outcomes) {
    const entry = byTask.get(outcome.taskId) ?? { trajectories: 0, resolved: 0 };
    entry.trajectories++;
    if (outcome.resolved) entry.resolved++;
    byTask.set(outcome.taskId, entry);
  }
  const taskOf = new Map(outcomes.map((outcome) => [outcome.trajectoryId, outcome.taskId]));
  const taskById = new Map(tasks.map((task) => [task.id, task]));

  const membership: Record<Exclude<GapDimension, "card">, (task: Task) => string[]> = {
    language: (task) => [task.labels.language],
    kind: (task) => [task.labels.kind],
    bugClass: (task) => bugClassesOf(task, operatorsByTask),
    module: (task) => taskModules(task),
    size: (task) => [sizeBucket(task)],
    origin: (task) => [task.origin],
  };
  const known: Partial<Record<GapDimension, string[]>> = {
    bugClass: tasks.some((task) => task.origin === "injected") ? [...DEFAULT_OPERATORS] : [],
    origin: ["commit", "injected"],
  };

  const categories: GapCategory[] = [];
  for (const dimension of GAP_DIMENSIONS) {
    const members = new Map<string, Task[]>();
    const cardIds = new Map<string, string>();
    if (dimension === "card") {
      for (const card of cards) {
        const ids = new Set(card.evidence.flatMap((id) => taskOf.get(id) ?? []));
        members.set(card.id, [...ids].flatMap((id) => taskById.get(id) ?? []));
        cardIds.set(card.id, card.id);
      }
    } else {
      for (const name of known[dimension] ?? []) members.set(name, []);
      for (const task of tasks) for (const name of membership[dimension](task)) members.set(name, [...(members.get(name) ?? []), task]);
    }
    const inDimension = dimension === "card" ? 0 : tasks.filter((task) => membership[dimension as Exclude<GapDimension, "card">](task).length > 0).length;
    const thresholdShare = members.size > 0 ? targetShare / members.size : 0;

    for (const [name, memberTasks] of [...members].sort(([a, am], [b, bm]) => bm.length - am.length || a.localeCompare(b))) {
      const count = memberTasks.length;
      const trajectories = memberTasks.reduce((sum, task) => sum + (byTask.get(task.id)?.trajectories ?? 0), 0);
      const resolved = memberTasks.reduce((sum, task) => sum + (byTask.get(task.id)?.resolved ?? 0), 0);
      const share = dimension === "card" ? null : inDimension > 0 ? count / inDimension : 0;
      const why: string[] = [];
      let want = 0;
      if (share !== null && share < thresholdShare) {
        why.push(`${percent(share)} of ${dimension} tasks, under the target ${percent(thresholdShare)} (${targetShare} of an even share across ${members.size} categories)`);
        // Tasks x to add so that (count + x) / (total + x) reaches the threshold.
        want = Math.max(want, Math.ceil((thresholdShare * inDimension - count) / (1 - thresholdShare)));
      }
      if (count < minTasks) {
        why.push(`${count} task${count === 1 ? "" : "s"}, fewer than the ${minTasks} a reliable solve rate needs`);
        want = Math.max(want, minTasks - count);
      }
      const interval = wilsonInterval({ successes: resolved, trials: trajectories });
      const files = memberTasks.flatMap((task) => (dimension === "module" ? filesOfModule(task, name) : task.scope.files.filter((path) => !isTestPath(path))));
      categories.push({
        dimension,
        category: name,
        tasks: count,
        share,
        trajectories,
        resolved,
        solveRate: trajectories > 0 ? resolved / trajectories : null,
        interval: interval ?? null,
        thin: why.length > 0,
        why,
        want: why.length > 0 ? Math.max(1, want) : 0,
        repos: [...new Set(memberTasks.map((task) => repoSources.get(task.repo) ?? task.repo))].sort(),
        files: [...new Set(files)].sort(),
        ...(cardIds.has(name) ? { skillCardId: name } : {}),
      });
    }
  }
  return {
    tasks: tasks.length,
    trajectories: outcomes.length,
    minTasks,
    targetShare,
    excluded: options.excluded ?? { impossible: 0, benchmark: 0 },
    categories,
  };
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(fraction < 0.1 ? 1 : 0)}%`;
}
