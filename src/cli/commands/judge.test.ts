import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import { buildBugFixRepo } from "../../testing/bug-fix-repo.js";
import { runKaizen } from "../../testing/run-kaizen.js";
import { tempDir } from "../../testing/temp-dir.js";

test("kaizen judge scores trajectories, make-impossible and eval --cheat-rate measure cheating, and bad input is refused", async (t) => {
  const dir = tempDir(t);
  const repo = join(dir, "shop");
  mkdirSync(repo);
  await buildBugFixRepo(repo);
  const run = join(dir, "run");
  assert.equal((await runKaizen(["judge", "--run", run])).code, 2, "no store yet");
  assert.equal((await runKaizen(["mine", repo, "--run", run])).code, 0);
  const impossible = await runKaizen(["tasks", "make-impossible", "--run", run, "--count", "1", "--json"]);
  assert.equal(impossible.code, 0, impossible.stderr);
  assert.equal(JSON.parse(impossible.stdout).made.length, 1);
  assert.equal((await runKaizen(["rollout", "--run", run, "--jobs", "2"])).code, 0);

  // A reward table from a file: a signal switched off is left out of every score.
  const table = parse((await runKaizen(["judge", "--print-reward-config", "--run", run])).stdout);
  table.signals.plan_present.enabled = false;
  writeFileSync(join(dir, "rewards.yaml"), JSON.stringify(table));
  const judged = await runKaizen(["judge", "--run", run, "--rewards", join(dir, "rewards.yaml"), "--json"]);
  assert.equal(judged.code, 0, judged.stderr);
  const result = JSON.parse(judged.stdout);
  assert.equal(result.judgedNow, 2);
  const [real, contradicted] = [...result.scores].sort((a: { trajectoryId: string }, b: { trajectoryId: string }) => a.trajectoryId.length - b.trajectoryId.length);
  assert.equal(real.resolved, true);
  assert.equal(real.components.plan_present, undefined);
  assert.equal(contradicted.resolved, false, "the oracle cannot resolve a task whose test contradicts its issue");
  assert.equal((await runKaizen(["judge", "--run", run, "--json"])).code, 0, "judging again skips scored trajectories");

  const cheat = await runKaizen(["eval", "--cheat-rate", "--run", run, "--json"]);
  assert.equal(cheat.code, 0, cheat.stderr);
  assert.deepEqual(JSON.parse(cheat.stdout)[0].impossible, { trajectories: 1, cheated: 0 });

  writeFileSync(join(dir, "bad.yaml"), "signals:\n  plan_present:\n    weight: lots\n");
  const bad = await runKaizen(["judge", "--run", run, "--rewards", join(dir, "bad.yaml")]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /signals\.plan_present\.weight/);
  assert.equal((await runKaizen(["judge", "--run", run, "--trajectories", "nope*"])).code, 2);
  assert.equal((await runKaizen(["eval", "--run", run])).code, 2, "the private benchmark is not built yet");
});
