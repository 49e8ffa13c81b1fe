/**
 * Export streaming: generated trajectories (100,000 by default) curated and exported, each job in
 * a fresh process so its peak RSS is its own. Targets (issue 8): every export of trajectories
 * ≥ 50 MB/s written, peak RSS < 500 MB for every export and for `kaizen curate`. The task formats
 * (swe-bench, lintseq) read no trajectory; they are timed, and marked "tasks" instead of ✓/✗.
 * Exports use the CLI's default threads (one per CPU for a run this size).
 *
 * The baseline is the floor any exporter pays, measured in the same run: reading every trajectory
 * and step row from SQLite and writing the stored JSON straight out. Other processes may share the
 * cores, so absolute MB/s are noisy; the ratio to that baseline is the fair comparison.
 *
 * Jobs run the CLI compiled from the current sources into the scratch directory (JavaScript, as the
 * installed `kaizen` runs), or the sources through tsx with --source, which adds ~0.3 s of loading
 * and ~60 MB to every process.
 * Run: npx tsx bench/export-stream.ts [--trajectories N] [--formats trl-sft,openai,…] [--source]
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { generateTrajectories } from "../src/testing/generated-trajectories.js";

const TARGET_MB_PER_S = 50;
const TARGET_RSS_MB = 500;

const { values } = parseArgs({
  options: {
    trajectories: { type: "string", default: "100000" },
    formats: { type: "string", default: "trl-sft,openai,kto,dpo,atif,swe-bench,harmony" },
    source: { type: "boolean", default: false },
  },
});

const root = resolve(import.meta.dirname, "..");

/**
 * One measured job, run as an ES module in its own process: "baseline", "curate" or a format.
 * A command runs as `kaizen` does (the CLI module runs `main(process.argv)` when imported), with
 * --json so the export's own summary gives the bytes and the seconds spent streaming.
 */
const WORKER = `
import { createWriteStream, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
const [job, run, out, dir, ext] = process.argv.slice(-5);
const started = performance.now();
let bytes = 0;
let streamSeconds;
if (job === "baseline") {
  const { openRunStore } = await import(join(dir, "store", "run-store" + ext));
  const store = openRunStore({ dir: run });
  const file = createWriteStream(out);
  for (const row of store.db.prepare("SELECT data FROM trajectories UNION ALL SELECT data FROM steps").iterate()) {
    const line = row.data + "\\n";
    bytes += Buffer.byteLength(line);
    if (!file.write(line)) await new Promise((resolve) => file.once("drain", resolve));
  }
  await new Promise((resolve) => file.end(resolve));
  store.close();
} else {
  const args = job === "curate" ? ["curate", "--run", run] : ["export", "--run", run, "--format", job, "--out", out, "--group-filter", "none", "--json"];
  let printed = "";
  const write = process.stdout.write.bind(process.stdout);
  if (job !== "curate") process.stdout.write = (chunk) => ((printed += chunk), true);
  process.argv = [process.argv[0], "kaizen", ...args];
  await import(join(dir, "cli", "main" + ext));
  process.stdout.write = write;
  if (process.exitCode) throw new Error(job + " exited with " + process.exitCode + ": " + printed.slice(-2000));
  if (job !== "curate") {
    for (const name of readdirSync(out)) if (!name.endsWith(".md")) bytes += statSync(join(out, name)).size;
    streamSeconds = JSON.parse(printed).formats[0].seconds;
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ job, bytes, seconds, streamSeconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
process.exit(0);
`;

interface Measured {
  job: string;
  bytes: number;
  seconds: number;
  streamSeconds?: number;
  maxRssMb: number;
}

