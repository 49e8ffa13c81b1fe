import { barChart } from "./bar-chart.js";
import { escapeHtml } from "./escape-html.js";
import { chartGrid, emptyNote, htmlTable, percent, ratio } from "./html-parts.js";
import type { ReportSection, SectionContext } from "./report-section.js";

/** Categories drawn per dimension; the rest are summed into one bar. */
const MAX_BARS = 14;

export function tasksSection({ data }: SectionContext): ReportSection {
  const { distribution } = data;
  const empty = "no tasks yet: kaizen mine and kaizen inject make tasks (kaizen demo does both on the example repositories)";
  const charts = chartGrid(
    (distribution.tasks === 0 ? distribution.dimensions.slice(0, 2) : distribution.dimensions).map((dimension) => {
      const shown = dimension.categories.slice(0, MAX_BARS);
      const rest = dimension.categories.slice(MAX_BARS);
      const bars = shown.map((category) => ({
        label: category.name,
        value: category.tasks,
        note: category.tasks === 0 ? "gap" : dimension.name === "split" ? "" : category.judged > 0 ? `${percent(category.resolved, category.judged)} solved` : "unjudged",
        highlight: category.thin !== undefined,
      }));
      if (rest.length > 0) bars.push({ label: `${rest.length} more`, value: rest.reduce((sum, category) => sum + category.tasks, 0), note: "other categories", highlight: false });
      return barChart({ title: `Tasks by ${dimension.title.toLowerCase()}`, xLabel: "tasks", yLabel: dimension.title.split(" (")[0]!.toLowerCase(), empty: "run kaizen mine or kaizen inject", data: distribution.tasks === 0 ? [] : bars, width: 440 });
    }),
  );
  if (distribution.tasks === 0 && distribution.excluded.impossible + distribution.excluded.benchmark === 0) return { id: "tasks", title: "Tasks and gaps", html: emptyNote(empty) + charts, empty };
  const thin = distribution.dimensions.flatMap((dimension) => dimension.categories.filter((category) => category.thin && category.tasks > 0).map((category) => ({ dimension, category })));
  // Categories with no task at all are one row per dimension: a list, not a wall of identical rows.
  const gaps = distribution.dimensions
    .map((dimension) => ({ dimension, missing: dimension.categories.filter((category) => category.tasks === 0) }))
    .filter(({ missing }) => missing.length > 0);
  const thinTable =
    thin.length === 0
      ? `<p class="note">No thin category with tasks: every one has at least ${distribution.minTasks} tasks and ${distribution.targetShare} of an even share.</p>`
      : htmlTable({
          columns: [{ label: "dimension" }, { label: "category" }, { label: "tasks", numeric: true }, { label: "want", numeric: true, title: "tasks to add before it stops being thin" }, { label: "solved (judged trajectories)", numeric: true }, { label: "95% interval", numeric: true }, { label: "why thin" }],
          rows: thin.map(({ dimension, category }) => [
            dimension.title.split(" (")[0]!,
            { html: `<code>${escapeHtml(category.name)}</code>` },
            category.tasks,
            category.want ?? 0,
            ratio(category.resolved, category.judged),
            category.interval ? `${percent(category.interval[0], 1)}–${percent(category.interval[1], 1)}` : "—",
            category.thin!,
          ]),
        });
  const gapTable =
    gaps.length === 0
      ? ""
      : `<h3>Categories with no tasks</h3>${htmlTable({
          columns: [{ label: "dimension" }, { label: "categories", numeric: true }, { label: "want", numeric: true, title: "tasks to add before none is thin" }, { label: "names" }],
          rows: gaps.map(({ dimension, missing }) => [
            dimension.title,
            missing.length,
            missing.reduce((sum, category) => sum + (category.want ?? 0), 0),
            { html: missing.map((category) => `<code>${escapeHtml(category.name)}</code>`).join(" ") },
          ]),
        })}`;
  const { impossible, benchmark } = distribution.excluded;
  return {
    id: "tasks",
    title: "Tasks and gaps",
    html: [
      `<p class="note">${distribution.tasks} tasks analysed${impossible + benchmark > 0 ? ` (${impossible} impossible and ${benchmark} private-benchmark tasks are not training data and are counted apart)` : ""}. Bars count tasks; the note is the share of judged trajectories on them that resolved. <span class="swatch thin"></span> thin: fewer than ${distribution.minTasks} tasks, or under ${distribution.targetShare} of an even share of its dimension; a category with no tasks is a gap kaizen can fill. From learn's gap analysis (analyzeGaps), the one <code>kaizen learn</code> plans acquisition from.</p>`,
      charts,
      "<h3>Thin categories</h3>",
      thinTable,
      gapTable,
    ].join(""),
  };
}
