import assert from "node:assert/strict";
import { test } from "node:test";
import { parsePlan } from "./parse-plan.js";

test("a plan in seed 002's format: numbered steps with files and tools, and a confidence", () => {
  const plan = parsePlan(
    [
      "I see the bug.",
      "**Plan**:",
      "1. Fix `Money.add` in `src/money.ts` (edit)",
      "2. Run the tests in `test/money.test.ts` to verify (run_tests)",
      "3. Submit the change (submit)",
      "",
      "**Estimated scope**: 1 file, ~2 lines changed",
      "**Confidence**: 0.85",
    ].join("\n"),
  );
  assert.deepEqual(plan, {
    steps: [
      { text: "Fix `Money.add` in `src/money.ts` (edit)", files: ["src/money.ts"], tool: "edit" },
      { text: "Run the tests in `test/money.test.ts` to verify (run_tests)", files: ["test/money.test.ts"], tool: "run_tests" },
      { text: "Submit the change (submit)", files: [], tool: "submit" },
    ],
    confidence: 0.85,
  });
});

test("inline plans, bare paths, wrapped steps and percentages", () => {
  const inline = parsePlan("**Plan**: 1) Extract validate_input() from src/process.py, 2) Extract transform_data(), 3) Run `pytest` with `run_tests`\n**Confidence**: 70%");
  assert.deepEqual(
    inline?.steps.map((step) => [step.files, step.tool]),
    [
      [["src/process.py"], undefined],
      [[], undefined],
      [[], "run_tests"],
    ],
  );
  assert.equal(inline?.confidence, 0.7);

  const wrapped = parsePlan("## Plan\n1. Edit lib/a.rs\n   and lib/b.rs (apply_patch)\n2. Test (run_tests)\nThen I will go.");
  assert.deepEqual(wrapped?.steps[0], { text: "Edit lib/a.rs and lib/b.rs (apply_patch)", files: ["lib/a.rs", "lib/b.rs"], tool: "apply_patch" });
  assert.equal(wrapped?.steps.length, 2);
});

test("no header or no numbered step is no plan", () => {
  assert.equal(parsePlan("1. read the file\n2. fix it"), undefined);
  assert.equal(parsePlan("**Plan**: look around first."), undefined);
  assert.equal(parsePlan("Planning to fix it:\n1. edit"), undefined);
  assert.equal(parsePlan("**Alternative plan**: use a builder\n1. x"), undefined);
});
