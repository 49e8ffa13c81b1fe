import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { openRunStore } from "../store/run-store.js";
import { generateTrajectories } from "../testing/generated-trajectories.js";
import { runKaizen } from "../testing/run-kaizen.js";
import { tempDir } from "../testing/temp-dir.js";

interface Summary {
  format: string;
  rows: Record<string, number>;
  inputs: number;
  kinds: Record<string, number>;
  skipped: Record<string, number>;
  tiers: Record<string, number>;
  repos: Record<string, { rows: number; licenses: string[] }>;
  bytes: number;
}

/** Every data file under `dir` (not the cards, which name the command), by path. */
function dataFiles(dir: string): Map<string, Buffer> {
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((path) => /\.(jsonl|parquet)$/.test(path));
  return new Map(files.sort().map((path) => [path, readFileSync(join(dir, path))]));
}

test("exporting with threads writes every format byte for byte as one thread does, with the same counts", async (t) => {
  const run = tempDir(t);
  // 600 trajectories: several batches per format, so batches from two threads interleave.
  generateTrajectories({ dir: run, trajectories: 600, samplesPerTask: 4 });
  const exports = async (threads: number) => {
    const out = join(tempDir(t), `threads-${threads}`);
    const result = await runKaizen(["export", "--run", run, "--format", "all", "--out", out, "--group-filter", "none", "--threads", String(threads), "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const summaries = (JSON.parse(result.stdout) as { formats: Summary[] }).formats;
    return { files: dataFiles(out), counts: summaries.map(({ format, rows, inputs, kinds, skipped, tiers, repos, bytes }) => ({ format, rows, inputs, kinds, skipped, tiers, repos, bytes })) };
  };
  const one = await exports(1);
  const three = await exports(3);

  assert.deepEqual(three.counts, one.counts);
  assert.deepEqual([...three.files.keys()], [...one.files.keys()]);
  for (const [path, bytes] of one.files) assert.ok(bytes.equals(three.files.get(path)!), `${path} differs between 1 and 3 threads`);
  // The comparison means something: the trajectory formats wrote rows from many batches.
  const rows = (format: string) => Object.values(one.counts.find((summary) => summary.format === format)!.rows).reduce((a, b) => a + b, 0);
  for (const format of ["trl-sft", "kto", "dpo", "harmony", "atif", "dagger", "verl"]) assert.ok(rows(format) > 0, `${format} wrote no rows`);
  assert.ok(rows("kto") > 128 * 2, `kto: ${rows("kto")} rows`);
});

test("a damaged stored record stops the export with a message naming it, from a worker thread as from the main one", async (t) => {
  const run = tempDir(t);
  generateTrajectories({ dir: run, trajectories: 300, samplesPerTask: 4 });
  const curated = await runKaizen(["curate", "--run", run]);
  assert.equal(curated.code, 0, curated.stderr);
  const store = openRunStore({ dir: run });
  const { trajectory_id: damaged } = store.db.prepare<[], { trajectory_id: string }>("SELECT trajectory_id FROM curation WHERE included = 1 ORDER BY task_id DESC LIMIT 1").get()!;
  store.db.prepare("UPDATE steps SET data = substr(data, 1, 40) WHERE trajectory_id = ? AND idx = 2").run(damaged);
  store.close();

  for (const threads of ["1", "2"]) {
    const result = await runKaizen(["export", "--run", run, "--format", "trl-sft", "--out", join(tempDir(t), `out-${threads}`), "--threads", threads]);
    assert.equal(result.code, 2, `threads ${threads}: ${result.stderr}`);
    assert.match(result.stderr, new RegExp(`damaged record: step 2 of trajectory ${damaged.replace(/[~.]/g, "\\$&")} is not valid JSON`));
    assert.match(result.stderr, /restore it from a backup/);
    assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
  }
});
