import type { BenchmarkResult } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";

/** One policy's score on the private benchmark in one round, and its change since the last. */
export interface LongitudinalRow {
  roundId?: string;
  roundIndex: number;
  policyLabel: string;
  tasks: number;
  resolved: number;
  solveRate: number;
  meanReward: number;
  hackFlagged: number;
  /** Solve rate minus the same policy's in its previous scored round; absent in its first. */
  solveRateDelta?: number;
  /** Mean reward minus the same policy's in its previous scored round. */
  meanRewardDelta?: number;
  evaluatedAt: string;
}

/**
 * The private benchmark over time: a row per round × policy, in round order, each with its change
 * since the same policy's previous round (seed 001: improvement trajectories, not point scores).
 */
export function longitudinalTable(store: RunStore): LongitudinalRow[] {
  return longitudinalRows(store.benchmarkResults.list());
}

/** The table from results, for callers holding them already. */
export function longitudinalRows(results: BenchmarkResult[]): LongitudinalRow[] {
  const ordered = [...results].sort(
    (a, b) => (a.roundIndex ?? 0) - (b.roundIndex ?? 0) || a.policyLabel.localeCompare(b.policyLabel) || a.evaluatedAt.localeCompare(b.evaluatedAt),
  );
  const previous = new Map<string, BenchmarkResult>();
  return ordered.map((result) => {
    const before = previous.get(result.policyLabel);
    previous.set(result.policyLabel, result);
    return {
      ...(result.roundId ? { roundId: result.roundId } : {}),
      roundIndex: result.roundIndex ?? 0,
      policyLabel: result.policyLabel,
      tasks: result.tasks,
      resolved: result.resolved,
      solveRate: result.solveRate,
      meanReward: result.meanReward,
      hackFlagged: result.hackFlagged,
      ...(before ? { solveRateDelta: result.solveRate - before.solveRate, meanRewardDelta: result.meanReward - before.meanReward } : {}),
      evaluatedAt: result.evaluatedAt,
    };
  });
}

/** The table as aligned text lines, for the CLI and logs. */
export function formatLongitudinalTable(rows: LongitudinalRow[]): string[] {
  if (rows.length === 0) return [];
  const cells = rows.map((row) => [
    String(row.roundIndex),
    row.policyLabel,
    `${row.resolved}/${row.tasks}`,
    percent(row.solveRate),
    row.solveRateDelta === undefined ? "—" : `${row.solveRateDelta >= 0 ? "+" : ""}${(row.solveRateDelta * 100).toFixed(1)} pt`,
    row.meanReward.toFixed(3),
    String(row.hackFlagged),
  ]);
  const header = ["round", "policy", "resolved", "solve rate", "Δ vs previous", "mean reward", "hack-flagged"];
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((cell, column) => (column === 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ");
  return [line(header), ...cells.map(line)];
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
