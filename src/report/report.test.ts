import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { cheatRates } from "../judge/cheat-rate.js";
import { openRunStore } from "../store/run-store.js";
import { tempDir } from "../testing/temp-dir.js";
import { renderReport } from "./render-report.js";
import { reportData } from "./report-data.js";
import { fillReportTestRun, HOSTILE_EVIDENCE } from "./report-test-run.js";
import { writeReport } from "./write-report.js";

const CHROMIUM = "/usr/bin/chromium";
const run = promisify(execFile);

/** Headless Chromium with everything that would reach the network or the desktop turned off. */
function chromiumArgs(userDataDir: string): string[] {
  return ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--user-data-dir=${userDataDir}`];
}

interface Chart {
  kind: string;
  title: string;
  points: number;
  empty: boolean;
  body: string;
}

/** The charts in the DOM Chromium built, with their marks. */
function chartsIn(dom: string): Chart[] {
  return [...dom.matchAll(/<svg class="chart[^"]*"([^>]*)>([\s\S]*?)<\/svg>/g)].map((match) => ({
    kind: /data-chart="(\w+)"/.exec(match[1]!)![1]!,
    points: Number(/data-points="(\d+)"/.exec(match[1]!)![1]),
    empty: /data-empty="true"/.test(match[1]!),
    title: /<title>([^<]*)<\/title>/.exec(match[2]!)![1]!,
    body: match[2]!,
  }));
}

function values(chart: Chart, mark: "bar" | "bin" | "point", attribute: string): number[] {
  return [...chart.body.matchAll(new RegExp(`class="${mark}[^"]*"[^>]*?\\s${attribute}="([^"]*)"`, "g"))].map((match) => Number(match[1]));
}

const sum = (numbers: number[]) => numbers.reduce((total, value) => total + value, 0);

test("the report renders in headless Chromium from disk: every plot holds the run's data, transcript links resolve", { timeout: 60_000 }, async (t) => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run scripts/setup.sh, which apt-installs chromium for the report's browser test`);
  const dir = tempDir(t);
  const store = openRunStore({ dir: join(dir, "run") });
  t.after(() => store.close());
  const fixture = await fillReportTestRun(store);
  const written = writeReport({ store });
  // The report counts cheat rates from trajectory headers; they must be judge's cheatRates.
  assert.deepEqual(reportData({ store }).hacks.cheatRates, cheatRates(store));
  assert.equal(written.index, join(dir, "run", "report", "index.html"));
  assert.deepEqual(written.empty, []);

  const url = pathToFileURL(written.index).href;
  const { stdout: dom } = await run(CHROMIUM, [...chromiumArgs(join(dir, "profile-dom")), "--dump-dom", url], { maxBuffer: 64 * 1024 * 1024, timeout: 40_000 });
  const png = join(dir, "report.png");
  await run(CHROMIUM, [...chromiumArgs(join(dir, "profile-shot")), `--screenshot=${png}`, "--window-size=1400,3000", url], { timeout: 40_000 });

  const charts = chartsIn(dom);
  const chart = (title: string) => {
    const found = charts.find((entry) => entry.title === title);
    assert.ok(found, `no chart titled "${title}" among ${charts.map((entry) => entry.title).join(", ")}`);
    return found;
  };
  // Every plot holds data: this run has something for each.
  assert.ok(charts.length >= 20, `${charts.length} charts`);
  for (const entry of charts) {
    assert.equal(entry.empty, false, `"${entry.title}" is empty`);
    const marks = entry.kind === "line" ? values(entry, "point", "data-y") : entry.kind === "bar" ? values(entry, "bar", "data-value") : values(entry, "bin", "data-count");
    assert.ok(entry.points > 0 && marks.length > 0, `"${entry.title}" has ${marks.length} marks`);
    assert.match(entry.body, /class="tick-label"/, `"${entry.title}" has no ticks`);
  }
  assert.equal((dom.match(/<section [^>]*data-empty="true"/g) ?? []).length, 0);

  // The marks are the records.
  const solve = chart("Solve rate on the private benchmark");
  assert.equal(solve.points, fixture.benchmark.length);
  assert.deepEqual(values(solve, "point", "data-y").sort(), fixture.benchmark.map((result) => result.solveRate).sort());
  assert.equal(sum(values(chart("Reward (all judged trajectories)"), "bin", "data-count")), fixture.scores.length);
  const components = new Set(fixture.scores.flatMap((score) => Object.entries(score.components).filter(([, value]) => value !== 0).map(([name]) => name)));
  for (const name of components) assert.equal(sum(values(chart(name), "bin", "data-count")), fixture.scores.length, name);
  // The gap analysis counts training tasks: impossible ones (cheat probes) apart.
  const training = fixture.tasks.filter((task) => task.origin !== "impossible");
  const origins = chart("Tasks by origin");
  assert.equal(sum(values(origins, "bar", "data-value")), training.length);
  const bar = (from: Chart, label: string) => values(from, "bar", "data-value")[[...from.body.matchAll(/class="bar[^"]*" data-label="([^"]*)"/g)].findIndex((match) => match[1] === label)];
  assert.equal(bar(origins, "injected"), training.filter((task) => task.origin === "injected").length);
  assert.equal(sum(values(chart("Tasks by language"), "bar", "data-value")), training.length);
  assert.equal(sum(values(chart("Tasks by split (all tasks)"), "bar", "data-value")), fixture.tasks.length);
  const flags = fixture.scores.flatMap((score) => score.hackFlags);
  assert.equal(sum(values(chart("Hack flags by detector"), "bar", "data-value")), flags.length);
  assert.equal(sum(values(chart("Provenance tier"), "bar", "data-value")), store.curation.count());
  assert.equal(sum(values(chart("Reviewed patches by state"), "bar", "data-value")), fixture.reviews.length);
  assert.equal(values(chart("Time per stage, all rounds"), "bar", "data-value").length, new Set(fixture.rounds.flatMap((round) => round.stages.map((stage) => stage.name))).size);
  // Thin categories are marked: typescript's six training tasks are enough, the two in src/cart.ts are not.
  const modules = chart("Tasks by module (of the fix's files)");
  assert.equal(bar(modules, "cart"), 2);
  assert.match(modules.body, /class="bar highlight" data-label="cart"/);
  assert.match(chart("Tasks by language").body, /class="bar" data-label="typescript"/);

  // Transcript links resolve, relatively, to pages that exist; ids not in the store are not links.
  const links = [...new Set([...dom.matchAll(/href="(trajectories\/[^"]+)"/g)].map((match) => match[1]!))];
  const hacked = new Set(fixture.scores.filter((score) => score.hackFlags.length > 0).map((score) => score.trajectoryId));
  const evidence = new Set(fixture.cards.flatMap((card) => card.evidence).filter((id) => fixture.trajectories.some((trajectory) => trajectory.id === id)));
  const signOff = fixture.reviews.filter((review) => review.verdict === "needs-sign-off").map((review) => review.trajectoryId);
  assert.equal(links.length, new Set([...hacked, ...evidence, ...signOff]).size);
  assert.equal(written.transcripts.length, links.length);
  for (const link of links) assert.ok(existsSync(join(dirname(written.index), link)), `${link} does not exist`);
  for (const id of hacked) assert.ok(links.includes(`trajectories/${id}.html`), `${id} is flagged but not linked`);
  assert.doesNotMatch(dom, /href="trajectories\/trajectory-not-in-store/);
  const hostile = fixture.scores.find((score) => score.hackFlags.some((flag) => flag.evidence === HOSTILE_EVIDENCE))!.trajectoryId;
  const page = readFileSync(join(dirname(written.index), `trajectories/${hostile}.html`), "utf8");
  assert.match(page, /href="\.\.\/index\.html"/);
  assert.match(page, /<pre class="transcript">[\s\S]*── step 0/);

  // Record text arrives escaped: the evidence's <script> is text, and the page's own is the only one.
  assert.ok(dom.includes("&lt;script&gt;alert"), "hostile evidence is shown as text");
  assert.equal((dom.match(/<script[\s>]/g) ?? []).length, 1);
  assert.ok(page.includes(HOSTILE_EVIDENCE.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")));

  // The screenshot is the page at 1400×3000, and not blank (a blank page is under 10 KB).
  const image = readFileSync(png);
  assert.equal(image.subarray(1, 4).toString(), "PNG");
  assert.deepEqual([image.readUInt32BE(16), image.readUInt32BE(20)], [1400, 3000]);
  assert.ok(statSync(png).size > 80_000, `the screenshot is ${statSync(png).size} bytes: blank?`);
});

test("an empty run's report says, section by section and plot by plot, which command fills it", (t) => {
  const store = openRunStore({ dir: tempDir(t) });
  t.after(() => store.close());
  const { html, empty } = renderReport(reportData({ store, now: new Date("2026-03-01T00:00:00Z") }));
  assert.deepEqual(
    empty.map((section) => section.id),
    ["rounds", "benchmark", "tasks", "rewards", "hacks", "provenance", "cards", "reviews"],
  );
  for (const section of empty) assert.match(section.why, /kaizen [a-z]+/, section.title);
  const charts = chartsIn(html);
  assert.ok(charts.length >= 8);
  for (const chart of charts) {
    assert.equal(chart.empty, true, chart.title);
    assert.equal(chart.points, 0);
    assert.match(chart.body, /class="empty-note"[^>]*>[^<]*kaizen [a-z]+/, `"${chart.title}" says no command`);
    assert.match(chart.body, /class="axis-label"/);
  }
  assert.match(html, /<section id="rewards" data-section="rewards" data-empty="true">/);
});
