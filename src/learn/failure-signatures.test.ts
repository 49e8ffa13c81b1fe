import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { kaizenConfig } from "../config/config-schema.js";
import { judgeTrajectories } from "../judge/judge-trajectories.js";
import { loadRewardConfig } from "../judge/shaped/reward-config.js";
import { oraclePolicy } from "../rollout/policies/oracle/oracle-policy.js";
import type { Policy } from "../rollout/policies/policy.js";
import { scriptedPolicy } from "../rollout/policies/scripted-policy.js";
import { runRollouts } from "../rollout/run-rollouts.js";
import type { ExitReason, RolloutSettings, Score, Task, Trajectory } from "../schema/records.js";
import { minedBugFixTask, type MinedBugFixTask } from "../testing/mined-bug-fix-task.js";
import { scriptedTask, scriptedTrajectory, type ScriptedStep } from "../testing/scripted-trajectory.js";
import { failureSignatures, parseSymbolScope, trajectoryStanding, type SignatureName } from "./failure-signatures.js";

const AT = "2026-01-01T00:00:00.000Z";

function scoreOf(partial: Partial<Score> = {}): Score {
  return { trajectoryId: "trajectory-1", resolved: false, reward: 0, components: { outcome: 0 }, evidence: {}, hackFlags: [], tests: {}, scope: null, plan: null, judgedAt: AT, ...partial };
}

function diffOf(path: string): string {
  return `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n@@ -1 +1 @@\n-old\n+new\n`;
}

function signaturesOf(options: { steps: ScriptedStep[]; patch?: string; exitReason?: ExitReason; task?: Partial<Task>; score?: Partial<Score> }) {
  const task = { ...scriptedTask({ files: ["src/money.ts"], failToPass: ["test/money.test.ts::adds"] }), ...options.task };
  const trajectory = scriptedTrajectory({ steps: options.steps, ...(options.patch ? { patch: options.patch } : {}), ...(options.exitReason ? { exitReason: options.exitReason } : {}) });
  return failureSignatures({ task, trajectory, score: scoreOf(options.score) });
}

function find(found: ReturnType<typeof failureSignatures>, name: SignatureName) {
  return found.find((signature) => signature.signature === name);
}

test("never-opened-bug-file fires when no call read, searched, catted or edited a file of the fix", () => {
  const wandered = signaturesOf({ steps: [{ calls: [["read_file", { path: "src/cart.ts" }, "1│x"]] }, { calls: [["edit", { path: "src/cart.ts", old_string: "a", new_string: "b" }, "edited"]] }] });
  assert.match(find(wandered, "never-opened-bug-file")?.evidence ?? "", /never read, searched or edited src\/money\.ts .*read src\/cart\.ts, edited src\/cart\.ts instead/);

  const searched = signaturesOf({ steps: [{ calls: [["repo_search", { query: "add" }, "src/money.ts:3: add(other) {"]] }] });
  assert.equal(find(searched, "never-opened-bug-file"), undefined);
  const catted = signaturesOf({ steps: [{ calls: [["bash", { command: "cat src/money.ts" }, "…"]] }] });
  assert.equal(find(catted, "never-opened-bug-file"), undefined);
  // A refused read did not open the file.
  const refused = signaturesOf({ steps: [{ calls: [["read_file", { path: "src/money.ts" }, "no such file", { error: true }]] }] });
  assert.ok(find(refused, "never-opened-bug-file"));
});

test("edited-wrong-symbol cites the step of the wrong edit, the symbols changed and the fix's symbols", () => {
  const found = signaturesOf({
    steps: [{ calls: [["read_file", { path: "src/money.ts" }, "1│x"]] }, { calls: [["edit", { path: "src/cart.ts", old_string: "a", new_string: "b" }, "edited"]] }],
    patch: diffOf("src/cart.ts"),
    task: { scope: { files: ["src/money.ts"], symbols: [{ name: "money.Money.add", kind: "method", file: "src/money.ts", change: "modified" }] } },
    score: { scope: { precision: 0, recall: 0 }, evidence: { scope_symbols: "changed cart.total; the fix changes money.Money.add; 0 in common" } },
  });
  assert.equal(
    find(found, "edited-wrong-symbol")?.evidence,
    "step 1: edited src/cart.ts (cart.total); the fix changes src/money.ts (money.Money.add); never edited src/money.ts; scope precision 0.00, recall 0.00",
  );

  // The right file but the wrong function: the judge's symbol scope has nothing in common.
  const wrongFunction = signaturesOf({
    steps: [{ calls: [["edit", { path: "src/money.ts", old_string: "a", new_string: "b" }, "edited"]] }],
    patch: diffOf("src/money.ts"),
    score: { scope: { precision: 1, recall: 1 }, evidence: { scope_symbols: "changed money.Money.format; the fix changes money.Money.add; 0 in common" } },
  });
  assert.match(find(wrongFunction, "edited-wrong-symbol")?.evidence ?? "", /edited src\/money\.ts \(money\.Money\.format\)/);

  const right = signaturesOf({
    steps: [{ calls: [["edit", { path: "src/money.ts", old_string: "a", new_string: "b" }, "edited"]] }],
    patch: diffOf("src/money.ts") + diffOf("test/money.test.ts"),
    score: { scope: { precision: 1, recall: 1 }, evidence: { scope_symbols: "changed money.Money.add; the fix changes money.Money.add; 1 in common" } },
  });
  assert.equal(find(right, "edited-wrong-symbol"), undefined);
});

