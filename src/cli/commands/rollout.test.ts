import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { buildBugFixRepo } from "../../testing/bug-fix-repo.js";
import { startFakeModelServer } from "../../testing/fake-model-server.js";
import { runKaizen } from "../../testing/run-kaizen.js";
import { tempDir } from "../../testing/temp-dir.js";

test("kaizen rollout runs a model on loopback and the oracle from the command line, and trajectories shows what they did", async (t) => {
  const dir = tempDir(t);
  const repo = join(dir, "shop");
  mkdirSync(repo);
  await buildBugFixRepo(repo);
  const run = join(dir, "run");
  assert.equal((await runKaizen(["rollout", "--run", run])).code, 2, "no tasks yet is a clear error");
  const mined = await runKaizen(["mine", repo, "--run", run, "--json"]);
  assert.equal(mined.code, 0, mined.stderr);

  const model = await startFakeModelServer({ models: ["coder"], script: [{ tool_calls: [{ name: "git_status", arguments: {} }] }, { content: "done", tool_calls: [{ name: "submit", arguments: {} }] }] });
  t.after(() => model.close());
  const rolled = await runKaizen(["rollout", "--run", run, "--base-url", model.url, "--model", "coder", "--temperatures", "0.7", "--json"]);
  assert.equal(rolled.code, 0, rolled.stderr);
  assert.deepEqual(JSON.parse(rolled.stdout).byExit, { submitted: 1 });
  const oracle = await runKaizen(["rollout", "--run", run, "--policy", "oracle", "--context-window", "16k"]);
  assert.equal(oracle.code, 0, oracle.stderr);
  assert.match(oracle.stdout, /1 rollouts of 1 task .* with oracle\n\s+1\s+submitted/);

  const listed = await runKaizen(["trajectories", "list", "--run", run, "--json"]);
  const summaries: { id: string; policy: { kind: string; temperature?: number }; exitReason: string }[] = JSON.parse(listed.stdout);
  assert.deepEqual(summaries.map((s) => `${s.policy.kind}:${s.exitReason}`).sort(), ["model:submitted", "oracle:submitted"]);
  assert.equal(summaries.find((s) => s.policy.kind === "model")!.policy.temperature, 0.7);
  const shown = await runKaizen(["trajectories", "show", summaries.find((s) => s.policy.kind === "oracle")!.id, "--run", run]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /\*\*Plan\*\*/);
  assert.match(shown.stdout, /→ edit /);

  for (const [args, message] of [
    [["--policy", "bogus"], /unknown policy "bogus"/],
    [["--policy", "model"], /--policy model needs a model/],
    [["--policy", "dagger"], /--policy dagger needs a student/],
    [["--context-window", "tiny"], /context window/i],
    [["--tasks", "nope-*"], /no task matches "nope-\*"/],
    [["--beta", "2", "--policy", "dagger", "--student", "noisy:0.2"], /--beta expects a number from 0 to 1/],
  ] as const) {
    const bad = await runKaizen(["rollout", "--run", run, ...args]);
    assert.equal(bad.code, 2, `${args.join(" ")}: ${bad.stderr}`);
    assert.match(bad.stderr, message);
  }
});
