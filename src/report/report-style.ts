/** The report's stylesheet: light, dense, system fonts only (the page loads nothing from the web). */
export const REPORT_CSS = `
:root { --ink: #1d2228; --dim: #5d6673; --rule: #dfe3e8; --soft: #f5f7f9; --accent: #3b6fb6; --bad: #c2444e; --warn-bg: #fdf3f3; }
* { box-sizing: border-box; }
html { background: #fff; }
body { margin: 0; color: var(--ink); font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif; font-variant-numeric: tabular-nums; }
main { max-width: 1400px; margin: 0 auto; padding: 0 28px 48px; }
header.page { border-bottom: 1px solid var(--rule); padding: 18px 28px 12px; max-width: 1400px; margin: 0 auto; }
header.page h1 { font-size: 20px; margin: 0 0 2px; letter-spacing: -0.01em; }
header.page .meta { color: var(--dim); font-size: 12px; }
nav.toc { position: sticky; top: 0; z-index: 2; background: rgba(255,255,255,0.96); border-bottom: 1px solid var(--rule); }
nav.toc ol { list-style: none; display: flex; flex-wrap: wrap; gap: 2px 18px; margin: 0 auto; padding: 7px 28px; max-width: 1400px; font-size: 12px; }
nav.toc a { color: var(--dim); text-decoration: none; }
nav.toc a:hover { color: var(--accent); }
nav.toc .empty-mark { color: #a3aab4; }
section { padding-top: 14px; margin-top: 10px; border-top: 1px solid var(--rule); }
section:first-of-type { border-top: none; }
h2 { font-size: 16px; margin: 6px 0 8px; }
h2 .n { color: var(--dim); font-weight: 400; margin-right: 6px; }
h3 { font-size: 13px; margin: 14px 0 6px; }
p { margin: 6px 0; max-width: 110ch; }
.note { color: var(--dim); font-size: 12px; }
.empty { color: #6b4a00; background: #fff8e6; border: 1px solid #f0deb0; border-radius: 3px; padding: 6px 10px; display: inline-block; font-size: 12px; }
.dim { color: var(--dim); }
.bad { color: var(--bad); font-weight: 600; }
code { font: 12px/1.3 ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; background: var(--soft); padding: 0 3px; border-radius: 2px; }
a { color: var(--accent); }
a code { color: var(--accent); }
.figures { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0; }
.figure { border: 1px solid var(--rule); border-radius: 4px; padding: 6px 12px 7px; min-width: 118px; }
.figure.warn { border-color: #e8b4b8; background: var(--warn-bg); }
.figure-value { font-size: 19px; font-weight: 600; line-height: 1.2; }
.figure-label { color: var(--dim); font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; }
.figure-detail { color: var(--dim); font-size: 11px; }
.notes { background: var(--warn-bg); border: 1px solid #e8b4b8; border-radius: 4px; padding: 6px 12px; margin: 8px 0; font-size: 12px; }
.charts { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: flex-start; margin: 8px 0; }
.charts figure { margin: 0; border: 1px solid var(--rule); border-radius: 4px; padding: 4px 6px 2px; background: #fff; }
.charts svg { display: block; max-width: 100%; height: auto; font-size: 11px; font-family: inherit; }
.chart-title { font-size: 12px; fill: var(--ink); }
.small-multiples .chart-title { font-size: 11px; }
svg .bar:hover, svg .bin:hover, svg .point:hover { opacity: 0.75; }
.swatch { display: inline-block; width: 10px; height: 10px; vertical-align: -1px; border-radius: 2px; }
.swatch.thin { background: var(--bad); }
.table-wrap { overflow-x: auto; margin: 6px 0; }
table { border-collapse: collapse; font-size: 12px; }
th, td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid #eceef1; vertical-align: top; }
th { font-weight: 600; color: var(--dim); border-bottom: 1px solid #c9ced5; white-space: nowrap; }
table.sortable th { cursor: pointer; }
table.sortable th:hover { color: var(--accent); }
th.sorted-asc::after { content: " ▲"; font-size: 9px; } th.sorted-desc::after { content: " ▼"; font-size: 9px; }
td.num, th.num { text-align: right; padding-left: 10px; }
td:first-child, td code { white-space: nowrap; }
td.failed { background: var(--warn-bg); }
tbody tr:hover { background: #f7f9fb; }
.flags .evidence { display: inline-block; max-width: 70ch; }
.status { font-size: 11px; padding: 0 5px; border-radius: 8px; background: var(--soft); }
.status-finished { background: #e7f4ec; color: #216b3c; } .status-failed { background: var(--warn-bg); color: var(--bad); } .status-running { background: #fff8e6; color: #6b4a00; }
.kv { white-space: nowrap; margin-right: 8px; } .k { color: var(--dim); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(400px, 1fr)); gap: 10px; }
.skill-card { border: 1px solid var(--rule); border-radius: 4px; padding: 8px 12px; }
.skill-card header { display: flex; justify-content: space-between; align-items: baseline; }
.skill-card h3 { margin: 0; font-size: 13px; }
.skill-card .count { font-weight: 600; color: var(--bad); }
.card-meta { color: var(--dim); font-size: 11.5px; margin: 2px 0 4px; }
.card-row { margin: 3px 0; font-size: 12px; }
.recipe { background: var(--soft); border-radius: 3px; padding: 4px 8px; margin: 6px 0; }
.recipe > .k { font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; }
.evidence-links a { margin-right: 4px; }
footer { color: var(--dim); font-size: 11px; border-top: 1px solid var(--rule); margin-top: 24px; padding-top: 8px; }
pre.transcript { font: 12px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; background: var(--soft); border: 1px solid var(--rule); border-radius: 4px; padding: 10px 12px; overflow-x: auto; white-space: pre; }
`;

/** Click a header to sort its table (numbers by data-sort, else text); the page reads fine without it. */
export const SORT_SCRIPT = `
document.querySelectorAll("table.sortable").forEach((table) => {
  table.querySelectorAll("th").forEach((th, column) => th.addEventListener("click", () => {
    const body = table.tBodies[0];
    const descending = th.classList.contains("sorted-asc");
    table.querySelectorAll("th").forEach((other) => other.classList.remove("sorted-asc", "sorted-desc"));
    th.classList.add(descending ? "sorted-desc" : "sorted-asc");
    const key = (row) => { const cell = row.cells[column]; const value = cell?.dataset.sort ?? cell?.textContent ?? ""; const number = Number(value); return value !== "" && !Number.isNaN(number) ? number : value; };
    const rows = [...body.rows].sort((a, b) => { const x = key(a), y = key(b); const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y)); return descending ? -order : order; });
    rows.forEach((row) => body.appendChild(row));
  }));
});
`;