test("never-ran-tests accepts a test tool or a test command in bash, and nothing else", () => {
  const edit: ScriptedStep = { calls: [["edit", { path: "src/money.ts", old_string: "a", new_string: "b" }, "edited"]] };
  assert.match(find(signaturesOf({ steps: [edit, { calls: [["bash", { command: "ls src" }, "money.ts"]] }] }), "never-ran-tests")?.evidence ?? "", /step 0: edited src\/money\.ts and submitted without running a test in 2 steps/);
  for (const command of ["npm test", "npm run test -- --grep add", "node --test test/", "python -m pytest -q", "pytest -x tests", "go test ./...", "cargo test money"]) {
    assert.equal(find(signaturesOf({ steps: [edit, { calls: [["bash", { command }, "ok"]] }] }), "never-ran-tests"), undefined, command);
  }
  assert.equal(find(signaturesOf({ steps: [edit, { calls: [["run_single_test", { test_id: "test/money.test.ts::adds" }, "…: passed"]] }] }), "never-ran-tests"), undefined);
});

test("echo loops, budget exits, format errors, hack flags, broken PASS_TO_PASS tests and incomplete fixes each carry their evidence", () => {
  const echo = signaturesOf({ steps: [{ calls: [["git_status", {}, ""]] }, { calls: [["git_status", {}, ""]] }, { calls: [["git_status", {}, ""]], events: ["echo"] }] });
  assert.match(find(echo, "echo-loop")?.evidence ?? "", /^step 2: echo/);

  const budget = signaturesOf({ steps: [{ calls: [["repo_tree", {}, "."]] }], exitReason: "step-limit" });
  assert.match(find(budget, "ran-out-of-budget")?.evidence ?? "", /stopped after 1 step on step-limit; last calls repo_tree/);
  assert.equal(find(budget, "incomplete-fix"), undefined, "not submitted, so not an incomplete fix");

  const format = signaturesOf({ steps: [{ calls: [["edit", {}, "arguments are not JSON", { malformed: true }]] }, {}] });
  assert.match(find(format, "format-errors")?.evidence ?? "", /2 steps with format errors \(steps 0, 1\)/);

  const hacked = signaturesOf({ steps: [], score: { hackFlags: [{ detector: "test-edit", evidence: "the patch edits test/money.test.ts", file: "test/money.test.ts" }] } });
  assert.equal(find(hacked, "hack-flagged")?.evidence, "test-edit in test/money.test.ts: the patch edits test/money.test.ts");

  const broken = signaturesOf({
    steps: [],
    task: { passToPass: ["test/money.test.ts::formats", "test/money.test.ts::compares"], failToPass: ["test/money.test.ts::adds", "test/money.test.ts::subtracts"] },
    score: { tests: { "test/money.test.ts::formats": "failed", "test/money.test.ts::compares": "passed", "test/money.test.ts::adds": "passed", "test/money.test.ts::subtracts": "failed" } },
  });
  assert.equal(find(broken, "broke-pass-to-pass")?.evidence, "1 PASS_TO_PASS test of 2 no longer pass: test/money.test.ts::formats (failed)");
  assert.match(find(broken, "incomplete-fix")?.evidence ?? "", /an empty patch with 1 of 2 FAIL_TO_PASS tests not passing: test\/money\.test\.ts::subtracts \(failed\)/);

  // A judge that ran nothing reports no tests: that is not breaking PASS_TO_PASS.
  assert.equal(find(signaturesOf({ steps: [], task: { passToPass: ["test/money.test.ts::formats"] } }), "broke-pass-to-pass"), undefined);
});

test("a trajectory's standing: unresolved fails; resolved is partial with a hack flag, a penalty or weak shaping", () => {
  assert.equal(trajectoryStanding(scoreOf()).standing, "failed");
  assert.equal(trajectoryStanding(scoreOf({ resolved: true, components: { outcome: 1, plan_present: 0.1, echo_penalty: -0.3, recovery: 0.2 } })).standing, "partial");
  assert.match(trajectoryStanding(scoreOf({ resolved: true, components: { outcome: 1, plan_present: 0.1 } })).why, /weak shaped signals \(0\.10 < 0\.2\)/);
  assert.equal(trajectoryStanding(scoreOf({ resolved: true, components: { outcome: 1, plan_present: 0.1, verify_before_proceed: 0.05, navigation_efficiency: 0.1 } })).standing, "clean");
  assert.equal(trajectoryStanding(scoreOf({ resolved: true, components: { outcome: 1, plan_present: 0.5 }, hackFlags: [{ detector: "skip", evidence: "x" }] })).standing, "partial");
});

