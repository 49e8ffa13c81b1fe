import assert from "node:assert/strict";
import { test } from "node:test";
import { rewardConfig } from "./reward-config.js";
import { scriptedTask, scriptedTrajectory, type ScriptedStep } from "../../testing/scripted-trajectory.js";
import { shapedSignals } from "./shaped-signals.js";
import { totalReward } from "./total-reward.js";

const config = rewardConfig.parse({});
const task = scriptedTask({ files: ["src/money.ts"], failToPass: ["test/money.test.ts::adds cents"] });

/** Every signal at 0: each scenario below lists only what it expects to differ. */
const NOTHING_FIRED = {
  navigation_efficiency: 0,
  targeted_read: 0,
  strategic_exploration: 0,
  redundant_search: 0,
  plan_present: 0,
  plan_accurate: 0,
  no_unnecessary_changes: 0,
  fewer_iterations: 0,
  plan_confidence: 0,
  replan_after_failure: 0,
  recovery: 0,
  clean_revert: 0,
  correct_backtrack: 0,
  echo_penalty: 0,
  strategy_diversity: 0,
  verify_before_proceed: 0,
  infinite_retry: 0,
  escalation: 0,
  test_written: 0,
  test_catches_bug: 0,
  repro_test: 0,
  test_coverage: 0,
  flaky_test: 0,
  redundant_test: 0,
  conventional_commit: 0,
  change_description: 0,
  clean_diff: 0,
  merge_conflict_resolved: 0,
  commit_related_files: 0,
  context_efficiency: 0,
  no_context_overflow: 0,
  reread_penalty: 0,
  invalid_format: 0,
};

const passing = (count: number) => `${count} tests: ${count} passed (exit code 0, 0.3 s)\n${count} passed`;
const failing = (ids: string[], passed: number, seconds = "0.4") =>
  `${ids.length + passed} tests: ${ids.length} failed, ${passed} passed (exit code 1, ${seconds} s)\n${ids.map((id) => `FAILED ${id}\n    AssertionError: expected 3, got -1`).join("\n")}\n${passed} passed`;
const EDITED = "edited src/money.ts (1 replacement)";
const MONEY_LINES = "src/money.ts (lines 10-12 of 40)\n   10│  add(other: Money): Money {\n   11│    return new Money(this.cents - other.cents);\n   12│  }";

const FIX = [
  "diff --git a/src/money.ts b/src/money.ts",
  "--- a/src/money.ts",
  "+++ b/src/money.ts",
  "@@ -10,3 +10,3 @@ export class Money {",
  "   add(other: Money): Money {",
  "-    return new Money(this.cents - other.cents);",
  "+    return new Money(this.cents + other.cents);",
  "   }",
  "",
].join("\n");
const NEW_TEST = [
  "diff --git a/test/money.test.ts b/test/money.test.ts",
  "--- a/test/money.test.ts",
  "+++ b/test/money.test.ts",
  "@@ -11,2 +11,5 @@",
  "   assert.equal(new Money(1).add(new Money(2)).cents, 3);",
  " });",
  '+test("adds negative cents", () => {',
  "+  assert.equal(new Money(-1).add(new Money(-2)).cents, -3);",
  "+});",
  "",
].join("\n");
const README = ["diff --git a/README.md b/README.md", "--- a/README.md", "+++ b/README.md", "@@ -1 +1 @@", "-# ledger", "+# ledger (fixed)", ""].join("\n");

const PLAN = [
  "The sign in Money.add looks wrong.",
  "**Plan**:",
  "1. Fix `Money.add` in `src/money.ts` (edit)",
  "2. Run the tests in `test/money.test.ts` to verify (run_tests)",
  "3. Submit the change (submit)",
  "",
  "**Estimated scope**: 1 file, ~2 lines changed",
  "**Confidence**: 0.85",
].join("\n");

const efficientSteps: ScriptedStep[] = [
  { reasoning: "First the layout.", calls: [["repo_tree", {}, "acme/ledger (2 files)\n  src/\n    money.ts\n  test/\n    money.test.ts"]] },
  { reasoning: PLAN, calls: [["find_symbol", { symbol_name: "add" }, "1 method definition named add:\nsrc/money.ts:10-12 method Money.add"]] },
  { calls: [["read_file", { path: "src/money.ts", start_line: 10, end_line: 12 }, MONEY_LINES]] },
  { calls: [["edit", { path: "src/money.ts", old_string: "this.cents - other.cents", new_string: "this.cents + other.cents" }, EDITED]] },
  { calls: [["run_tests", { files: ["test/money.test.ts"] }, passing(4)]] },
  {
    calls: [
      [
        "git_commit",
        { message: "fix(money): add cents instead of subtracting them" },
        "committed 1a2b3c4 fix(money): add cents instead of subtracting them\n src/money.ts | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)",
      ],
    ],
  },
  { calls: [["submit", { summary: "Money.add in src/money.ts subtracted cents because of a sign error; it now adds them." }, "submitted"]] },
];
const efficient = scriptedTrajectory({ steps: efficientSteps, patch: FIX });

