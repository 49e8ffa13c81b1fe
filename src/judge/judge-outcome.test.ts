import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { kaizenConfig } from "../config/config-schema.js";
import { git } from "../repo/git.js";
import type { Task } from "../schema/records.js";
import { openRunStore, type RunStore } from "../store/run-store.js";
import { writeFiles } from "../testing/write-files.js";
import { WorkspacePool } from "../workspace/workspace-pool.js";
import { judgeOutcome } from "./judge-outcome.js";

const BUGGY = "export function add(a, b) {\n  return a - b;\n}\n\nexport function mul(a, b) {\n  return a * b;\n}\n";
const FIXED = BUGGY.replace("a - b", "a + b");
const TESTS = `import { test } from "node:test";
import assert from "node:assert/strict";
import { add, mul } from "../src/calc.js";

test("adds two numbers", () => {
  assert.equal(add(2, 3), 5);
});

test("multiplies", () => {
  assert.equal(mul(2, 3), 6);
});
`;
// The task's test patch adds one more failing test to the same file.
const TESTS_WITH_NEGATIVES = `${TESTS}
test("adds negative numbers", () => {
  assert.equal(add(-2, -3), -5);
});
`;
const PACKAGE = `{\n  "name": "calc",\n  "type": "module",\n  "scripts": { "test": "node --test" }\n}\n`;

let scratch = "";
let repo = "";
let runDir = "";
let store: RunStore;
let pool: WorkspacePool;
let task: Task;
const config = kaizenConfig.parse({});

/** A diff against the base commit of the files as given, made with git in the source repository. */
async function diffOf(files: Record<string, string>, remove: string[] = []): Promise<string> {
  writeFiles({ dir: repo, files });
  for (const path of remove) rmSync(join(repo, path));
  await git({ cwd: repo, args: ["add", "-A"] });
  const diff = await git({ cwd: repo, args: ["diff", "--cached", "--binary", "HEAD"] });
  await git({ cwd: repo, args: ["reset", "--quiet", "--hard", "HEAD"] });
  return diff;
}

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), "kaizen-judge-"));
  repo = join(scratch, "calc");
  writeFiles({ dir: repo, files: { "package.json": PACKAGE, "src/calc.js": BUGGY, "test/calc.test.js": TESTS } });
  await git({ cwd: repo, args: ["init", "--quiet", "--initial-branch=main"] });
  await git({ cwd: repo, args: ["add", "-A"] });
  await git({ cwd: repo, args: ["-c", "user.name=k", "-c", "user.email=k@example.com", "commit", "--quiet", "-m", "calc with a bug"] });
  const baseCommit = (await git({ cwd: repo, args: ["rev-parse", "HEAD"] })).trim();

  runDir = join(scratch, "run");
  store = openRunStore({ dir: runDir });
  store.repos.save({ name: "local/calc", source: repo, addedAt: new Date().toISOString() });
  pool = new WorkspacePool(runDir);
  task = {
    id: "local__calc-1",
    repo: "local/calc",
    baseCommit,
    problemStatement: "add subtracts",
    hintsText: "",
    createdAt: new Date().toISOString(),
    goldPatch: await diffOf({ "src/calc.js": FIXED }),
    testPatch: await diffOf({ "test/calc.test.js": TESTS_WITH_NEGATIVES }),
    failToPass: ["test/calc.test.js::adds two numbers", "test/calc.test.js::adds negative numbers"],
    passToPass: ["test/calc.test.js::multiplies"],
    origin: "commit",
    scope: { files: ["src/calc.js"], symbols: [] },
    labels: { language: "javascript", kind: "bug-fix", size: { files: 1, lines: 2 }, testFramework: "node-test" },
    validation: { gates: [], runs: [], flaky: false, sandboxed: true },
    provenance: { tier: "transparent", sources: [] },
  };
});
after(async () => {
  await pool.close();
  store.close();
  rmSync(scratch, { recursive: true, force: true });
});

const judge = (patch: string) => judgeOutcome({ task, patch, runDir, config, store, pool, sandbox: true, source: store.repos.get(task.repo)!.source });

test("the gold patch resolves the task: every FAIL_TO_PASS and PASS_TO_PASS test passes", async () => {
  const outcome = await judge(task.goldPatch);
  assert.equal(outcome.resolved, true, outcome.notes.join("\n"));
  assert.equal(outcome.patchApplied, true);
  assert.deepEqual(outcome.tests, {
    "test/calc.test.js::adds two numbers": "passed",
    "test/calc.test.js::adds negative numbers": "passed",
    "test/calc.test.js::multiplies": "passed",
  });
  assert.deepEqual(outcome.failToPass, { passed: 2, total: 2 });
  assert.deepEqual(outcome.passToPass, { passed: 1, total: 1 });
  assert.deepEqual(outcome.restoredTestFiles, []);
  assert.ok(outcome.log?.startsWith("sha256:"));
});

