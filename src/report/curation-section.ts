import type { Tally } from "../curate/curation-audit.js";
import { barChart, type BarDatum } from "./bar-chart.js";
import { escapeHtml } from "./escape-html.js";
import { chartGrid, emptyNote, htmlTable, keyFigures, percent } from "./html-parts.js";
import type { ReportSection, SectionContext } from "./report-section.js";

const MAX_BARS = 12;

export function provenanceSection({ data }: SectionContext): ReportSection {
  const audit = data.curation;
  const empty = "nothing curated yet: kaizen curate decides, under the provenance policy, which trajectories the exports may use";
  const tallyBars = (tallies: Record<string, Tally>, highlight: (name: string) => boolean = () => false): BarDatum[] => {
    const sorted = Object.entries(tallies)
      .filter(([, tally]) => tally.total > 0)
      .sort(([nameA, a], [nameB, b]) => b.total - a.total || nameA.localeCompare(nameB));
    const bars: BarDatum[] = sorted.slice(0, MAX_BARS).map(([name, tally]) => ({ label: name, value: tally.total, note: `${tally.included} kept`, highlight: highlight(name) }));
    const rest = sorted.slice(MAX_BARS);
    if (rest.length > 0) bars.push({ label: `${rest.length} more`, value: rest.reduce((sum, [, tally]) => sum + tally.total, 0), note: "others" });
    return bars;
  };
  const chart = (title: string, yLabel: string, bars: BarDatum[]) => barChart({ title, xLabel: "trajectories", yLabel, empty: "run kaizen curate", data: bars, width: 440 });
  const reasons = Object.entries(audit.reasons).sort(([, a], [, b]) => b.count - a.count);
  const charts = chartGrid([
    chart("Provenance tier", "tier", tallyBars(audit.tiers, (tier) => tier !== "transparent")),
    chart("Exclusion reasons", "reason", reasons.map(([reason, count]) => ({ label: reason, value: count.count, note: `${count.only} only this`, highlight: true }))),
    chart("Licences in context", "licence", tallyBars(audit.licenses)),
    chart("Repositories", "repository", tallyBars(audit.repos)),
    chart("Retrieved domains", "domain", tallyBars(audit.domains)),
  ]);
  if (audit.total === 0) return { id: "provenance", title: "Provenance mix", html: emptyNote(empty) + charts, empty };
  const figures = keyFigures([
    { label: "curated trajectories", value: String(audit.total) },
    { label: "included", value: String(audit.included), detail: `${audit.positives} positive · ${audit.negatives} negative` },
    { label: "excluded", value: String(audit.excluded), detail: percent(audit.excluded, audit.total), warn: audit.excluded / audit.total > 0.5 },
    { label: "loss-masked steps", value: String(audit.maskedSteps), detail: `in ${audit.maskedTrajectories} trajectories` },
    ...Object.entries(audit.splits).map(([name, split]) => ({ label: `${name} split`, value: String(split.total), detail: `${split.included} included` })),
  ]);
  const reasonTable =
    reasons.length > 0
      ? htmlTable({
          columns: [{ label: "reason" }, { label: "trajectories", numeric: true }, { label: "only this reason", numeric: true, title: "what relaxing this one filter would bring back" }, { label: "example" }],
          rows: reasons.map(([reason, count]) => [{ html: `<code>${escapeHtml(reason)}</code>` }, count.count, count.only, `${count.example.trajectoryId}: ${count.example.detail}`]),
        })
      : '<p class="note">Nothing was excluded.</p>';
  return {
    id: "provenance",
    title: "Provenance mix",
    html: [figures, charts, "<h3>Exclusions</h3>", reasonTable, audit.orphans.count > 0 ? `<p class="note">${audit.orphans.count} trajectories have no decision because their task is missing, e.g. ${escapeHtml(audit.orphans.example ?? "")}.</p>` : ""].join(""),
  };
}

export function reviewsSection({ data, trajectoryLink }: SectionContext): ReportSection {
  const { reviews } = data;
  const empty = "no patch reviews yet: the auditor reviews resolved patches and queues the ones that need a human's sign-off (kaizen review)";
  const state = (review: (typeof reviews)[number]) => (review.decision ? review.decision.status : review.verdict === "needs-sign-off" ? "awaiting sign-off" : "auto-accepted");
  const counts = new Map<string, number>();
  for (const review of reviews) counts.set(state(review), (counts.get(state(review)) ?? 0) + 1);
  const chart = barChart({
    title: "Reviewed patches by state",
    xLabel: "patches",
    yLabel: "state",
    empty: "run kaizen review",
    data: ["auto-accepted", "awaiting sign-off", "accepted", "rejected"].filter((name) => counts.has(name)).map((name) => ({ label: name, value: counts.get(name)!, highlight: name === "awaiting sign-off" || name === "rejected" })),
  });
  if (reviews.length === 0) return { id: "reviews", title: "Review queue", html: emptyNote(empty) + chartGrid([chart]), empty };
  const queue = reviews.filter((review) => review.verdict === "needs-sign-off");
  const table =
    queue.length > 0
      ? htmlTable({
          columns: [{ label: "trajectory" }, { label: "task" }, { label: "state" }, { label: "why sign-off", title: "the auditor's reasons" }, { label: "diff", numeric: true }, { label: "failed checks" }],
          rows: queue.map((review) => [
            { html: trajectoryLink(review.trajectoryId), sort: review.trajectoryId },
            review.taskId,
            review.decision ? `${review.decision.status} by ${review.decision.by}` : "awaiting sign-off",
            review.reasons.join("; "),
            { html: `${review.diff.files} files, ${review.diff.lines} lines`, sort: review.diff.lines },
            review.checks.filter((check) => check.status === "failed").map((check) => check.name).join(", ") || "—",
          ]),
        })
      : '<p class="note">Every reviewed patch was accepted automatically.</p>';
  return { id: "reviews", title: "Review queue", html: chartGrid([chart]) + "<h3>Patches that needed sign-off</h3>" + table };
}
