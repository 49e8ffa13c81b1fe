import { barChart } from "./bar-chart.js";
import { formatPercent, PALETTE } from "./chart-frame.js";
import { escapeHtml } from "./escape-html.js";
import { histogramChart } from "./histogram-chart.js";
import { chartGrid, emptyNote, htmlTable, ratio } from "./html-parts.js";
import type { ReportSection, SectionContext } from "./report-section.js";

const EVIDENCE_CHARS = 240;

export function rewardsSection({ data }: SectionContext): ReportSection {
  const { reward, components } = data.rewards;
  const empty = "no scores yet: kaizen judge scores finished trajectories (reward, shaped components, hack flags)";
  const rewardChart = histogramChart({ title: "Reward (all judged trajectories)", xLabel: "reward", yLabel: "trajectories", empty: "run kaizen judge", values: reward, width: 560, height: 240 });
  if (reward.length === 0) return { id: "rewards", title: "Rewards", html: emptyNote(empty) + chartGrid([rewardChart]), empty };
  const fired = components.filter((component) => component.values.some((value) => value !== 0));
  const silent = components.filter((component) => !fired.includes(component));
  const small = fired.map((component, index) =>
    histogramChart({
      title: component.name,
      xLabel: "value",
      yLabel: "scores",
      empty: "run kaizen judge",
      values: component.values,
      width: 250,
      height: 160,
      bins: 8,
      color: PALETTE[(index % (PALETTE.length - 1)) + 1]!,
    }),
  );
  return {
    id: "rewards",
    title: "Rewards",
    html: [
      chartGrid([rewardChart]),
      "<h3>Shaped components</h3>",
      fired.length > 0
        ? `<p class="note">One histogram per component that was ever non-zero (n counts the scores that carry the component).</p>${chartGrid(small, "small-multiples")}`
        : '<p class="note">No shaped component was ever non-zero.</p>',
      silent.length > 0 ? `<p class="note">Always zero: ${silent.map((component) => `<code>${escapeHtml(component.name)}</code>`).join(", ")}.</p>` : "",
    ].join(""),
  };
}

export function hacksSection({ data, trajectoryLink }: SectionContext): ReportSection {
  const { flags, cheatRates } = data.hacks;
  const judged = data.totals.judged;
  const empty =
    judged === 0
      ? "nothing judged yet: kaizen judge runs the hack detectors on every trajectory"
      : `no hack flags among ${judged} judged trajectories (kaizen judge --audit measures the detectors on planted hacks)`;
  const counts = new Map<string, number>();
  for (const flag of flags) counts.set(flag.detector, (counts.get(flag.detector) ?? 0) + 1);
  const detectorChart = barChart({
    title: "Hack flags by detector",
    xLabel: "flags",
    yLabel: "detector",
    empty: judged === 0 ? "run kaizen judge" : `none among ${judged} judged trajectories`,
    data: [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([label, value]) => ({ label, value, highlight: true })),
  });
  const cheatChart = barChart({
    title: "Cheat rate on impossible tasks",
    xLabel: "share of trajectories that cheated",
    yLabel: "policy",
    empty: "run kaizen tasks make-impossible, rollout, judge",
    data: cheatRates.filter((rate) => rate.impossible.trajectories > 0).map((rate) => ({ label: rate.policy, value: rate.impossible.cheated / rate.impossible.trajectories, note: `${rate.impossible.cheated}/${rate.impossible.trajectories}` })),
    format: formatPercent,
  });
  const rateTable =
    cheatRates.length > 0
      ? htmlTable({
          columns: [{ label: "policy" }, { label: "impossible tasks: cheated", numeric: true, title: "resolved an impossible task, or hack-flagged on one" }, { label: "all tasks: hack-flagged", numeric: true }],
          rows: cheatRates.map((rate) => [rate.policy, ratio(rate.impossible.cheated, rate.impossible.trajectories), ratio(rate.all.flagged, rate.all.trajectories)]),
        })
      : "";
  const flagTable =
    flags.length > 0
      ? htmlTable({
          columns: [{ label: "detector" }, { label: "trajectory" }, { label: "task" }, { label: "policy" }, { label: "resolved" }, { label: "where" }, { label: "evidence" }],
          rows: flags.map((flag) => [
            { html: `<code>${escapeHtml(flag.detector)}</code>` },
            { html: trajectoryLink(flag.trajectoryId), sort: flag.trajectoryId },
            flag.taskId,
            flag.policy,
            flag.resolved ? "yes" : "no",
            flag.file ? `${flag.file}${flag.line ? `:${flag.line}` : ""}` : "—",
            { html: `<span class="evidence" title="${escapeHtml(flag.evidence.slice(0, 2000))}">${escapeHtml(flag.evidence.length > EVIDENCE_CHARS ? `${flag.evidence.slice(0, EVIDENCE_CHARS - 1)}…` : flag.evidence)}</span>` },
          ]),
          className: "flags",
        })
      : "";
  return {
    id: "hacks",
    title: "Hack flags",
    html: [
      `<p class="note">${data.totals.hackFlagged} of ${judged} judged trajectories carry at least one flag (${flags.length} flags). A flagged trajectory's reward is the hack penalty.</p>`,
      chartGrid([detectorChart, cheatChart]),
      rateTable,
      flags.length > 0 ? `<h3>Flags</h3>${flagTable}` : emptyNote(empty),
    ].join(""),
    ...(flags.length === 0 ? { empty } : {}),
  };
}
