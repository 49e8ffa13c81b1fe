import { barChart } from "./bar-chart.js";
import { formatPercent } from "./chart-frame.js";
import { escapeHtml } from "./escape-html.js";
import { between, chartGrid, duration, emptyNote, htmlTable, percent, shortTime, summaryValue } from "./html-parts.js";
import { lineChart } from "./line-chart.js";
import type { ReportSection, SectionContext } from "./report-section.js";

/** Summary keys `kaizen loop` writes, shown as columns in this order when any round has them. */
const KNOWN_SUMMARY_KEYS = ["tasks", "trajectories", "resolved", "benchmark", "gaps", "acquisition", "cards", "exports"];

export function roundsSection({ data }: SectionContext): ReportSection {
  const { rounds } = data;
  const empty = "no rounds yet: kaizen loop runs self-improvement rounds and records each one here";
  if (rounds.length === 0) return { id: "rounds", title: "Rounds", html: emptyNote(empty) + chartGrid([stageChart([])]), empty };
  const stageNames = [...new Set(rounds.flatMap((round) => round.stages.map((stage) => stage.name)))];
  const present = new Set(rounds.flatMap((round) => Object.keys(round.summary)));
  const known = KNOWN_SUMMARY_KEYS.filter((key) => present.has(key));
  const others = [...present].filter((key) => !KNOWN_SUMMARY_KEYS.includes(key)).sort();
  const rows = rounds.map((round) => {
    const stageCells = stageNames.map((name) => {
      const stage = round.stages.find((entry) => entry.name === name);
      if (!stage) return { html: '<span class="dim">—</span>', sort: -1 };
      const ms = between(stage.startedAt, stage.finishedAt);
      const mark = stage.status === "failed" ? ' <span class="bad" title="failed">✗</span>' : stage.status === "running" ? ' <span class="dim" title="running or interrupted">…</span>' : "";
      const title = [stage.error && `error: ${stage.error}`, Object.keys(stage.result).length > 0 && `result: ${JSON.stringify(stage.result).slice(0, 600)}`].filter(Boolean).join("\n");
      return { html: `<span${title ? ` title="${escapeHtml(title)}"` : ""}>${duration(ms)}</span>${mark}`, sort: ms ?? -1, className: stage.status === "failed" ? "failed" : "" };
    });
    return [
      round.index,
      { html: `<span class="status status-${round.status}">${escapeHtml(round.status)}</span>`, sort: round.status },
      shortTime(round.startedAt),
      { html: duration(between(round.startedAt, round.finishedAt)), sort: between(round.startedAt, round.finishedAt) ?? -1 },
      ...stageCells,
      ...known.map((key) => ({ html: summaryValue(round.summary[key]) })),
      ...(others.length > 0 ? [{ html: others.filter((key) => key in round.summary).map((key) => `<span class="kv"><span class="k">${escapeHtml(key)}</span> ${summaryValue(round.summary[key], 1)}</span>`).join(" ") }] : []),
    ];
  });
  const columns = [
    { label: "round", numeric: true },
    { label: "status" },
    { label: "started (UTC)" },
    { label: "wall time", numeric: true },
    ...stageNames.map((name) => ({ label: name, numeric: true, title: `time in the ${name} stage` })),
    ...known.map((key) => ({ label: key })),
    ...(others.length > 0 ? [{ label: "other summary" }] : []),
  ];
  const stageTotals = stageNames.map((name) => {
    const times = rounds.flatMap((round) => round.stages.filter((stage) => stage.name === name).map((stage) => between(stage.startedAt, stage.finishedAt) ?? 0));
    const failed = rounds.some((round) => round.stages.some((stage) => stage.name === name && stage.status === "failed"));
    return { label: name, value: times.reduce((sum, ms) => sum + ms, 0) / 1000, note: `${times.length} run${times.length === 1 ? "" : "s"}${failed ? ", failed once or more" : ""}`, highlight: failed };
  });
  return {
    id: "rounds",
    title: "Rounds",
    html: [
      htmlTable({ columns, rows, className: "rounds" }),
      '<p class="note">Stage cells give wall time; hover for a stage\'s result or error. ✗ marks a failed stage.</p>',
      chartGrid([stageChart(stageTotals)]),
    ].join(""),
  };
}

function stageChart(data: { label: string; value: number; note: string; highlight: boolean }[]): string {
  return barChart({
    title: "Time per stage, all rounds",
    xLabel: "seconds",
    yLabel: "stage",
    empty: "run kaizen loop",
    data,
    width: 560,
    format: (value) => (value >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10)),
  });
}

export function benchmarkSection({ data }: SectionContext): ReportSection {
  const results = data.benchmark;
  const empty = "no private-benchmark results yet: kaizen loop scores each round's policy on the held-out benchmark tasks";
  const policies = [...new Set(results.map((result) => result.policyLabel))];
  const placed = results.filter((result) => result.roundIndex !== undefined);
  const series = (value: (result: (typeof results)[number]) => number) =>
    policies.map((name) => ({
      name,
      points: placed.filter((result) => result.policyLabel === name).map((result) => ({ x: result.roundIndex!, y: value(result), note: `${result.resolved}/${result.tasks} resolved` })),
    }));
  const charts = chartGrid([
    lineChart({ title: "Solve rate on the private benchmark", xLabel: "round", yLabel: "solve rate", empty: "run kaizen loop", series: series((result) => result.solveRate), yDomain: [0, 1], yFormat: formatPercent }),
    lineChart({ title: "Mean reward on the private benchmark", xLabel: "round", yLabel: "mean reward", empty: "run kaizen loop", series: series((result) => result.meanReward) }),
  ]);
  if (results.length === 0) return { id: "benchmark", title: "Private benchmark", html: emptyNote(empty) + charts, empty };
  const unplaced = results.length - placed.length;
  const rows = results.map((result) => [
    result.roundIndex ?? "—",
    result.policyLabel,
    result.tasks,
    result.resolved,
    { html: percent(result.resolved, result.tasks), sort: result.solveRate },
    { html: String(Math.round(result.meanReward * 1000) / 1000), sort: result.meanReward },
    result.hackFlagged,
    shortTime(result.evaluatedAt),
  ]);
  return {
    id: "benchmark",
    title: "Private benchmark",
    html: [
      charts,
      unplaced > 0 ? `<p class="note">${unplaced} result${unplaced === 1 ? " has" : "s have"} no round index and appear only in the table.</p>` : "",
      htmlTable({
        columns: [{ label: "round", numeric: true }, { label: "policy" }, { label: "tasks", numeric: true }, { label: "resolved", numeric: true }, { label: "solve rate", numeric: true }, { label: "mean reward", numeric: true }, { label: "hack-flagged", numeric: true }, { label: "evaluated (UTC)" }],
        rows,
      }),
    ].join(""),
  };
}
