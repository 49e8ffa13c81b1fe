import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { writeFiles } from "../../testing/write-files.js";
import { describeTestRun } from "./describe-test-run.js";
import { EXAMPLE_FILES, openToolTestContext, type ToolTestContext } from "./open-tool-test-context.js";
import { runSingleTestTool } from "./run-single-test.js";
import { runTestsTool } from "./run-tests.js";

let dir = "";
let context: ToolTestContext;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaizen-run-tests-"));
  context = await openToolTestContext({
    dir,
    files: {
      ...EXAMPLE_FILES,
      "test/total.test.js": [
        'import assert from "node:assert/strict";',
        'import { describe, test } from "node:test";',
        'import { Cart } from "../src/cart.js";',
        'describe("Cart", () => {',
        '  test("adds prices", () => {',
        "    const cart = new Cart();",
        '    cart.add("tea", 300);',
        '    cart.add("cake", 450);',
        "    assert.equal(cart.total(), 700);",
        "  });",
        "});",
        "",
      ].join("\n"),
    },
  });
});
after(() => {
  context.store.close();
  rmSync(dir, { recursive: true, force: true });
});

test("run_tests gives counts, each failing test with its message, and a closing passed count", async () => {
  const result = await context.call(runTestsTool, {});
  assert.equal(result.isError, false);
  const lines = result.content.split("\n");
  assert.match(lines[0]!, /^3 tests: 1 failed, 2 passed \(exit code 1, [\d.]+ s\)$/);
  assert.equal(lines[1], "FAILED test/total.test.js::Cart > adds prices");
  assert.match(lines[2]!, /^ {4}Expected values to be strictly equal:/);
  assert.match(result.content, /750 !== 700/);
  assert.equal(lines.at(-1), "2 passed");
  assert.deepEqual(result.sources.map((source) => source.kind === "repo-file" && source.path), ["."]);
});

test("run_tests runs only the chosen files, and refuses files that do not exist", async () => {
  const chosen = await context.call(runTestsTool, { files: ["test/cart.test.js"] });
  assert.match(chosen.content, /^2 tests: 2 passed \(exit code 0, [\d.]+ s\)\n2 passed$/);
  const missing = await context.call(runTestsTool, { files: ["test/nope.test.js"] });
  assert.equal(missing.isError, true);
  assert.match(missing.content, /^test\/nope\.test\.js does not exist/);
});

test("run_single_test shows one test's status and message; an unknown id lists the ids there are", async () => {
  const failing = await context.call(runSingleTestTool, { test_id: "test/total.test.js::Cart > adds prices" });
  assert.equal(failing.isError, false);
  assert.match(failing.content, /^test\/total\.test\.js::Cart > adds prices: failed \([\d.]+ s\)\n {4}Expected values/);
  const passing = await context.call(runSingleTestTool, { test_id: "test/cart.test.js::formats cents as dollars" });
  assert.match(passing.content, /^test\/cart\.test\.js::formats cents as dollars: passed/);

  const unknown = await context.call(runSingleTestTool, { test_id: "test/cart.test.js::adds tax" });
  assert.equal(unknown.isError, true);
  assert.match(unknown.content, /^no test with id test\/cart\.test\.js::adds tax was found/);
  const noFile = await context.call(runSingleTestTool, { test_id: "test/gone.test.js::x" });
  assert.match(noFile.content, /^no test file test\/gone\.test\.js; test ids are path\/to\/test_file::test name/);
});

test("a run that times out says so", async () => {
  writeFiles({ dir: context.workspace, files: { "test/hang.test.js": 'import { test } from "node:test";\ntest("waits forever", () => new Promise(() => setInterval(() => {}, 1000)));\n' } });
  const report = await context.tests.run({ files: ["test/hang.test.js"], timeoutMs: 1500 });
  const text = describeTestRun({ report, store: context.store });
  assert.match(text, /\nthe run timed out and was stopped: tests not reported by then count as missing\n/);
  assert.match(text, /\n0 passed$/);
  rmSync(join(context.workspace, "test/hang.test.js"));
});
