import { axisLabels, type Box, bottomAxis, type ChartText, clip, emptyChart, formatTick, leftAxis, niceTicks, openSvg, PALETTE, round, scale } from "./chart-frame.js";
import { escapeHtml } from "./escape-html.js";

export interface LinePoint {
  x: number;
  y: number;
  /** The tooltip's detail, e.g. `12/20 resolved`. */
  note?: string;
}

export interface LineSeries {
  name: string;
  points: LinePoint[];
}

export interface LineChartOptions extends ChartText {
  series: LineSeries[];
  width?: number;
  height?: number;
  /** A fixed value range, e.g. [0, 1] for rates; otherwise the data's, from zero. */
  yDomain?: [number, number];
  yFormat?: (value: number) => string;
  /** Only whole-number x ticks (round indices). Default true. */
  integerX?: boolean;
}

/**
 * Lines with a marker per point: one `<g class="series">` per series (its name and point count as
 * attributes) holding the path and one `<circle class="point">` per point, with a legend below.
 */
export function lineChart({ series, width = 560, height = 260, yDomain, yFormat = formatTick, integerX = true, ...text }: LineChartOptions): string {
  const drawn = series.filter((entry) => entry.points.length > 0);
  if (drawn.length === 0) return emptyChart({ kind: "line", text, width, height });
  const points = drawn.flatMap((entry) => entry.points);
  const legendRows = Math.ceil(drawn.length / Math.max(1, Math.floor((width - 50) / 170)));
  const box: Box = { width, height: height + legendRows * 16, left: 48, right: 16, top: 26, bottom: 52 + legendRows * 16 };
  let xMin = Math.min(...points.map((point) => point.x));
  let xMax = Math.max(...points.map((point) => point.x));
  if (xMin === xMax) [xMin, xMax] = [xMin - 1, xMax + 1];
  const [yMin, yMax] = yDomain ?? [Math.min(0, ...points.map((point) => point.y)), Math.max(...points.map((point) => point.y))];
  const yTicks = niceTicks(yMin, yMax > yMin ? yMax : yMin + 1, 5);
  const xTicks = niceTicks(xMin, xMax, Math.min(10, Math.floor((width - 64) / 50)), { inside: true }).filter((tick) => !integerX || Number.isInteger(tick));
  const plotBottom = box.height - box.bottom;
  const pad = 12;
  const x = scale(xMin, xMax, box.left + pad, width - box.right - pad);
  const y = scale(yTicks[0]!, yTicks.at(-1)!, plotBottom, box.top);
  const groups = drawn.map((entry, index) => {
    const color = PALETTE[index % PALETTE.length]!;
    const sorted = [...entry.points].sort((a, b) => a.x - b.x);
    const path = sorted.map((point, at) => `${at === 0 ? "M" : "L"}${round(x(point.x))} ${round(y(point.y))}`).join(" ");
    const circles = sorted.map(
      (point) =>
        `<circle class="point" data-x="${point.x}" data-y="${point.y}" cx="${round(x(point.x))}" cy="${round(y(point.y))}" r="3.5" fill="${color}" stroke="#fff" stroke-width="1"><title>${escapeHtml(`${entry.name} · x=${formatTick(point.x)}: ${yFormat(point.y)}${point.note ? ` (${point.note})` : ""}`)}</title></circle>`,
    );
    return `<g class="series" data-series="${escapeHtml(entry.name)}" data-points="${sorted.length}"><path d="${path}" fill="none" stroke="${color}" stroke-width="1.8"/>${circles.join("")}</g>`;
  });
  const perRow = Math.max(1, Math.floor((width - 50) / 170));
  const legend = drawn.map((entry, index) => {
    const lx = box.left + (index % perRow) * 170;
    const ly = plotBottom + 52 + Math.floor(index / perRow) * 16;
    return `<g class="legend-item"><line x1="${lx}" x2="${lx + 14}" y1="${ly - 4}" y2="${ly - 4}" stroke="${PALETTE[index % PALETTE.length]}" stroke-width="2.5"/><text x="${lx + 18}" y="${ly}" fill="#272c33">${escapeHtml(clip(entry.name, 26))}<title>${escapeHtml(entry.name)}</title></text></g>`;
  });
  const labelBox: Box = { ...box, bottom: box.bottom - legendRows * 16 - 12, height: box.height - legendRows * 16 - 12 };
  return [
    openSvg({ kind: "line", box, title: text.title, points: points.length, extra: ` data-series-count="${drawn.length}"` }),
    leftAxis({ box, ticks: yTicks, y, format: yFormat }),
    bottomAxis({ box, ticks: xTicks, x, grid: false }),
    `<g class="marks">${groups.join("")}</g>`,
    `<g class="legend">${legend.join("")}</g>`,
    axisLabels(labelBox, text),
    "</svg>",
  ].join("");
}
