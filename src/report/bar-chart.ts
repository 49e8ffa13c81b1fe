import { axisLabels, type Box, bottomAxis, type ChartText, clip, emptyChart, formatTick, niceTicks, openSvg, PALETTE, round, scale } from "./chart-frame.js";
import { escapeHtml } from "./escape-html.js";

export interface BarDatum {
  label: string;
  value: number;
  /** Said after the value at the bar's end and in its tooltip, e.g. `58% solved`. */
  note?: string;
  /** Drawn in the warning colour: a thin category, a failing stage. */
  highlight?: boolean;
}

export interface BarChartOptions extends ChartText {
  data: BarDatum[];
  width?: number;
  /** How a value is written at the bar's end and on the axis. */
  format?: (value: number) => string;
  /** The most characters of a category label shown (the tooltip has it whole). */
  maxLabelChars?: number;
}

const BAR_STEP = 18;
const HIGHLIGHT = "#c2444e";

/**
 * Horizontal bars, one per category (categories down the left, values along the bottom), so long
 * category names stay readable. Each bar is one `<rect class="bar">` carrying its label and value.
 */
export function barChart({ data, width = 460, format = formatTick, maxLabelChars = 24, ...text }: BarChartOptions): string {
  if (data.length === 0) return emptyChart({ kind: "bar", text, width, height: 150 });
  const labels = data.map((datum) => clip(datum.label, maxLabelChars));
  const longest = Math.max(...labels.map((label) => label.length));
  // Room at the right for the longest value-and-note written past its bar.
  const longestValue = Math.max(...data.map((datum) => `${format(datum.value)}${datum.note ? ` · ${datum.note}` : ""}`.length));
  const box: Box = { width, left: 28 + Math.min(longest, maxLabelChars) * 6.6, right: Math.min(width * 0.4, 10 + longestValue * 6), top: 26, bottom: 34, height: 0 };
  box.height = box.top + box.bottom + data.length * BAR_STEP + 4;
  const max = Math.max(0, ...data.map((datum) => datum.value));
  const min = Math.min(0, ...data.map((datum) => datum.value));
  const wanted = Math.max(2, Math.floor((width - box.left - box.right) / 70));
  // Counts get whole-number ticks.
  const integral = data.every((datum) => Number.isInteger(datum.value));
  const ticks = niceTicks(min, max > min ? max : min + 1, integral ? Math.min(wanted, Math.max(1, max - min)) : wanted);
  const x = scale(ticks[0]!, ticks.at(-1)!, box.left, width - box.right);
  const bars = data.map((datum, index) => {
    const y = box.top + 4 + index * BAR_STEP;
    const from = x(Math.min(0, datum.value));
    const barWidth = Math.max(datum.value === 0 ? 0 : 1, x(Math.max(0, datum.value)) - from);
    const valueText = `${format(datum.value)}${datum.note ? ` · ${datum.note}` : ""}`;
    const tooltip = `${datum.label}: ${valueText}`;
    return [
      `<text class="category-label" x="${box.left - 6}" y="${y + BAR_STEP / 2 + 1}" text-anchor="end" fill="#272c33">${escapeHtml(labels[index]!)}<title>${escapeHtml(datum.label)}</title></text>`,
      `<rect class="bar${datum.highlight ? " highlight" : ""}" data-label="${escapeHtml(datum.label)}" data-value="${datum.value}" x="${round(from)}" y="${y + 2}" width="${round(barWidth)}" height="${BAR_STEP - 5}" fill="${datum.highlight ? HIGHLIGHT : PALETTE[0]}"><title>${escapeHtml(tooltip)}</title></rect>`,
      `<text class="bar-value" x="${round(from + barWidth + 4)}" y="${y + BAR_STEP / 2 + 1}" fill="#4a5260">${escapeHtml(valueText)}</text>`,
    ].join("");
  });
  return [
    openSvg({ kind: "bar", box, title: text.title, points: data.length }),
    bottomAxis({ box, ticks, x, format }),
    `<line class="axis" x1="${box.left}" x2="${box.left}" y1="${box.top}" y2="${box.height - box.bottom}" stroke="#8a919c"/>`,
    `<g class="marks">${bars.join("")}</g>`,
    axisLabels(box, text),
    "</svg>",
  ].join("");
}
