import type { Round } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";
import { stageResult } from "./round-ledger.js";

/** What a finished round produced, stored in its record for the report and the next session. */
export function roundSummary(store: RunStore, round: Round): Record<string, unknown> {
  const trajectories = store.db
    .prepare<[string], { policy_kind: string; n: number; resolved: number; hacked: number }>(
      `SELECT t.policy_kind, count(*) AS n, coalesce(sum(s.resolved), 0) AS resolved, coalesce(sum(s.hacked), 0) AS hacked
       FROM trajectories t LEFT JOIN scores s ON s.trajectory_id = t.id WHERE t.round_id = ? GROUP BY t.policy_kind`,
    )
    .all(round.id);
  const tasks = stageResult(round, "tasks") ?? {};
  const learn = stageResult(round, "learn") ?? {};
  const acquisition = Array.isArray(tasks.acquisition) ? tasks.acquisition : ((tasks.acquisition as { targets?: unknown[] } | undefined)?.targets ?? []);
  return {
    tasks: { new: tasks.newTasks ?? 0, total: tasks.totalTasks ?? store.tasks.count() },
    sides: stageResult(round, "benchmark") ?? {},
    trajectories: Object.fromEntries(trajectories.map((row) => [row.policy_kind, { rollouts: row.n, resolved: row.resolved, hackFlagged: row.hacked }])),
    review: stageResult(round, "review") ?? {},
    exports: stageResult(round, "curate-export") ?? {},
    benchmark: stageResult(round, "eval") ?? {},
    cards: learn.cards ?? [],
    targets: Array.isArray(learn.targets) ? learn.targets.length : 0,
    acquisition,
    stageSeconds: Object.fromEntries(
      round.stages.map((stage) => [stage.name, stage.finishedAt ? (Date.parse(stage.finishedAt) - Date.parse(stage.startedAt)) / 1000 : null]),
    ),
  };
}

/** The round's summary as a few lines for the terminal. */
export function summaryLines(round: Round): string[] {
  const summary = round.summary as ReturnType<typeof roundSummary>;
  const tasks = summary.tasks as { new: number; total: number };
  const rollouts = summary.trajectories as Record<string, { rollouts: number; resolved: number; hackFlagged: number }>;
  const benchmark = summary.benchmark as { policy?: string; resolved?: number; tasks?: number; solveRate?: number };
  const review = summary.review as { autoAccepted?: number; needsSignOff?: number; queue?: number };
  const exports = summary.exports as { positives?: number; negatives?: number; rows?: Record<string, { train: number; eval: number }> };
  const cards = summary.cards as { name: string; count: number }[];
  const sides = summary.sides as Record<string, number>;
  const seconds = Object.values(summary.stageSeconds as Record<string, number | null>).reduce<number>((total, value) => total + (value ?? 0), 0);
  const rows = exports.rows ?? {};
  return [
    `── round ${round.index} (${Math.round(seconds)} s) ──`,
    `tasks: ${tasks.new} new, ${tasks.total} in all (train ${sides.train ?? 0}, eval ${sides.eval ?? 0}, private benchmark ${sides.benchmark ?? 0})`,
    `rollouts: ${Object.entries(rollouts).map(([kind, row]) => `${kind} ${row.resolved}/${row.rollouts} resolved${row.hackFlagged ? `, ${row.hackFlagged} hack-flagged` : ""}`).join(" · ") || "none"}`,
    `review: ${review.autoAccepted ?? 0} auto-accepted, ${review.needsSignOff ?? 0} need sign-off (${review.queue ?? 0} waiting: kaizen review)`,
    `datasets: ${exports.positives ?? 0} positive and ${exports.negatives ?? 0} negative trajectories; rows ${Object.entries(rows).map(([format, count]) => `${format} ${count.train}+${count.eval}`).join(", ")}`,
    benchmark.tasks
      ? `private benchmark: ${benchmark.policy} resolved ${benchmark.resolved}/${benchmark.tasks} (${Math.round((benchmark.solveRate ?? 0) * 100)}%)`
      : "private benchmark: no tasks held out",
    `skill cards: ${cards.length}${cards.length ? ` — ${cards.slice(0, 3).map((card) => `${card.name} (${card.count})`).join("; ")}` : ""}; ${summary.targets} acquisition targets for the next round`,
  ];
}
