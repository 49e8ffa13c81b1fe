import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { fillReportTestRun } from "../../report/report-test-run.js";
import { openRunStore } from "../../store/run-store.js";
import { runKaizen } from "../../testing/run-kaizen.js";
import { tempDir } from "../../testing/temp-dir.js";

test("kaizen report writes the page and its transcripts, prints the address to open and what is empty", async (t) => {
  const dir = tempDir(t);
  const runDir = join(dir, "run");
  const store = openRunStore({ dir: runDir });
  await fillReportTestRun(store);
  // A run with no rounds or benchmark yet: those sections say what fills them.
  store.db.exec("DELETE FROM rounds; DELETE FROM benchmark_results;");
  store.close();

  const out = join(dir, "elsewhere");
  const result = await runKaizen(["report", "--run", runDir, "--out", out]);
  assert.equal(result.code, 0, result.stderr);
  const url = /wrote the report: (file:\/\/\S+)/.exec(result.stdout)?.[1];
  assert.ok(url, result.stdout);
  const index = fileURLToPath(url);
  assert.equal(index, join(out, "index.html"));
  assert.match(readFileSync(index, "utf8"), /^<!doctype html>/);
  assert.match(result.stdout, /\d+ transcript pages beside it/);
  assert.match(result.stdout, /empty sections:\n  Rounds: no rounds yet: kaizen loop[^\n]*\n  Private benchmark: [^\n]*kaizen loop/);

  const json = await runKaizen(["report", "--run", runDir, "--json"]);
  assert.equal(json.code, 0, json.stderr);
  const data = JSON.parse(json.stdout) as { index: string; transcripts: string[]; empty: { id: string }[] };
  assert.equal(data.index, join(runDir, "report", "index.html"));
  assert.ok(data.transcripts.length > 0 && data.transcripts.every((file) => existsSync(file)));
  assert.deepEqual(data.empty.map((section) => section.id), ["rounds", "benchmark"]);
});

test("kaizen report without a run store says how to make one", async (t) => {
  const result = await runKaizen(["report", "--run", join(tempDir(t), "none")]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /no run store in .*none, so nothing to report\n  run kaizen demo or kaizen loop first, or pass --run DIR/);
});
