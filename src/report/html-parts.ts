import { escapeHtml } from "./escape-html.js";

/** One cell: text (escaped here), or markup already made safe, with an optional value to sort by. */
export type Cell = string | number | { html: string; sort?: number | string; className?: string };

export interface HtmlTableOptions {
  columns: { label: string; numeric?: boolean; title?: string }[];
  rows: Cell[][];
  /** Click a header to sort (a few lines of inline script; the table reads fine without it). */
  sortable?: boolean;
  /** Rows shown; the rest are counted in a footnote. */
  limit?: number;
  className?: string;
}

export function htmlTable({ columns, rows, sortable = true, limit = 500, className = "" }: HtmlTableOptions): string {
  const head = columns
    .map((column) => `<th${column.numeric ? ' class="num"' : ""}${column.title ? ` title="${escapeHtml(column.title)}"` : ""}>${escapeHtml(column.label)}</th>`)
    .join("");
  const body = rows
    .slice(0, limit)
    .map((row) => `<tr>${row.map((cell, index) => renderCell(cell, columns[index]?.numeric ?? false)).join("")}</tr>`)
    .join("\n");
  const more = rows.length > limit ? `<p class="note">… and ${rows.length - limit} more rows (the first ${limit} shown).</p>` : "";
  return `<div class="table-wrap"><table class="${[sortable ? "sortable" : "", className].join(" ").trim()}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>${more}`;
}

function renderCell(cell: Cell, numeric: boolean): string {
  if (typeof cell === "object") {
    const classes = [numeric ? "num" : "", cell.className ?? ""].join(" ").trim();
    return `<td${classes ? ` class="${classes}"` : ""}${cell.sort !== undefined ? ` data-sort="${escapeHtml(cell.sort)}"` : ""}>${cell.html}</td>`;
  }
  return `<td${numeric ? ' class="num"' : ""}${typeof cell === "number" ? ` data-sort="${cell}"` : ""}>${escapeHtml(cell)}</td>`;
}

/** A row of headline numbers. */
export function keyFigures(figures: { label: string; value: string; detail?: string; warn?: boolean }[]): string {
  return `<div class="figures">${figures
    .map(
      (figure) =>
        `<div class="figure${figure.warn ? " warn" : ""}"><div class="figure-value">${escapeHtml(figure.value)}</div><div class="figure-label">${escapeHtml(figure.label)}</div>${figure.detail ? `<div class="figure-detail">${escapeHtml(figure.detail)}</div>` : ""}</div>`,
    )
    .join("")}</div>`;
}

/** Charts side by side, wrapping; each SVG keeps its own size. */
export function chartGrid(charts: string[], className = ""): string {
  return `<div class="charts ${className}">${charts.map((chart) => `<figure>${chart}</figure>`).join("")}</div>`;
}

/** A section's empty state: what is missing and the command that fills it. */
export function emptyNote(why: string): string {
  return `<p class="empty">${escapeHtml(why)}</p>`;
}

export function percent(part: number, whole: number): string {
  if (whole === 0) return "—";
  const share = (100 * part) / whole;
  return `${share > 0 && share < 1 ? share.toFixed(1) : Math.round(share)}%`;
}

export function ratio(part: number, whole: number): { html: string; sort: number } {
  return { html: `${part}/${whole} <span class="dim">(${percent(part, whole)})</span>`, sort: whole === 0 ? -1 : part / whole };
}

export function duration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(seconds / 3600)}h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, "0")}m`;
}

export function between(from: string | undefined, to: string | undefined): number | undefined {
  if (!from || !to) return undefined;
  return Date.parse(to) - Date.parse(from);
}

/** Short UTC time, `2026-01-01 10:02`. */
export function shortTime(iso: string | undefined): string {
  return iso ? iso.replace("T", " ").slice(0, 16) : "—";
}

/**
 * Any value a round's summary may hold, compactly: numbers and strings as they are, lists by
 * their items (or count when long), objects as `key value` pairs two levels deep (a round's
 * `trajectories` reads `oracle rollouts 7 resolved 7`).
 */
export function summaryValue(value: unknown, depth = 0): string {
  if (value === null || value === undefined) return '<span class="dim">—</span>';
  if (typeof value === "number") return escapeHtml(Number.isInteger(value) ? value.toLocaleString("en-US") : String(Math.round(value * 1000) / 1000));
  if (typeof value === "string" || typeof value === "boolean") return escapeHtml(String(value));
  if (Array.isArray(value)) {
    if (value.length === 0) return '<span class="dim">none</span>';
    if (depth > 0 || value.length > 6) return `<span title="${escapeHtml(JSON.stringify(value).slice(0, 2000))}">${value.length} items</span>`;
    return value.map((item) => summaryValue(item, depth + 1)).join(", ");
  }
  if (typeof value === "object") {
    if (depth > 1) return `<span title="${escapeHtml(JSON.stringify(value).slice(0, 2000))}">{…}</span>`;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '<span class="dim">—</span>';
    const pairs = entries.map(([key, item]) => `<span class="kv"><span class="k">${escapeHtml(key)}</span> ${summaryValue(item, depth + 1)}</span>`).join(" ");
    return depth > 0 ? `<span class="nested">${pairs}</span>` : pairs;
  }
  return escapeHtml(String(value));
}
