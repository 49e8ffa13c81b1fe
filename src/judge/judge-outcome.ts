import type { KaizenConfig } from "../config/config-schema.js";
import type { ArtifactRef, Task, TestStatus } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";
import { openTestSession, type TestSession } from "../test-runners/test-session.js";
import type { WorkspacePool } from "../workspace/workspace-pool.js";
import { splitPatch } from "../tasks/split-patch.js";
import { restoreTestFiles } from "./restore-test-files.js";
import { gitApply } from "../repo/git-apply.js";

export interface JudgeOutcomeOptions {
  task: Task;
  /** The agent's final patch (git diff against task.baseCommit, may touch tests, may be empty). */
  patch: string;
  runDir: string;
  config: KaizenConfig;
  store: RunStore;
  pool: WorkspacePool;
  /** False for --no-sandbox. */
  sandbox: boolean;
  /** Where to fetch the repository from: store.repos.get(task.repo)!.source normally. */
  source: string;
}

export interface Outcome {
  resolved: boolean;
  /** Every FAIL_TO_PASS and PASS_TO_PASS test's status after the patch (missing counts as failed). */
  tests: Record<string, TestStatus>;
  failToPass: { passed: number; total: number };
  passToPass: { passed: number; total: number };
  /** Why not resolved, or what was odd: "patch does not apply: …", "2 FAIL_TO_PASS tests failed: …", "test files the patch changed were restored: …". */
  notes: string[];
  patchApplied: boolean;
  /** Test files the patch touched (they were restored before running). */
  restoredTestFiles: string[];
  /** The test run's whole output, when the tests ran. */
  log?: ArtifactRef;
  durationMs: number;
}

/** Frameworks whose ids do not start with a test file (a go package, a cargo test binary): run by id. */
const RUN_BY_ID = new Set(["go-test", "cargo-test"]);

/**
 * The verifiable outcome of a patch, as SWE-bench decides it: in a fresh workspace at the base
 * commit, apply the patch, put the test files it touched back (`restoreTestFiles`), apply the
 * task's test patch, run the FAIL_TO_PASS and PASS_TO_PASS tests. Resolved when every one of
 * them passed; a test missing from the report counts as failed. Nothing the patch or the tests do
 * makes this throw; a missing test framework or sandbox does (the test session's UserErrors).
 */
export async function judgeOutcome({ task, patch, runDir, config, store, pool, sandbox, source }: JudgeOutcomeOptions): Promise<Outcome> {
  const started = Date.now();
  const ids = [...new Set([...task.failToPass, ...task.passToPass])];
  const notes: string[] = [];
  const finish = (fields: { patchApplied: boolean; restoredTestFiles?: string[]; statuses?: Record<string, TestStatus>; log?: ArtifactRef }): Outcome => {
    const tests = Object.fromEntries(ids.map((id) => [id, fields.statuses?.[id] ?? "missing"])) as Record<string, TestStatus>;
    const failing = (group: string[]) => group.filter((id) => tests[id] !== "passed");
    const failedF2P = failing(task.failToPass);
    const failedP2P = failing(task.passToPass);
    if (fields.statuses) {
      if (failedF2P.length) notes.push(`${countOf(failedF2P.length, "FAIL_TO_PASS test")} did not pass: ${listOf(failedF2P, tests)}`);
      if (failedP2P.length) notes.push(`${countOf(failedP2P.length, "PASS_TO_PASS test")} did not pass: ${listOf(failedP2P, tests)}`);
    }
    if (task.failToPass.length === 0) notes.push("the task lists no FAIL_TO_PASS tests, so no patch can resolve it");
    return {
      resolved: fields.patchApplied && fields.statuses !== undefined && task.failToPass.length > 0 && failedF2P.length === 0 && failedP2P.length === 0,
      tests,
      failToPass: { passed: task.failToPass.length - failedF2P.length, total: task.failToPass.length },
      passToPass: { passed: task.passToPass.length - failedP2P.length, total: task.passToPass.length },
      notes,
      patchApplied: fields.patchApplied,
      restoredTestFiles: fields.restoredTestFiles ?? [],
      ...(fields.log ? { log: fields.log } : {}),
      durationMs: Date.now() - started,
    };
  };

  const workspace = await pool.acquire({ repoName: task.repo, source, baseCommit: task.baseCommit });
  try {
    if (patch.trim() === "") notes.push("the patch is empty: the code is as it was at the base commit");
    const applied = await gitApply(workspace.path, patch);
    if (!applied.ok) {
      notes.push(`patch does not apply: ${applied.detail}`);
      return finish({ patchApplied: false });
    }
    if (applied.detail) notes.push(applied.detail);

    const restored = await restoreTestFiles({ workspace: workspace.path, patch, testPatch: task.testPatch });
    const restoredTestFiles = [...restored.files, ...restored.settings.map((entry) => entry.path)];
    if (restored.files.length) notes.push(`test files the patch changed were restored: ${restored.files.join(", ")}`);
    for (const entry of restored.settings) notes.push(`test settings the patch changed in ${entry.path} were restored: ${entry.settings.join(", ")}`);

    const testApplied = await gitApply(workspace.path, task.testPatch);
    if (!testApplied.ok) {
      notes.push(`the task's test patch does not apply after the patch: ${testApplied.detail}`);
      return finish({ patchApplied: true, restoredTestFiles });
    }

    const session = await openTestSession({ runDir, repoName: task.repo, workspace: workspace.path, config, store, sandbox });
    if (!session.sandboxed) notes.push("the tests ran without the sandbox (--no-sandbox)");
    const report = await session.run(selection(session, ids, task.testPatch));
    notes.push(...report.notes.map((note) => `tests: ${note}`));
    if (report.timedOut) notes.push(`tests: timed out after ${Math.round(report.durationMs / 1000)} s`);
    return finish({ patchApplied: true, restoredTestFiles, statuses: report.statuses, ...(report.log ? { log: report.log } : {}) });
  } finally {
    pool.release(workspace);
  }
}

/**
 * Which tests to run. Like task validation, whole test files where ids begin with one (a name
 * pattern may miss a test whose name the framework reports differently from how it filters);
 * go packages and cargo binaries by id, which their adapters turn into packages and filters.
 */
function selection(session: TestSession, ids: string[], testPatch: string): { files?: string[]; ids?: string[] } {
  if (RUN_BY_ID.has(session.framework)) return { ids };
  const files = new Set(ids.map((id) => id.split("::")[0] as string));
  // An old reporter (mocha without file names) gives ids like `::suite > test`: run the test
  // files the task's test patch touches, as validation did, or else the whole suite.
  if (files.has("")) {
    files.delete("");
    const patched = splitPatch({ patch: testPatch }).testFiles;
    if (patched.length === 0) return {};
    for (const file of patched) files.add(file);
  }
  return { files: [...files] };
}

function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function listOf(ids: string[], tests: Record<string, TestStatus>): string {
  const shown = ids.slice(0, 5).map((id) => `${id} (${tests[id]})`);
  return ids.length > 5 ? `${shown.join(", ")} and ${ids.length - 5} more` : shown.join(", ");
}
