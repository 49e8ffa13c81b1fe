import { axisLabels, type Box, bottomAxis, type ChartText, emptyChart, formatTick, leftAxis, niceStep, niceTicks, openSvg, PALETTE, round, roundTo, scale } from "./chart-frame.js";
import { escapeHtml } from "./escape-html.js";

export interface HistogramOptions extends ChartText {
  values: number[];
  width?: number;
  height?: number;
  /** About how many bins; the width is rounded to a 1/2/5 step. Default: √n, from 4 to 16. */
  bins?: number;
  color?: string;
}

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

/** Equal-width bins on round edges; the last bin holds its upper edge. One distinct value makes one bin. */
export function histogramBins(values: number[], target?: number): HistogramBin[] {
  if (values.length === 0) return [];
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (min === max) {
    const half = niceStep(Math.abs(min) / 20 || 0.05);
    return [{ from: roundTo(min - half, half), to: roundTo(min + half, half), count: values.length }];
  }
  const wanted = target ?? Math.min(16, Math.max(4, Math.round(Math.sqrt(values.length))));
  const width = niceStep((max - min) / wanted);
  const start = Math.floor(min / width + 1e-9) * width;
  const count = Math.max(1, Math.floor((max - start) / width + 1e-9) + 1);
  const bins = Array.from({ length: count }, (_, index) => ({ from: roundTo(start + index * width, width), to: roundTo(start + (index + 1) * width, width), count: 0 }));
  for (const value of values) bins[Math.min(count - 1, Math.floor((value - start) / width + 1e-9))]!.count++;
  return bins;
}

/**
 * A histogram: one `<rect class="bin">` per bin (empty bins too, at zero height) carrying its edges
 * and count, and a dashed line at the mean.
 */
export function histogramChart({ values, width = 300, height = 190, bins: target, color = PALETTE[0]!, ...text }: HistogramOptions): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return emptyChart({ kind: "histogram", text, width, height });
  const bins = histogramBins(finite, target);
  const mean = finite.reduce((sum, value) => sum + value, 0) / finite.length;
  const box: Box = { width, height, left: 44, right: 12, top: 34, bottom: 36 };
  // One bin alone would fill the plot; room on either side shows it as the single value it is.
  const pad = bins.length === 1 ? 2 * (bins[0]!.to - bins[0]!.from) : 0;
  const from = bins[0]!.from - pad;
  const to = bins.at(-1)!.to + pad;
  const x = scale(from, to, box.left, width - box.right);
  const highest = Math.max(...bins.map((bin) => bin.count));
  const yTicks = niceTicks(0, Math.max(1, highest), 4).filter((tick) => Number.isInteger(tick));
  const y = scale(0, yTicks.at(-1)!, height - box.bottom, box.top);
  const xTicks = niceTicks(from, to, Math.max(2, Math.floor((width - box.left - box.right) / 55)), { inside: true });
  const marks = bins.map((bin) => {
    const top = y(bin.count);
    const tooltip = `[${formatTick(bin.from)}, ${formatTick(bin.to)}${bin === bins.at(-1) ? "]" : ")"}: ${bin.count}`;
    return `<rect class="bin" data-from="${bin.from}" data-to="${bin.to}" data-count="${bin.count}" x="${round(x(bin.from) + 0.5)}" y="${round(top)}" width="${round(Math.max(1, x(bin.to) - x(bin.from) - 1))}" height="${round(height - box.bottom - top)}" fill="${color}"><title>${escapeHtml(tooltip)}</title></rect>`;
  });
  const meanX = round(x(mean));
  return [
    openSvg({ kind: "histogram", box, title: text.title, points: finite.length, extra: ` data-bins="${bins.length}"`, subtitle: `n=${finite.length} · mean ${formatTick(mean)}` }),
    leftAxis({ box, ticks: yTicks, y }),
    bottomAxis({ box, ticks: xTicks, x, grid: false }),
    `<g class="marks">${marks.join("")}</g>`,
    `<line class="mean" x1="${meanX}" x2="${meanX}" y1="${box.top}" y2="${height - box.bottom}" stroke="#272c33" stroke-dasharray="3 2"><title>mean ${formatTick(mean)}</title></line>`,
    axisLabels(box, text),
    "</svg>",
  ].join("");
}
