import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { kaizenConfig } from "../config/config-schema.js";
import { judgeOutcome } from "../judge/judge-outcome.js";
import type { RolloutSettings, Task, Trajectory } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";
import { minedBugFixTask, type MinedBugFixTask } from "../testing/mined-bug-fix-task.js";
import { WorkspacePool } from "../workspace/workspace-pool.js";
import { daggerPolicy } from "./policies/dagger-policy.js";
import { oraclePolicy } from "./policies/oracle/oracle-policy.js";
import type { Policy } from "./policies/policy.js";
import { scriptedPolicy } from "./policies/scripted-policy.js";
import { runRollouts } from "./run-rollouts.js";

const config = kaizenConfig.parse({});
const settings: RolloutSettings = { contextWindow: 32_768, keepObservations: 10, maxSteps: 30, maxWallMs: 300_000, maxObservationChars: 10_000 };
let runDir = "";
let store: RunStore;
let task: Task;
let fixture: MinedBugFixTask;

before(async () => {
  fixture = await minedBugFixTask("kaizen-rollout-");
  ({ runDir, store, task } = fixture);
});
after(() => fixture.dispose());

async function rollout(policy: Policy, kind: Trajectory["policy"]["kind"]): Promise<Trajectory> {
  const summary = await runRollouts({
    runDir,
    config,
    store,
    tasks: [task],
    makePolicy: () => policy,
    describePolicy: () => ({ kind, sample: 0 }),
    samples: 1,
    settings,
    jobs: 1,
    sandbox: true,
  });
  return store.trajectories.get(summary.trajectoryIds[0]!)!;
}

async function judge(trajectory: Trajectory) {
  const pool = new WorkspacePool(runDir);
  try {
    return await judgeOutcome({ task, patch: trajectory.outcome!.patch, runDir, config, store, pool, sandbox: true, source: store.repos.get(task.repo)!.source });
  } finally {
    await pool.close();
  }
}

test("the oracle teacher explores, locates, reads, plans, edits and verifies, and its patch resolves the task", async () => {
  const trajectory = await rollout(oraclePolicy(), "oracle");
  const tools = trajectory.steps.map((step) => step.toolCalls[0]?.name);
  assert.deepEqual(tools, ["repo_tree", "repo_search", "read_file", "edit", "run_tests", "submit"]);
  assert.equal(trajectory.outcome?.exitReason, "submitted");
  const edit = trajectory.steps.find((step) => step.toolCalls[0]?.name === "edit")!;
  assert.match(edit.reasoning, /\*\*Plan\*\*:\n1\. Fix `cart\.cartTotal` in `src\/cart\.js` \(edit\)/);
  assert.match(edit.reasoning, /\*\*Confidence\*\*: 0\.\d+/);
  for (const step of trajectory.steps) {
    assert.equal(step.actor, "teacher");
    assert.doesNotMatch(step.reasoning, /gold|oracle|privileged|FAIL_TO_PASS|ground truth/i, "the reasoning never mentions what the teacher knows");
    assert.ok(step.tokens.prompt > 0 && step.tokens.completion > 0);
    assert.ok(step.provenance.sources.length > 0);
  }
  // The read observation is tagged as repository content under the repository's licence.
  const read = trajectory.steps[2]!.observations[0]!;
  assert.deepEqual(read.sources[0], { kind: "repo-file", repo: task.repo, path: "src/cart.js", commit: task.baseCommit, license: "MIT" });
  assert.match(trajectory.outcome!.patch, /Math\.round/);
  const outcome = await judge(trajectory);
  assert.equal(outcome.resolved, true, outcome.notes.join("; "));
  // A finished rollout is not run again.
  const again = await runRollouts({ runDir, config, store, tasks: [task], makePolicy: () => oraclePolicy(), describePolicy: () => ({ kind: "oracle" }), samples: 1, settings, jobs: 1, sandbox: true });
  assert.equal(again.alreadyDone, 1);
});

test("under DAgger the teacher labels the student's state and then reverts the student's wrong edit", async () => {
  const student = scriptedPolicy({
    label: "wrong-edit-student",
    script: [
      {
        reasoning: "The price formatting looks suspicious.",
        calls: [{ name: "edit", arguments: { path: "src/format.js", old_string: "const abs = Math.abs(cents);", new_string: "const abs = Math.abs(cents) + 1;" } }],
      },
    ],
  });
  const policy = daggerPolicy({ student, teacher: oraclePolicy(), beta: 0.5, seed: 1, chooseActor: (turn) => (turn === 0 ? "student" : "teacher") });
  const trajectory = await rollout(policy, "dagger");
  const [first, second] = trajectory.steps;
  assert.equal(first!.actor, "student");
  assert.equal(first!.toolCalls[0]!.name, "edit");
  assert.equal(first!.teacherLabel?.toolCalls[0]?.name, "repo_tree", "the teacher's label for the student's state is recorded");
  assert.equal(second!.actor, "teacher");
  assert.equal(second!.toolCalls[0]!.name, "bash");
  assert.match(String(second!.toolCalls[0]!.arguments.command), /^git checkout HEAD -- src\/format\.js$/);
  assert.match(second!.reasoning, /`src\/format\.js` has changes that have nothing to do with the problem/);
  assert.ok(trajectory.steps.every((step) => step.teacherLabel), "every visited state carries the teacher's label");
  assert.equal(trajectory.outcome?.exitReason, "submitted");
  assert.doesNotMatch(trajectory.outcome!.patch, /format\.js/);
  const outcome = await judge(trajectory);
  assert.equal(outcome.resolved, true, outcome.notes.join("; "));
});

test("when the test ids name no file (old mocha reporters), the oracle verifies with the whole suite", async () => {
  const unnamed = (ids: string[]) => ids.map((id) => `::${id.split("::").slice(1).join("::")}`);
  const anonymous: Task = { ...task, id: `${task.id}-anonymous`, failToPass: unnamed(task.failToPass), passToPass: unnamed(task.passToPass) };
  store.tasks.save(anonymous);
  const summary = await runRollouts({ runDir, config, store, tasks: [anonymous], makePolicy: () => oraclePolicy(), describePolicy: () => ({ kind: "oracle" }), samples: 1, settings, jobs: 1, sandbox: true });
  const trajectory = store.trajectories.get(summary.trajectoryIds[0]!)!;
  const run = trajectory.steps.find((step) => step.toolCalls[0]?.name === "run_tests")!;
  assert.deepEqual(run.toolCalls[0]!.arguments, {});
  assert.match(run.reasoning, /Running the test suite/);
  assert.equal(trajectory.outcome?.exitReason, "submitted");
});