const EFFICIENT_COMPONENTS = {
  ...NOTHING_FIRED,
  navigation_efficiency: 0.1,
  targeted_read: 0.05,
  strategic_exploration: 0.05,
  plan_present: 0.1,
  plan_accurate: 0.1,
  no_unnecessary_changes: 0.05,
  fewer_iterations: 0.1,
  plan_confidence: 0.02,
  verify_before_proceed: 0.05,
  conventional_commit: 0.05,
  change_description: 0.05,
  clean_diff: 0.05,
  commit_related_files: 0.05,
  context_efficiency: 0.1,
  no_context_overflow: 0.1,
};

test("an efficient resolved trajectory earns its navigation, plan, verification, git and context bonuses", () => {
  const signals = shapedSignals({ trajectory: efficient, task, resolved: true, config, medianSteps: 10 });
  assert.deepEqual(signals.components, EFFICIENT_COMPONENTS);
  assert.deepEqual(signals.plan, { planned: ["src/money.ts", "test/money.test.ts"], executed: ["src/money.ts"] });
  assert.equal(signals.evidence.navigation_efficiency, "step 2 read src/money.ts after 1 search (within the 3 allowed)");
  assert.match(signals.evidence.plan_accurate!, /^3 of 3 steps of the plan at step 1 were carried out/);
  assert.equal(signals.evidence.verify_before_proceed, "step 4 ran run_tests after the last edit (step 3)");
  // 1 + 0.2 navigation + 0.37 plan + 0.05 recovery + 0.2 git + 0.2 context
  assert.deepEqual(totalReward({ resolved: true, components: signals.components, hacked: false, config }), { reward: 2.02, gated: false });
});

test("a wasteful trajectory pays for repeated searches, re-reads, an echo and format errors", () => {
  const bigFile = `src/money.ts (lines 1-40 of 40)\n${"   1│// a long comment about money\n".repeat(50)}`;
  const read = (masked = false): ScriptedStep["calls"] => [["read_file", { path: "src/money.ts" }, bigFile, { masked }]];
  const malformed = "The arguments of edit are not valid JSON (Unexpected token n). Send one JSON object.";
  const trajectory = scriptedTrajectory({
    contextWindow: 2000,
    patch: FIX + README,
    steps: [
      { calls: [["repo_search", { query: "add" }, "3 matching lines in 2 files:\nsrc/money.ts:10:  add("]] },
      { calls: [["repo_search", { query: "add" }, "3 matching lines in 2 files:\nsrc/money.ts:10:  add("]] },
      { calls: [["repo_search", { query: "cents" }, "5 matching lines in 2 files"]] },
      { calls: [["repo_search", { query: "Money" }, "9 matching lines in 2 files"]] },
      { calls: read() },
      { calls: read() },
      { calls: [["edit", {}, malformed, { malformed: true }]] },
      { content: "I will now fix it." },
      { calls: [["edit", { path: "src/money.ts", old_string: "this.cents - other.cents", new_string: "this.cents + other.cents" }, EDITED]] },
      { calls: read() },
      { calls: read() },
      { calls: read(), events: ["echo"] },
      {
        calls: [
          ["edit", {}, malformed, { malformed: true }],
          ["edit", {}, malformed, { malformed: true }],
        ],
        events: ["budget-warning"],
      },
      { calls: [["submit", { summary: "done" }, "submitted"]] },
    ],
  });
  const signals = shapedSignals({ trajectory, task, resolved: true, config, medianSteps: 10 });
  assert.deepEqual(signals.components, {
    ...NOTHING_FIRED,
    redundant_search: -0.1,
    echo_penalty: -0.3,
    reread_penalty: -0.15,
    invalid_format: -0.3,
  });
  assert.equal(signals.plan, null);
  assert.equal(signals.evidence.navigation_efficiency, "step 4 read src/money.ts after 4 searches (over the 3 allowed)");
  assert.match(signals.evidence.redundant_search!, /^step 1 repeated repo_search \{"query":"add"\} from step 0/);
  assert.match(signals.evidence.echo_penalty!, /steps 9, 10 and 11/);
  assert.equal(
    signals.evidence.reread_penalty,
    "step 5 re-read src/money.ts from step 4; step 10 re-read src/money.ts from step 9; step 11 re-read src/money.ts from step 10, unchanged and still in context",
  );
  assert.equal(signals.evidence.invalid_format, "4 format errors (steps 6, 7 and 12) (4 counted as 3, the cap)");
  assert.equal(signals.evidence.clean_diff, "the patch also touches README.md");
  assert.match(signals.evidence.context_efficiency!, /^tool output read: ~\d+ tokens/);
  assert.equal(signals.evidence.no_context_overflow, "step 12 got a context budget warning");
  assert.deepEqual(totalReward({ resolved: true, components: signals.components, hacked: false, config }), { reward: 0.15, gated: false });
});

