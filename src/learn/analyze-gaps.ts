import type { SkillCard, Task } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";
import { gapReport, type GapReport } from "./gap-report.js";
import { operatorsByTask } from "./operators-by-task.js";

export interface AnalyzeGapsOptions {
  store: RunStore;
  /** The skill cards to add as a dimension (usually the ones learnSkillCards just wrote). */
  cards: SkillCard[];
  minTasks?: number;
  targetShare?: number;
}

/**
 * The gap report of the run store's task corpus: reads the tasks, the judged trajectories'
 * outcomes, the candidates' operators and the repositories, and leaves the deciding to gapReport.
 * Impossible tasks (cheat probes) and private-benchmark tasks are not training data and are
 * counted apart.
 */
export function analyzeGaps({ store, cards, minTasks, targetShare }: AnalyzeGapsOptions): GapReport {
  const benchmark = new Set(store.taskSplits.list({ split: "benchmark" }).map((split) => split.taskId));
  const excluded = { impossible: 0, benchmark: 0 };
  const tasks: Task[] = [];
  for (const task of store.tasks.list()) {
    if (task.origin === "impossible") excluded.impossible++;
    else if (benchmark.has(task.id)) excluded.benchmark++;
    else tasks.push(task);
  }
  const kept = new Set(tasks.map((task) => task.id));
  // Only the ids and verdicts are needed; loading every trajectory's steps would be wasted work.
  const outcomes = store.db
    .prepare<[], { trajectoryId: string; taskId: string; resolved: number }>(
      "SELECT t.id AS trajectoryId, t.task_id AS taskId, s.resolved AS resolved FROM trajectories t JOIN scores s ON s.trajectory_id = t.id ORDER BY t.rowid",
    )
    .all()
    .filter((row) => kept.has(row.taskId))
    .map((row) => ({ trajectoryId: row.trajectoryId, taskId: row.taskId, resolved: row.resolved === 1 }));
  const repoSources = new Map(store.repos.list().map((repo) => [repo.name, repo.source]));
  return gapReport({
    tasks,
    outcomes,
    cards,
    operatorsByTask: operatorsByTask(store),
    repoSources,
    excluded,
    ...(minTasks === undefined ? {} : { minTasks }),
    ...(targetShare === undefined ? {} : { targetShare }),
  });
}