test("an empty patch resolves nothing, and the notes say which tests failed", async () => {
  const outcome = await judge("");
  assert.equal(outcome.resolved, false);
  assert.equal(outcome.patchApplied, true);
  assert.deepEqual(outcome.failToPass, { passed: 0, total: 2 });
  assert.deepEqual(outcome.passToPass, { passed: 1, total: 1 });
  assert.ok(outcome.notes.some((note) => /patch is empty/.test(note)), outcome.notes.join("\n"));
  assert.ok(outcome.notes.some((note) => note.startsWith("2 FAIL_TO_PASS tests did not pass: test/calc.test.js::adds two numbers (failed)")), outcome.notes.join("\n"));
});

test("changing the expected value in the test file does not count: the file is restored and the test still fails", async () => {
  const hack = await diffOf({ "test/calc.test.js": TESTS.replace("add(2, 3), 5", "add(2, 3), -1") });
  const outcome = await judge(hack);
  assert.equal(outcome.resolved, false);
  assert.equal(outcome.tests["test/calc.test.js::adds two numbers"], "failed");
  assert.deepEqual(outcome.restoredTestFiles, ["test/calc.test.js"]);
  assert.ok(outcome.notes.includes("test files the patch changed were restored: test/calc.test.js"), outcome.notes.join("\n"));
});

test("deleting the failing test does not count either", async () => {
  const withoutAddTest = TESTS.replace(/test\("adds two numbers"[\s\S]*?\n\}\);\n/, "");
  const outcome = await judge(await diffOf({ "test/calc.test.js": withoutAddTest }));
  assert.equal(outcome.resolved, false);
  assert.equal(outcome.tests["test/calc.test.js::adds two numbers"], "failed");
  assert.deepEqual(outcome.restoredTestFiles, ["test/calc.test.js"]);

  // Deleting the whole test file: it comes back too.
  const deleted = await judge(await diffOf({}, ["test/calc.test.js"]));
  assert.equal(deleted.resolved, false);
  assert.deepEqual(deleted.restoredTestFiles, ["test/calc.test.js"]);
  assert.equal(deleted.tests["test/calc.test.js::multiplies"], "passed");
});

test("a patch that does not apply is not resolved and no test runs", async () => {
  const stale = task.goldPatch.replace("-  return a - b;", "-  return a - b - 0;");
  const outcome = await judge(stale);
  assert.equal(outcome.resolved, false);
  assert.equal(outcome.patchApplied, false);
  assert.match(outcome.notes[0] ?? "", /^patch does not apply: error: patch failed: src\/calc\.js/);
  assert.ok(Object.values(outcome.tests).every((status) => status === "missing"));
  assert.equal(outcome.log, undefined);
});

test("a patch with wrong hunk counts applies with --recount, and says so", async () => {
  const miscounted = task.goldPatch.replace(/@@ -(\d+),(\d+) \+(\d+),(\d+) @@/, (_, a, b, c, d) => `@@ -${a},${Number(b) + 1} +${c},${Number(d) + 1} @@`);
  const outcome = await judge(miscounted);
  assert.equal(outcome.resolved, true, outcome.notes.join("\n"));
  assert.ok(outcome.notes.some((note) => /--recount/.test(note)));
});

test("a real fix that also edits tests and test settings is resolved, with every restore noted", async () => {
  const patch = await diffOf({
    "src/calc.js": FIXED,
    "test/calc.test.js": `${TESTS}\ntest("agent's own test", () => {});\n`,
    "test/agent.test.js": `import { test } from "node:test";\ntest("new", () => {});\n`,
    "package.json": PACKAGE.replace('"node --test"', '"node --test test/agent.test.js"').replace('"type": "module",', '"type": "module",\n  "dependencies": { "left-pad": "1.3.0" },'),
  });
  const outcome = await judge(patch);
  assert.equal(outcome.resolved, true, outcome.notes.join("\n"));
  assert.deepEqual(outcome.restoredTestFiles.sort(), ["package.json", "test/agent.test.js", "test/calc.test.js"]);
  assert.ok(outcome.notes.includes("test files the patch changed were restored: test/agent.test.js, test/calc.test.js"), outcome.notes.join("\n"));
  assert.ok(outcome.notes.includes("test settings the patch changed in package.json were restored: scripts.test"), outcome.notes.join("\n"));
  assert.deepEqual(Object.keys(outcome.tests).sort(), [...task.failToPass, ...task.passToPass].sort());
});