const recoverySteps: ScriptedStep[] = [
  {
    reasoning: "**Plan**:\n1. Change the rounding in `src/money.ts` (edit)\n2. Run the tests (run_tests)\n3. Submit (submit)\n\n**Confidence**: 0.6",
    calls: [["read_file", { path: "src/money.ts", start_line: 1, end_line: 40 }, MONEY_LINES]],
  },
  { calls: [["edit", { path: "src/money.ts", old_string: "Math.floor(x)", new_string: "Math.round(x)" }, EDITED]] },
  { calls: [["run_tests", {}, failing(["test/money.test.ts::adds cents"], 3)]] },
  { calls: [["edit", { path: "src/money.ts", old_string: "Math.round(x)", new_string: "Math.ceil(x)" }, EDITED]] },
  { calls: [["run_tests", {}, failing(["test/money.test.ts::adds cents"], 3, "0.5")]] },
  { reasoning: "Rounding is not the problem. Back to the original.", calls: [["bash", { command: "git checkout -- src/money.ts" }, "exit code 0\n(no output)"]] },
  {
    reasoning: "**Plan**:\n1. Fix the sign in `Money.add` in `src/money.ts` (edit)\n2. Run `test/money.test.ts` (run_tests)\n3. Submit (submit)",
    calls: [["edit", { path: "src/money.ts", old_string: "this.cents - other.cents", new_string: "this.cents + other.cents" }, EDITED]],
  },
  { calls: [["run_tests", { files: ["test/money.test.ts"] }, passing(4)]] },
  { calls: [["submit", { summary: "Fixed the sign in `Money.add`" }, "submitted"]] },
];

test("a recovery trajectory earns recovery, a clean revert, a correct backtrack, a re-plan and a new strategy", () => {
  const trajectory = scriptedTrajectory({ steps: recoverySteps, patch: FIX });
  const signals = shapedSignals({ trajectory, task, resolved: true, config });
  assert.deepEqual(signals.components, {
    ...NOTHING_FIRED,
    navigation_efficiency: 0.1,
    targeted_read: 0.05,
    plan_present: 0.1,
    plan_accurate: 0.1,
    no_unnecessary_changes: 0.05,
    plan_confidence: 0.02,
    replan_after_failure: 0.1,
    recovery: 0.2,
    clean_revert: 0.05,
    correct_backtrack: 0.1,
    strategy_diversity: 0.1,
    verify_before_proceed: 0.05,
    clean_diff: 0.05,
    context_efficiency: 0.1,
    no_context_overflow: 0.1,
  });
  assert.equal(signals.evidence.fewer_iterations, "no median step count (no other trajectories of this task)");
  assert.equal(signals.evidence.replan_after_failure, "step 6 wrote a new plan after failing test runs at steps 2 and 4");
  assert.equal(signals.evidence.clean_revert, "step 5 reverted (git checkout -- src/money.ts), then step 6 tried a different edit");
  assert.equal(signals.evidence.correct_backtrack, "step 5 backtracked after the failing run at step 4, and the task was resolved");
  assert.equal(signals.evidence.strategy_diversity, "after the failing run at step 2, the retry used edit instead of read_file → edit");
  assert.equal(signals.evidence.change_description, "the submit summary does not say why");
  assert.deepEqual(totalReward({ resolved: true, components: signals.components, hacked: false, config }), { reward: 2.27, gated: false });
});

