import assert from "node:assert/strict";
import { test } from "node:test";
import { barChart } from "./bar-chart.js";
import { niceTicks } from "./chart-frame.js";
import { histogramBins, histogramChart } from "./histogram-chart.js";
import { lineChart } from "./line-chart.js";

const TEXT = { title: "Solve rate", xLabel: "round", yLabel: "solve rate", empty: "run kaizen loop" };

/** Every value of `attribute` on elements of `className` in the SVG. */
function marks(svg: string, className: string, attribute: string): string[] {
  return [...svg.matchAll(new RegExp(`<[a-z]+ class="${className}[^"]*"[^>]*?\\s${attribute}="([^"]*)"`, "g"))].map((match) => match[1]!);
}

function assertFrame(svg: string) {
  assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /<\/svg>$/);
  assert.match(svg, /class="chart-title"[^>]*>Solve rate</);
  assert.match(svg, /class="axis-label"[^>]*>round</);
  assert.match(svg, /class="axis-label"[^>]*>solve rate</);
  assert.doesNotMatch(svg, /NaN|undefined|Infinity/);
}

test("an empty chart keeps its title and axes and says what command fills it", () => {
  for (const svg of [barChart({ ...TEXT, data: [] }), histogramChart({ ...TEXT, values: [] }), lineChart({ ...TEXT, series: [] }), lineChart({ ...TEXT, series: [{ name: "a", points: [] }] })]) {
    assertFrame(svg);
    assert.match(svg, /data-points="0"/);
    assert.match(svg, /data-empty="true"/);
    assert.match(svg, />run kaizen loop</);
  }
});

test("bar chart: one mark per datum carrying its value, highlighted ones in the warning colour, text escaped", () => {
  const svg = barChart({ ...TEXT, data: [{ label: "off-by-one", value: 7, note: "57% solved" }, { label: "<b>&", value: 2, highlight: true }, { label: "none", value: 0 }] });
  assertFrame(svg);
  assert.deepEqual(marks(svg, "bar", "data-value"), ["7", "2", "0"]);
  assert.deepEqual(marks(svg, "bar", "data-label"), ["off-by-one", "&lt;b&gt;&amp;", "none"]);
  assert.equal((svg.match(/class="bar highlight"/g) ?? []).length, 1);
  assert.match(svg, /7 · 57% solved/);
  assert.doesNotMatch(svg, /<b>/);
  // Whole-number ticks for counts.
  const ticks = [...svg.matchAll(/class="tick-label"[^>]*>([^<]*)</g)].map((match) => match[1]);
  assert.ok(ticks.every((tick) => /^\d+$/.test(tick!)), `ticks ${ticks.join(",")}`);
});

test("bar chart: a single value and all zeros still draw an axis and one mark each", () => {
  const one = barChart({ ...TEXT, data: [{ label: "only", value: 3 }] });
  assertFrame(one);
  assert.deepEqual(marks(one, "bar", "data-value"), ["3"]);
  const zeros = barChart({ ...TEXT, data: [{ label: "a", value: 0 }, { label: "b", value: 0 }] });
  assertFrame(zeros);
  assert.deepEqual(marks(zeros, "bar", "data-value"), ["0", "0"]);
  assert.match(zeros, /class="tick-label"[^>]*>1</);
});

test("histogram: counts add up to the values, the last edge is inclusive, one distinct value makes one bin", () => {
  const values = [0, 0.1, 0.2, 0.2, 0.5, 1, 1];
  const bins = histogramBins(values);
  assert.equal(bins.reduce((sum, bin) => sum + bin.count, 0), values.length);
  assert.ok(bins[0]!.from <= 0 && bins.at(-1)!.to >= 1);
  assert.equal(bins.at(-1)!.count, 2);
  const svg = histogramChart({ ...TEXT, values });
  assertFrame(svg);
  assert.equal(marks(svg, "bin", "data-count").map(Number).reduce((a, b) => a + b, 0), values.length);
  assert.match(svg, /data-points="7"/);

  assert.deepEqual(histogramBins([0, 0, 0]).map((bin) => bin.count), [3]);
  assert.deepEqual(histogramBins([-0.3]).map((bin) => bin.count), [1]);
  for (const same of [[0, 0, 0], [5], [-0.3, -0.3]]) {
    const chart = histogramChart({ ...TEXT, values: same });
    assertFrame(chart);
    assert.deepEqual(marks(chart, "bin", "data-count"), [String(same.length)]);
  }
  // No bin reaches above the plot: the y axis covers the highest count.
  const tall = histogramChart({ ...TEXT, values: Array(24).fill(0.05) });
  assert.ok(Number(marks(tall, "bin", "y")[0]) >= 34, tall);
});

test("line chart: a group per series and a point per datum; one round centres its points", () => {
  const svg = lineChart({
    ...TEXT,
    series: [
      { name: "oracle", points: [{ x: 0, y: 1 }, { x: 1, y: 1 }, { x: 2, y: 1 }] },
      { name: 'model:"q"', points: [{ x: 2, y: 0.7, note: "7/10" }, { x: 0, y: 0.3 }] },
    ],
    yDomain: [0, 1],
  });
  assertFrame(svg);
  assert.deepEqual(marks(svg, "series", "data-series"), ["oracle", "model:&quot;q&quot;"]);
  assert.deepEqual(marks(svg, "series", "data-points"), ["3", "2"]);
  assert.deepEqual(marks(svg, "point", "data-x"), ["0", "1", "2", "0", "2"]);
  assert.match(svg, /data-points="5"/);
  assert.match(svg, /\(7\/10\)/);

  const single = lineChart({ ...TEXT, series: [{ name: "a", points: [{ x: 3, y: 0 }] }] });
  assertFrame(single);
  assert.deepEqual(marks(single, "point", "data-y"), ["0"]);
  const cx = Number(marks(single, "point", "cx")[0]);
  assert.ok(cx > 200 && cx < 360, `a lone round sits mid-plot, not at x=${cx}`);
});

test("nice ticks cover the data unless asked to stay inside", () => {
  assert.deepEqual(niceTicks(0, 1.05, 5), [0, 0.5, 1, 1.5]);
  assert.deepEqual(niceTicks(0, 24, 4), [0, 10, 20, 30]);
  assert.deepEqual(niceTicks(-1, 1.5, 5, { inside: true }), [-1, -0.5, 0, 0.5, 1, 1.5]);
  assert.deepEqual(niceTicks(0.1, 0.3, 1), [0, 0.2, 0.4]);
  assert.deepEqual(niceTicks(0.1, 0.3, 2), [0.1, 0.2, 0.3]);
  assert.deepEqual(niceTicks(2, 2), [2]);
});
