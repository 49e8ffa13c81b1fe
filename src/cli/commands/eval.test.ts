import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { git } from "../../repo/git.js";
import { openRunStore } from "../../store/run-store.js";
import { minedBugFixTask } from "../../testing/mined-bug-fix-task.js";
import { runKaizen } from "../../testing/run-kaizen.js";
import { scriptedTask } from "../../testing/scripted-trajectory.js";
import { tempDir } from "../../testing/temp-dir.js";

/** Every file under `dir`, with its path. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test("kaizen eval fixes the private benchmark, scores policies per round, prints the table; no export carries its tasks", async (t) => {
  const { runDir, store, task, dispose } = await minedBugFixTask("kaizen-eval-cli-");
  t.after(dispose);

  const first = await runKaizen(["eval", "--run", runDir, "--policy", "oracle", "--round", "1", "--json"]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /fixed the private benchmark now: 1 of 1 tasks held out \(newest commits \(committed .* or later\)\)/);
  const scored = JSON.parse(first.stdout) as { fixedNow: boolean; result: { policyLabel: string; resolved: number; tasks: number; roundIndex: number }; table: unknown[] };
  assert.equal(scored.fixedNow, true);
  assert.deepEqual([scored.result.policyLabel, scored.result.resolved, scored.result.tasks, scored.result.roundIndex], ["oracle", 1, 1, 1]);
  assert.equal(store.taskSplits.get(task.id)!.split, "benchmark");

  const second = await runKaizen(["eval", "--run", runDir, "--policy", "oracle", "--round", "2", "--fix-share", "0.5"]);
  assert.equal(second.code, 0, second.stderr);
  assert.doesNotMatch(second.stderr, /fixed the private benchmark now/);
  assert.match(second.stderr, /the private benchmark was fixed before \(1 tasks\), so --fix-share 0.5 changes nothing/);
  assert.match(second.stdout, /private benchmark, round 2: oracle resolved 1\/1 \(100\.0%\)/);
  assert.match(second.stdout, /^\s*2\s+oracle\s+1\/1\s+100\.0%\s+\+0\.0 pt/m);

  const student = await runKaizen(["eval", "--run", runDir, "--policy", "noisy:0.3", "--round", "2"]);
  assert.equal(student.code, 0, student.stderr);
  assert.match(student.stderr, /the student is SIMULATED/);

  const table = await runKaizen(["eval", "--run", runDir, "--table"]);
  assert.equal(table.code, 0, table.stderr);
  const lines = table.stdout.trim().split("\n");
  assert.equal(lines.length, 4, table.stdout);
  assert.match(lines[0]!, /round\s+policy\s+resolved\s+solve rate/);
  assert.match(lines[1]!, /^\s*1\s+oracle\s+1\/1/);
  assert.match(lines[3]!, /^\s*2\s+simulated-student\(ε=0\.3\)\s+[01]\/1/);
  assert.equal(store.trajectories.count(), 3, "one trajectory per round and policy");

  const cheating = await runKaizen(["eval", "--run", runDir, "--cheat-rate", "--policy", "oracle"]);
  assert.equal(cheating.code, 0, cheating.stderr);
  assert.match(cheating.stdout, /^oracle\s+impossible tasks: 0\/0 cheated/m);

  // Never leaking: a training task's trajectory is exported, the benchmark's resolved ones never are.
  // The training task is the same fix recorded as another task: another commit, another module.
  const parent = (await git({ cwd: join(runDir, "mirrors", "local__shop.git"), args: ["rev-parse", `${task.sourceCommit}^`] })).trim();
  store.tasks.save({ ...task, id: "shop-training-copy", sourceCommit: parent, scope: { files: ["src/format.js"], symbols: [{ name: "format.formatPrice", kind: "function", file: "src/format.js", change: "modified" }] } });
  const trainingRollout = await runKaizen(["rollout", "--run", runDir, "--policy", "oracle", "--tasks", "shop-training-copy"]);
  assert.equal(trainingRollout.code, 0, trainingRollout.stderr);
  const judged = await runKaizen(["judge", "--run", runDir]);
  assert.equal(judged.code, 0, judged.stderr);
  const out = join(runDir, "exports-check");
  const exported = await runKaizen(["export", "--run", runDir, "--format", "trl-sft,openai,swe-bench,atif", "--out", out]);
  assert.equal(exported.code, 0, exported.stderr);
  const rows = filesUnder(out).filter((path) => /\.(jsonl|json)$/.test(path));
  assert.ok(rows.some((path) => readFileSync(path, "utf8").includes("shop-training-copy")), `the training task is exported: ${rows.join(", ")}`);
  for (const path of rows) assert.ok(!readFileSync(path, "utf8").includes(task.id), `${path} holds no row of benchmark task ${task.id}`);
  const decisions = store.curation.list().filter((decision) => decision.taskId === task.id);
  assert.equal(decisions.length, 3);
  for (const decision of decisions) {
    assert.equal(decision.included, false);
    assert.ok(decision.reasons.some((reason) => reason.reason === "private-benchmark"), JSON.stringify(decision.reasons));
  }
});

test("kaizen eval says what is wrong: no policy, unknown policy, no run store, no tasks, nothing left to hold out", async (t) => {
  const dir = tempDir(t);
  const noPolicy = await runKaizen(["eval", "--run", join(dir, "none")]);
  assert.equal(noPolicy.code, 2);
  assert.match(noPolicy.stderr, /kaizen eval needs a policy to score on the private benchmark/);

  const unknown = await runKaizen(["eval", "--run", join(dir, "none"), "--policy", "bogus"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown policy "bogus"\n\s+use --policy model, oracle, dagger or noisy:EPS/);

  const missing = await runKaizen(["eval", "--run", join(dir, "none"), "--policy", "oracle"]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no run store in .*none, so no tasks to hold out/);
  assert.ok(!existsSync(join(dir, "none")), "a failed eval creates no run store");

  const emptyRun = join(dir, "empty");
  openRunStore({ dir: emptyRun }).close();
  const empty = await runKaizen(["eval", "--run", emptyRun, "--policy", "oracle"]);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /there are no tasks in this run store to hold out/);
  const noResults = await runKaizen(["eval", "--run", emptyRun, "--table"]);
  assert.equal(noResults.code, 0);
  assert.match(noResults.stdout, /no private-benchmark results yet/);

  const trainedRun = join(dir, "trained");
  const store = openRunStore({ dir: trainedRun });
  store.tasks.save({ ...scriptedTask({ files: ["src/money.ts"] }), id: "only" });
  store.taskSplits.save({ taskId: "only", split: "train", lineage: ["task:only"], assignedAt: "2026-01-01T00:00:00.000Z" });
  store.close();
  const trained = await runKaizen(["eval", "--run", trainedRun, "--policy", "oracle"]);
  assert.equal(trained.code, 2);
  assert.match(trained.stderr, /no task can be held out for the private benchmark: every task is already on the train or eval side/);
});
