import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import { openRunStore } from "../store/run-store.js";
import { KAIZEN_BIN, runKaizen } from "../testing/run-kaizen.js";
import { tempDir } from "../testing/temp-dir.js";
import { buildShopWithStock } from "../testing/shop-with-stock-repo.js";
import { ROUND_STAGES } from "./round-stages.js";

/** Reads the round ledger straight from SQLite, the way another process sees it mid-run. */
function roundOneStage(runDir: string, name: string): { status?: string; finishedTrajectories: number } {
  const file = join(runDir, "kaizen.db");
  if (!existsSync(file)) return { finishedTrajectories: 0 };
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    const round = db.prepare<[], { data: string }>("SELECT data FROM rounds WHERE idx = 1").get();
    const stages = round ? (JSON.parse(round.data).stages as { name: string; status: string }[]) : [];
    const finished = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM trajectories WHERE finished = 1").get()!.n;
    return { status: stages.find((stage) => stage.name === name)?.status, finishedTrajectories: finished };
  } catch {
    return { finishedTrajectories: 0 };
  } finally {
    db.close();
  }
}

test("kaizen loop killed with SIGKILL in the middle of a round resumes it without duplicating records", async (t) => {
  const repo = await buildShopWithStock(tempDir(t, "kaizen-loop-repo-"));
  const runDir = join(tempDir(t, "kaizen-loop-run-"), ".kaizen");
  const args = ["loop", repo.path, "--run", runDir, "--rounds", "2", "--inject", "4", "--impossible", "1", "--samples", "2", "--mine-limit", "5", "--jobs", "2", "--json"];

  // The first loop is killed (with everything it started) once round 1's rollouts are under way.
  const first = spawn(process.execPath, [KAIZEN_BIN, ...args], { stdio: ["ignore", "pipe", "pipe"], detached: true });
  let firstErr = "";
  first.stdout.resume();
  first.stderr.on("data", (chunk) => (firstErr += chunk));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => first.on("exit", (_code, signal) => resolve(signal)));
  let killedAt: ReturnType<typeof roundOneStage> | undefined;
  while (!killedAt) {
    const seen = roundOneStage(runDir, "rollout");
    if (seen.status === "running" && seen.finishedTrajectories >= 2) {
      process.kill(-first.pid!, "SIGKILL");
      killedAt = seen;
    } else if (first.exitCode !== null) {
      assert.fail(`the loop ended before it could be killed: ${firstErr}`);
    } else {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  assert.equal(await exited, "SIGKILL");
  const between = openRunStore({ dir: runDir, mustExist: true });
  const tasksBefore = between.tasks.list().map((task) => task.id).sort();
  const trajectoriesBefore = between.trajectories.count();
  between.close();

  const again = await runKaizen(args);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /resuming round 1 \(stages done: tasks, benchmark\)/);
  assert.match(again.stderr, /stage rollout was interrupted; running it again/);
  const result = JSON.parse(again.stdout);
  assert.equal(result.rounds.length, 2);
  assert.ok(existsSync(result.report), "the report is written at the end");

  const store = openRunStore({ dir: runDir, mustExist: true });
  t.after(() => store.close());
  const rounds = store.rounds.list().sort((a, b) => a.index - b.index);
  assert.deepEqual(rounds.map((round) => [round.index, round.status]), [[1, "finished"], [2, "finished"]]);
  for (const round of rounds) assert.deepEqual(round.stages.map((stage) => [stage.name, stage.status]), ROUND_STAGES.map((name) => [name, "done"]), `round ${round.index}`);

  // Tasks made before the kill are the same records after it; mining and injection did not repeat.
  const tasks = store.tasks.list();
  assert.deepEqual(tasksBefore.filter((id) => !tasks.some((task) => task.id === id)), []);
  // Candidates that found a bug already held point at the same task; no task is stored twice.
  const decided = store.db.prepare<[], { taskId: string }>("SELECT DISTINCT json_extract(data, '$.taskId') AS taskId FROM candidates WHERE decision = 'task'").all().map((row) => row.taskId).sort();
  assert.deepEqual(tasks.filter((task) => task.origin !== "impossible").map((task) => task.id).sort(), decided, "one task per bug, each with the candidate that made it");

  // Every rollout job ran once: one trajectory per task, policy, sample and round, all finished.
  const trajectories = store.trajectories.list();
  assert.ok(trajectories.length > trajectoriesBefore, `${trajectoriesBefore} before the kill, ${trajectories.length} after`);
  assert.equal(trajectories.filter((trajectory) => !trajectory.outcome).length, 0, "no trajectory is left unfinished");
  const jobs = trajectories.map((trajectory) => JSON.stringify([trajectory.taskId, trajectory.policy.kind, trajectory.policy.model, trajectory.policy.beta, trajectory.policy.seed, trajectory.policy.sample, trajectory.roundId]));
  assert.equal(new Set(jobs).size, jobs.length, "no rollout job recorded twice");
  assert.equal(store.scores.count(), trajectories.length, "every trajectory judged once");
  // Curation runs before the round's eval, so the last benchmark rollouts are not curated yet; every other trajectory is, once.
  const benchmarkIds = new Set(store.taskSplits.list().filter((split) => split.split === "benchmark").map((split) => split.taskId));
  const curated = new Set(store.curation.list().map((decision) => decision.trajectoryId));
  assert.deepEqual(trajectories.filter((trajectory) => !benchmarkIds.has(trajectory.taskId) && !curated.has(trajectory.id)).map((trajectory) => trajectory.id), []);

  // The private benchmark was fixed once and scored once per round.
  const benchmark = store.taskSplits.list().filter((split) => benchmarkIds.has(split.taskId));
  assert.ok(benchmark.length >= 1, "round 1 held tasks out");
  assert.deepEqual(store.benchmarkResults.list().map((result) => result.roundIndex).sort(), [1, 2]);
  const trainedOn = new Set(trajectories.filter((trajectory) => trajectory.policy.kind === "oracle" || trajectory.policy.kind === "dagger").map((trajectory) => trajectory.taskId));
  for (const split of benchmark) {
    const decisions = store.curation.list().filter((decision) => decision.taskId === split.taskId);
    assert.ok(decisions.every((decision) => !decision.included && decision.reasons.some((reason) => reason.reason === "private-benchmark")), `benchmark task ${split.taskId} is in no export`);
    assert.ok(!trainedOn.has(split.taskId), `no teacher or DAgger rollout on benchmark task ${split.taskId}`);
  }
  assert.equal(store.runs.count(), 2, "one run record per invocation");
});