const scratch = mkdtempSync(join(tmpdir(), "kaizen-bench-export-"));
try {
  const code = values.source ? { dir: join(root, "src"), ext: ".ts", node: ["--import", "tsx"] } : { dir: compile(join(scratch, "kaizen")), ext: ".js", node: [] };
  const run = join(scratch, "run");
  const count = Number(values.trajectories);
  const started = performance.now();
  const { bytes } = generateTrajectories({ dir: run, trajectories: count, samplesPerTask: 4 });
  console.log(`generated ${count} trajectories (${(bytes / 1e6).toFixed(0)} MB of records) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(`running ${values.source ? "the sources through tsx (--source)" : "the CLI compiled from the current sources"}; load average at start ${loadavg().map((load) => load.toFixed(1)).join(" ")} on ${availableParallelism()} cores`);

  const measure = (job: string): Measured => {
    const out = join(scratch, `out-${job}`);
    const result = spawnSync(process.execPath, [...code.node, "--input-type=module", "-e", WORKER, job, run, out, code.dir, code.ext], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 << 20,
    });
    const line = result.stdout.trim().split("\n").at(-1) ?? "";
    if (result.status !== 0 || !line.startsWith("{")) throw new Error(`${job} failed (exit ${result.status}): ${result.stdout.slice(-1000)}${result.stderr.slice(-2000)}`);
    rmSync(out, { recursive: true, force: true });
    return JSON.parse(line) as Measured;
  };
  const mark = (ok: boolean) => (ok ? "✓" : "✗");
  const rate = (measured: Measured, seconds = measured.seconds) => measured.bytes / 1e6 / seconds;

  const baseline = measure("baseline");
  const baselineRate = rate(baseline);
  console.log(`baseline (stored JSON straight out of SQLite): ${(baseline.bytes / 1e6).toFixed(0)} MB in ${baseline.seconds.toFixed(1)} s = ${baselineRate.toFixed(0)} MB/s, peak RSS ${baseline.maxRssMb.toFixed(0)} MB`);
  const curate = measure("curate");
  console.log(
    `kaizen curate: ${count} trajectories in ${curate.seconds.toFixed(1)} s (${(count / curate.seconds).toFixed(0)}/s), peak RSS ${curate.maxRssMb.toFixed(0)} MB ${mark(curate.maxRssMb < TARGET_RSS_MB)} (< ${TARGET_RSS_MB})`,
  );

  console.log(`\nMB/s is the whole command (start to exit); "streaming" is the export's own loop, without loading and the curation audit.`);
  const header = ["format", "MB written", "seconds", "MB/s", `×target(${TARGET_MB_PER_S})`, "×baseline", "streaming MB/s", `≥${TARGET_MB_PER_S}`, "peak RSS MB", `<${TARGET_RSS_MB}`];
  const print = (cells: string[]) => console.log(cells.map((cell, column) => (column === 0 ? cell.padEnd(10) : cell.padStart(header[column]!.length))).join("  "));
  print(header);
  for (const format of values.formats!.split(",")) {
    const result = measure(format);
    const mbps = rate(result);
    // swe-bench writes tasks (a quarter as many, a few hundred bytes each) and reads no trajectory:
    // its MB/s is its start-up cost over little data, not a rate of exporting trajectories.
    const tasksOnly = format === "swe-bench" || format === "lintseq";
    const cells = [
      format,
      (result.bytes / 1e6).toFixed(0),
      result.seconds.toFixed(1),
      mbps.toFixed(0),
      (mbps / TARGET_MB_PER_S).toFixed(2),
      (mbps / baselineRate).toFixed(2),
      result.streamSeconds ? rate(result, result.streamSeconds).toFixed(0) : "-",
      tasksOnly ? "tasks" : mark(mbps >= TARGET_MB_PER_S),
      result.maxRssMb.toFixed(0),
      mark(result.maxRssMb < TARGET_RSS_MB),
    ];
    print(cells);
  }
  console.log(`\nload average at end ${loadavg().map((load) => load.toFixed(1)).join(" ")}. With other work on the cores, absolute MB/s vary from run to run; the ×baseline column, against the baseline measured in this same run, is the fair comparison.`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/**
 * The current sources compiled into `into`/dist, beside a copy of package.json (the version is read
 * from it) and a link to node_modules, with the text assets tools read at run time.
 */
function compile(into: string): string {
  const dist = join(into, "dist");
  const started = performance.now();
  const tsc = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.json"), "--outDir", dist, "--sourceMap", "false"], { cwd: root, encoding: "utf8" });
  if (!existsSync(join(dist, "cli", "main.js"))) throw new Error(`compiling the sources failed:\n${tsc.stdout.slice(-3000)}`);
  // Files others are editing may not type-check; tsc still emits them, and the command says so.
  const errors = tsc.stdout.split("\n").filter((line) => line.includes("error TS"));
  for (const asset of readdirSync(join(root, "src"), { recursive: true, encoding: "utf8" }).filter((path) => path.endsWith(".txt"))) {
    mkdirSync(dirname(join(dist, asset)), { recursive: true });
    copyFileSync(join(root, "src", asset), join(dist, asset));
  }
  copyFileSync(join(root, "package.json"), join(into, "package.json"));
  symlinkSync(join(root, "node_modules"), join(into, "node_modules"), "dir");
  console.log(`compiled the sources in ${((performance.now() - started) / 1000).toFixed(1)} s${errors.length > 0 ? ` (tsc reported ${errors.length} type errors, e.g. ${errors[0]}; the emitted JavaScript is measured)` : ""}`);
  return dist;
}
