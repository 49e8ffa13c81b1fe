import { escapeHtml } from "./escape-html.js";

/** What every chart says about itself: a title, its axes, and what to run when it has no data. */
export interface ChartText {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Shown instead of the plot when there is no data: what fills it, e.g. `run kaizen judge`. */
  empty: string;
}

export interface Box {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The series colours: distinguishable, print-safe, readable on white. */
export const PALETTE = ["#3b6fb6", "#d9822b", "#3a9a5b", "#c2444e", "#7b5fb3", "#8c6b4f", "#cc6fa8", "#6d7378", "#a9a23a", "#2aa0b0"];

export const FONT_SIZE = 11;

/**
 * Round tick values about `count` apart-steps (1, 2 or 5 times a power of ten apart). By default
 * the ticks cover [min, max] (the first at or below min, the last at or above max), so a scale
 * from the first to the last tick holds every value; `inside` keeps only ticks within [min, max].
 */
export function niceTicks(min: number, max: number, count = 5, { inside = false } = {}): number[] {
  if (!(max > min)) return [min];
  const step = niceStep((max - min) / Math.max(1, count));
  const first = (inside ? Math.ceil(min / step - 1e-9) : Math.floor(min / step + 1e-9)) * step;
  const last = (inside ? Math.floor(max / step + 1e-9) : Math.ceil(max / step - 1e-9)) * step;
  const ticks: number[] = [];
  for (let index = 0; first + index * step <= last + step * 1e-9; index++) ticks.push(roundTo(first + index * step, step));
  return ticks;
}

/** The 1/2/5×10ⁿ step nearest above `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

/** Removes float noise (0.30000000000000004) at the precision of `step`. */
export function roundTo(value: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(value.toFixed(Math.min(12, digits)));
}

/** A number as a tick label: integers plain, fractions without trailing zeros, large values with k. */
export function formatTick(value: number): string {
  if (Math.abs(value) >= 10_000) return `${roundTo(value / 1000, 0.1)}k`;
  return String(roundTo(value, Math.abs(value) >= 1 ? 0.01 : 0.001));
}

export function formatPercent(value: number): string {
  return `${roundTo(value * 100, 1)}%`;
}

/** Opens a chart's `<svg>`: its kind and data count as attributes, its title as text and as `<title>`. */
export function openSvg(options: { kind: string; box: Box; title: string; points: number; extra?: string; subtitle?: string }): string {
  const { kind, box, title, points, extra = "", subtitle } = options;
  return [
    `<svg class="chart chart-${kind}" data-chart="${kind}" data-points="${points}"${extra} xmlns="http://www.w3.org/2000/svg" width="${box.width}" height="${box.height}" viewBox="0 0 ${box.width} ${box.height}" role="img" aria-label="${escapeHtml(title)}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<text class="chart-title" x="4" y="13" font-weight="600">${escapeHtml(title)}</text>`,
    subtitle ? `<text class="chart-subtitle" x="4" y="25" fill="#5d6673">${escapeHtml(subtitle)}</text>` : "",
  ].join("");
}

/**
 * A chart with nothing to plot: the frame, its title and axis labels, and the command that fills
 * it, so an empty section says what to do rather than showing a blank.
 */
export function emptyChart(options: { kind: string; text: ChartText; width: number; height: number }): string {
  const { kind, text, width, height } = options;
  const box: Box = { width, height, left: 44, right: 12, top: 26, bottom: 34 };
  const plotWidth = width - box.left - box.right;
  const plotHeight = height - box.top - box.bottom;
  return [
    openSvg({ kind, box, title: text.title, points: 0, extra: ' data-empty="true"' }),
    `<rect class="plot-empty" x="${box.left}" y="${box.top}" width="${plotWidth}" height="${plotHeight}" fill="#f6f7f9" stroke="#d4d8de" stroke-dasharray="3 3"/>`,
    `<text class="empty-note" x="${box.left + plotWidth / 2}" y="${box.top + plotHeight / 2 - 4}" text-anchor="middle" fill="#4a5260">no data yet</text>`,
    `<text class="empty-note" x="${box.left + plotWidth / 2}" y="${box.top + plotHeight / 2 + 12}" text-anchor="middle" fill="#6b7380">${escapeHtml(clip(text.empty, Math.floor(plotWidth / 6)))}</text>`,
    axisLabels(box, text),
    "</svg>",
  ].join("");
}

/** The x label under the plot and the y label turned along the left edge. */
export function axisLabels(box: Box, text: Pick<ChartText, "xLabel" | "yLabel">): string {
  const plotMiddleX = box.left + (box.width - box.left - box.right) / 2;
  const plotMiddleY = box.top + (box.height - box.top - box.bottom) / 2;
  return [
    `<text class="axis-label" x="${plotMiddleX}" y="${box.height - 4}" text-anchor="middle" fill="#4a5260">${escapeHtml(text.xLabel)}</text>`,
    `<text class="axis-label" transform="translate(11 ${plotMiddleY}) rotate(-90)" text-anchor="middle" fill="#4a5260">${escapeHtml(text.yLabel)}</text>`,
  ].join("");
}

/** A horizontal value axis along the plot's bottom: gridlines up through the plot, ticks and their labels. */
export function bottomAxis(options: { box: Box; ticks: number[]; x: (value: number) => number; format?: (value: number) => string; grid?: boolean }): string {
  const { box, ticks, x, format = formatTick, grid = true } = options;
  const bottom = box.height - box.bottom;
  const parts = [`<line class="axis" x1="${box.left}" x2="${box.width - box.right}" y1="${bottom}" y2="${bottom}" stroke="#8a919c"/>`];
  for (const tick of ticks) {
    const at = round(x(tick));
    if (grid) parts.push(`<line class="grid" x1="${at}" x2="${at}" y1="${box.top}" y2="${bottom}" stroke="#eceef1"/>`);
    parts.push(`<line class="tick" x1="${at}" x2="${at}" y1="${bottom}" y2="${bottom + 4}" stroke="#8a919c"/>`);
    parts.push(`<text class="tick-label" x="${at}" y="${bottom + 14}" text-anchor="middle" fill="#4a5260">${escapeHtml(format(tick))}</text>`);
  }
  return parts.join("");
}

/** A vertical value axis along the plot's left: gridlines across the plot, ticks and their labels. */
export function leftAxis(options: { box: Box; ticks: number[]; y: (value: number) => number; format?: (value: number) => string }): string {
  const { box, ticks, y, format = formatTick } = options;
  const parts = [`<line class="axis" x1="${box.left}" x2="${box.left}" y1="${box.top}" y2="${box.height - box.bottom}" stroke="#8a919c"/>`];
  for (const tick of ticks) {
    const at = round(y(tick));
    parts.push(`<line class="grid" x1="${box.left}" x2="${box.width - box.right}" y1="${at}" y2="${at}" stroke="#eceef1"/>`);
    parts.push(`<line class="tick" x1="${box.left - 4}" x2="${box.left}" y1="${at}" y2="${at}" stroke="#8a919c"/>`);
    parts.push(`<text class="tick-label" x="${box.left - 6}" y="${at + 3.5}" text-anchor="end" fill="#4a5260">${escapeHtml(format(tick))}</text>`);
  }
  return parts.join("");
}

/** Maps [domainMin, domainMax] onto [rangeMin, rangeMax]. */
export function scale(domainMin: number, domainMax: number, rangeMin: number, rangeMax: number): (value: number) => number {
  const span = domainMax - domainMin || 1;
  return (value) => rangeMin + ((value - domainMin) / span) * (rangeMax - rangeMin);
}

export function round(value: number): number {
  return Math.round(value * 10) / 10;
}

export function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, Math.max(1, length - 1))}…`;
}