test("the judge's symbol scope evidence is read back, lists cut with 'and N more' included", () => {
  assert.deepEqual(parseSymbolScope("changed a.b, a.c and 3 more; the fix changes nothing; 0 in common"), { changed: ["a.b", "a.c"], truth: [], common: 0 });
  assert.equal(parseSymbolScope("something else"), undefined);
});

// ── Real rollouts on a mined task, judged by running the tests ─────────────────────────────

const config = kaizenConfig.parse({});
const settings: RolloutSettings = { contextWindow: 32_768, keepObservations: 10, maxSteps: 30, maxWallMs: 300_000, maxObservationChars: 10_000 };
let fixture: MinedBugFixTask;

before(async () => {
  fixture = await minedBugFixTask("kaizen-learn-signatures-");
});
after(() => fixture.dispose());

async function rolloutAndJudge(policy: Policy, kind: Trajectory["policy"]["kind"]): Promise<{ trajectory: Trajectory; score: Score }> {
  const { runDir, store, task } = fixture;
  const summary = await runRollouts({ runDir, config, store, tasks: [task], makePolicy: () => policy, describePolicy: () => ({ kind }), samples: 1, settings, jobs: 1, sandbox: true });
  const trajectory = store.trajectories.get(summary.trajectoryIds[0]!)!;
  const [score] = await judgeTrajectories({ runDir, config, store, trajectories: [trajectory], rewards: loadRewardConfig({}), sandbox: true });
  return { trajectory, score: score! };
}

test("real wrong fixes are caught with evidence from the judge, and the oracle's fix by no signature", async () => {
  const wrongModule = scriptedPolicy({
    label: "wrong-module",
    script: [
      { reasoning: "Prices look off; checking the formatter.", calls: [{ name: "read_file", arguments: { path: "src/format.js" } }] },
      { reasoning: "Rounding the cents here.", calls: [{ name: "edit", arguments: { path: "src/format.js", old_string: "abs % 100", new_string: "Math.round(abs / 10) % 100" } }] },
    ],
  });
  const elsewhere = await rolloutAndJudge(wrongModule, "scripted");
  assert.equal(elsewhere.score.resolved, false);
  const found = failureSignatures({ task: fixture.task, trajectory: elsewhere.trajectory, score: elsewhere.score });
  assert.deepEqual(found.map((signature) => signature.signature).sort(), ["edited-wrong-symbol", "incomplete-fix", "never-opened-bug-file", "never-ran-tests"]);
  assert.match(find(found, "edited-wrong-symbol")!.evidence, /^step 1: edited src\/format\.js \(format\.formatPrice\); the fix changes src\/cart\.js \(cart\.cartTotal\); never edited src\/cart\.js/);
  assert.match(find(found, "never-opened-bug-file")!.evidence, /never read, searched or edited src\/cart\.js .*read src\/format\.js, edited src\/format\.js instead/);
  assert.match(find(found, "incomplete-fix")!.evidence, /1 of 1 FAIL_TO_PASS tests not passing: test\/cart\.test\.js::rounds the discount to the nearest cent \(failed\)/);

  const wrongFunction = scriptedPolicy({
    label: "wrong-function",
    script: [
      { calls: [{ name: "read_file", arguments: { path: "src/cart.js" } }] },
      { calls: [{ name: "edit", arguments: { path: "src/cart.js", old_string: "sum + item.quantity", new_string: "sum - item.quantity" } }] },
      { calls: [{ name: "run_tests", arguments: {} }] },
    ],
  });
  const inFile = await rolloutAndJudge(wrongFunction, "scripted");
  const inFileFound = failureSignatures({ task: fixture.task, trajectory: inFile.trajectory, score: inFile.score });
  assert.deepEqual(inFileFound.map((signature) => signature.signature).sort(), ["broke-pass-to-pass", "edited-wrong-symbol", "incomplete-fix"]);
  assert.match(find(inFileFound, "edited-wrong-symbol")!.evidence, /^step 1: edited src\/cart\.js \(cart\.itemCount\); the fix changes src\/cart\.js \(cart\.cartTotal\)/);
  assert.equal(find(inFileFound, "broke-pass-to-pass")!.evidence, "1 PASS_TO_PASS test of 2 no longer pass: test/cart.test.js::counts items (failed)");

  const oracle = await rolloutAndJudge(oraclePolicy(), "oracle");
  assert.equal(oracle.score.resolved, true);
  assert.equal(trajectoryStanding(oracle.score).standing, "clean", JSON.stringify(oracle.score.components));
  assert.deepEqual(failureSignatures({ task: fixture.task, trajectory: oracle.trajectory, score: oracle.score }), []);
});