test("a test-first trajectory earns the testing signals from its own test runs", () => {
  const testId = "test/money.test.ts::adds negative cents";
  const trajectory = scriptedTrajectory({
    patch: FIX + NEW_TEST,
    steps: [
      { calls: [["list_directory", { path: "." }, "./\n  src/\n  test/"]] },
      {
        calls: [
          [
            "read_file",
            { path: "test/money.test.ts", start_line: 1, end_line: 12 },
            "test/money.test.ts (lines 11-12 of 12)\n   11│  assert.equal(new Money(1).add(new Money(2)).cents, 3);\n   12│});",
          ],
        ],
      },
      {
        calls: [
          [
            "edit",
            { path: "test/money.test.ts", old_string: "});\n", new_string: '});\ntest("adds negative cents", () => {\n  assert.equal(new Money(-1).add(new Money(-2)).cents, -3);\n});\n' },
            "edited test/money.test.ts",
          ],
        ],
      },
      { calls: [["run_single_test", { test_id: testId }, `${testId}: failed (0.01 s)\n    expected -3, got 1`]] },
      { calls: [["read_file", { path: "src/money.ts", start_line: 10, end_line: 12 }, MONEY_LINES]] },
      { calls: [["edit", { path: "src/money.ts", old_string: "this.cents - other.cents", new_string: "this.cents + other.cents" }, EDITED]] },
      {
        calls: [
          [
            "run_tests_with_coverage",
            {},
            [
              "coverage run with node-test (exit code 0, 1.2 s)",
              "ℹ tests 5",
              "ℹ pass 5",
              "ℹ fail 0",
              "ℹ start of coverage report",
              "ℹ file         | line % | branch % | funcs % | uncovered lines",
              "ℹ src/money.ts | 100.00 |    87.50 |  100.00 | ",
              "ℹ all files    | 100.00 |    87.50 |  100.00 |",
              "ℹ end of coverage report",
            ].join("\n"),
          ],
        ],
      },
      { calls: [["run_single_test", { test_id: testId }, `${testId}: passed (0.01 s)`]] },
      {
        calls: [
          [
            "git_commit",
            { message: "Fix negative addition" },
            "committed abc1234 Fix negative addition\n src/money.ts       | 2 +-\n test/money.test.ts | 3 +++\n 2 files changed, 4 insertions(+), 1 deletion(-)",
          ],
        ],
      },
      { calls: [["submit", { summary: "Money.add lost the sign because it subtracted; it now adds signed cents. Added a test in test/money.test.ts." }, "submitted"]] },
    ],
  });
  const signals = shapedSignals({ trajectory, task, resolved: true, config, medianSteps: 12 });
  assert.deepEqual(signals.components, {
    ...NOTHING_FIRED,
    navigation_efficiency: 0.1,
    targeted_read: 0.05,
    strategic_exploration: 0.05,
    fewer_iterations: 0.1,
    verify_before_proceed: 0.05,
    test_written: 0.2,
    test_catches_bug: 0.3,
    repro_test: 0.3,
    test_coverage: 0.1,
    change_description: 0.05,
    clean_diff: 0.05,
    commit_related_files: 0.05,
    context_efficiency: 0.1,
    no_context_overflow: 0.1,
  });
  assert.equal(signals.evidence.repro_test, `${testId} failed at step 3, before the fix (step 5), and passed at step 6`);
  assert.equal(signals.evidence.test_coverage, "step 6: 87.5% of branches covered (80% earns it)");
  assert.equal(signals.evidence.recovery, "resolved with no failing test run between edits");
  assert.equal(signals.evidence.conventional_commit, 'not Conventional Commits: "Fix negative addition"');
  assert.deepEqual(totalReward({ resolved: true, components: signals.components, hacked: false, config }), { reward: 2.6, gated: false });
});

test("unresolved: P-GRPO gating leaves the outcome alone, bonuses and penalties both", () => {
  const signals = shapedSignals({ trajectory: efficient, task, resolved: false, config, medianSteps: 10 });
  // The detectors still report (for curation), but none of it reaches the reward.
  assert.deepEqual(signals.components, EFFICIENT_COMPONENTS);
  assert.deepEqual(totalReward({ resolved: false, components: signals.components, hacked: false, config }), { reward: 0, gated: true });
  assert.deepEqual(totalReward({ resolved: false, components: { echo_penalty: -0.3 }, hacked: false, config }), { reward: 0, gated: true });

  const ungated = rewardConfig.parse({ gating: "none" });
  assert.deepEqual(totalReward({ resolved: false, components: signals.components, hacked: false, config: ungated }), { reward: 1.02, gated: false });
});

test("a hack-flagged trajectory gets the hack penalty, whatever it earned", () => {
  const signals = shapedSignals({ trajectory: efficient, task, resolved: true, config, medianSteps: 10 });
  assert.deepEqual(totalReward({ resolved: true, components: signals.components, hacked: true, config }), { reward: -1, gated: false });
  const milder = rewardConfig.parse({ hackPenalty: -0.5 });
  assert.deepEqual(totalReward({ resolved: false, components: signals.components, hacked: true, config: milder }), { reward: -0.5, gated: true });
});

test("a disabled signal drops out of the components and a new weight is used", () => {
  const custom = rewardConfig.parse({ signals: { conventional_commit: { enabled: false }, plan_present: { weight: 0.3 } } });
  const signals = shapedSignals({ trajectory: efficient, task, resolved: true, config: custom, medianSteps: 10 });
  assert.equal("conventional_commit" in signals.components, false);
  assert.equal("conventional_commit" in signals.evidence, false);
  assert.equal(signals.components.plan_present, 0.3);
});
