import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { curateRun, type ProvenanceOfTrajectory } from "../curate/curate-run.js";
import type { Task } from "../schema/records.js";
import { openRunStore } from "../store/run-store.js";
import { scriptedTask, scriptedTrajectory } from "../testing/scripted-trajectory.js";
import { tempDir } from "../testing/temp-dir.js";
import { scriptedContext } from "./chat/scripted-example.js";
import { sweBench } from "./formats/swe-bench.js";
import { trlSft } from "./formats/trl-sft.js";
import { runExport } from "./run-export.js";

const NOW = new Date("2026-02-01T00:00:00.000Z");
const transparent: ProvenanceOfTrajectory = (task, trajectory) => ({
  tier: "transparent",
  stepTiers: trajectory.steps.map(() => "transparent"),
  rulings: [],
  summary: { repos: [task.repo], licenses: ["MIT"], domains: [], models: [], rules: [] },
});

function task(id: string, commit: string): Task {
  return { ...scriptedTask({ files: [`src/${id}.ts`] }), id, sourceCommit: commit };
}

function solved(id: string, taskId: string) {
  const patch = `--- a/src/${id}.ts\n+++ b/src/${id}.ts\n@@ -1 +1 @@\n-a - b\n+a + b // ${id}\n`;
  return { ...scriptedTrajectory({ steps: [{ calls: [["apply_patch", { patch }, "applied"]] }, { calls: [["submit", {}, "submitted"]] }], patch }), id, taskId };
}

test("a private-benchmark task reaches no export, even with an included decision from before it was held out", async (t) => {
  const store = openRunStore({ dir: tempDir(t) });
  t.after(() => store.close());
  store.tasks.save(task("task-t", "1111111"));
  store.tasks.save(task("task-x", "2222222"));
  store.taskSplits.save({ taskId: "task-x", split: "benchmark", heldOutBy: "newest commits", lineage: ["task:task-x"], assignedAt: NOW.toISOString() });
  for (const [id, taskId] of [["t-1", "task-t"], ["x-1", "task-x"]] as const) {
    store.trajectories.save(solved(id, taskId));
    store.scores.save({ trajectoryId: id, resolved: true, reward: 1, components: {}, evidence: {}, hackFlags: [], tests: {}, scope: null, plan: null, judgedAt: NOW.toISOString() });
  }
  await curateRun({ store, provenanceOf: transparent, options: { opaque: "exclude", gray: "keep", evalShare: 0, nearDuplicateJaccard: 0.8, seed: 0 }, now: NOW });
  assert.equal(store.curation.get("x-1")!.included, false);
  // A decision an older curation stored, before the task joined the benchmark.
  store.curation.save({ ...store.curation.get("x-1")!, included: true, reasons: [] });

  const options = { store, context: scriptedContext(), taskTier: () => ({ tier: "transparent" as const, rules: [] }), tierAction: { opaque: "exclude" as const, gray: "keep" as const } };
  const trl = await runExport({ ...options, format: trlSft, outDir: join(tempDir(t), "trl") });
  assert.deepEqual(trl.rows, { train: 1, eval: 0 });
  assert.equal(trl.inputs, 1);
  assert.equal(existsSync(join(trl.outDir, "test.jsonl")), false);

  const tasks = await runExport({ ...options, format: sweBench, outDir: join(tempDir(t), "swe") });
  assert.deepEqual(tasks.rows, { train: 1, eval: 0 });
  assert.deepEqual(Object.keys(tasks.skipped), ["private-benchmark: held out of every export"]);
  const instances = readFileSync(join(tasks.outDir, "train.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as { instance_id: string });
  assert.deepEqual(instances.map((instance) => instance.instance_id), ["task-t"]);
});
