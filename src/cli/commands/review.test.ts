import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import { loadConfig } from "../../config/load-config.js";
import { syncVendorTarballs } from "../../demo/vendor-packages.js";
import { repositoryEnv } from "../../exec/repository-env.js";
import { runProcess } from "../../exec/run-process.js";
import { git } from "../../repo/git.js";
import { recordDecision, RejectionNeedsNoteError } from "../../review/record-decision.js";
import { reviewPatches } from "../../review/review-patches.js";
import { DEFAULT_REVIEW_POLICY } from "../../review/review-policy.js";
import type { PatchReview, Score, Task } from "../../schema/records.js";
import { openRunStore } from "../../store/run-store.js";
import { runKaizen } from "../../testing/run-kaizen.js";
import { scriptedTask, scriptedTrajectory } from "../../testing/scripted-trajectory.js";
import { tempDir } from "../../testing/temp-dir.js";
import { writeFiles } from "../../testing/write-files.js";

const MONEY = [
  "/** The sum of two amounts in cents. */",
  "export function add(a: number, b: number): number {",
  "  return a - b;",
  "}",
  "",
].join("\n");

const CI = ["name: ci", "on: [push]", "jobs:", "  test:", "    runs-on: ubuntu-latest", "    steps:", "      - uses: actions/checkout@v4", "      - run: npm test", ""].join("\n");

/**
 * A TypeScript library whose own typescript (packed from kaizen's, as the demo does) installs with
 * no network. `src/legacy.ts` has a type error at the base commit, which no patch should be blamed for.
 */
async function buildLibrary(dir: string): Promise<string> {
  const typescript = JSON.parse(readFileSync(new URL("../../../node_modules/typescript/package.json", import.meta.url), "utf8")) as { version: string };
  writeFiles({
    dir,
    files: {
      "package.json": `${JSON.stringify({ name: "ledger", version: "1.0.0", type: "module", scripts: { test: "node --test test/" }, devDependencies: { typescript: `file:vendor/typescript-${typescript.version}.tgz` } }, null, 2)}\n`,
      "tsconfig.json": `${JSON.stringify({ compilerOptions: { strict: true, target: "es2022", module: "nodenext", noEmit: true }, include: ["src"] }, null, 2)}\n`,
      "src/money.ts": MONEY,
      "src/legacy.ts": 'export const legacyRate: number = "three";\n',
      "test/money.test.js": 'import { test } from "node:test";\ntest("placeholder", () => {});\n',
      ".github/workflows/ci.yml": CI,
    },
  });
  await syncVendorTarballs(dir);
  const lock = await runProcess({ command: "npm", args: ["install", "--package-lock-only", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], cwd: dir, env: repositoryEnv(), timeoutMs: 120_000 });
  assert.equal(lock.exitCode, 0, lock.stderr);
  await git({ cwd: dir, args: ["init", "--quiet", "--initial-branch=main"] });
  await git({ cwd: dir, args: ["add", "-A"] });
  await git({ cwd: dir, args: ["-c", "user.name=Dev", "-c", "user.email=dev@example.com", "commit", "--quiet", "-m", "Ledger"] });
  return (await git({ cwd: dir, args: ["rev-parse", "HEAD"] })).trim();
}

/** A real patch: the files edited in the repository, diffed against HEAD, and put back. */
async function patchOf(repo: string, files: Record<string, string>): Promise<string> {
  writeFiles({ dir: repo, files });
  const patch = await git({ cwd: repo, args: ["diff", "HEAD"] });
  await git({ cwd: repo, args: ["checkout", "--quiet", "--", "."] });
  return patch;
}

function scoreOf(trajectoryId: string, resolved: boolean): Score {
  return { trajectoryId, resolved, reward: resolved ? 1 : 0, components: {}, evidence: {}, hackFlags: [], tests: {}, scope: null, plan: null, judgedAt: "2026-01-01T00:00:00.000Z" };
}

test("kaizen review audits resolved patches, queues those needing sign-off and records decisions", async (t) => {
  const dir = tempDir(t);
  const repo = join(dir, "ledger");
  mkdirSync(repo);
  const head = await buildLibrary(repo);
  const fixed = MONEY.replace("a - b", "a + b");
  const patches = {
    clean: await patchOf(repo, { "src/money.ts": fixed, "src/legacy.ts": `// Kept for old callers.\n${readFileSync(join(repo, "src/legacy.ts"), "utf8")}` }),
    typeError: await patchOf(repo, { "src/money.ts": MONEY.replace("return a - b;", "return `${a + b}`;") }),
    ci: await patchOf(repo, { ".github/workflows/ci.yml": CI.replace("npm test", "npm test || true") }),
    unresolved: await patchOf(repo, { "src/money.ts": MONEY.replace("a - b", "a * b") }),
  };

  const run = join(dir, "run");
  const store = openRunStore({ dir: run });
  const task: Task = { ...scriptedTask({ files: ["src/money.ts"], failToPass: ["test/money.test.js::adds"] }), repo: "acme/ledger", baseCommit: head };
  store.repos.save({ name: "acme/ledger", source: repo, language: "typescript", addedAt: "2026-01-01T00:00:00.000Z" });
  store.tasks.save(task);
  for (const [name, patch] of Object.entries(patches)) {
    store.trajectories.save({ ...scriptedTrajectory({ steps: [{ calls: [["submit"]] }], patch }), id: name });
    store.scores.save(scoreOf(name, name !== "unresolved"));
  }
  store.close();

  const ran = await runKaizen(["review", "run", "--run", run, "--jobs", "2", "--json"]);
  assert.equal(ran.code, 0, ran.stderr);
  const result = JSON.parse(ran.stdout) as { reviewed: number; autoAccepted: number; needsSignOff: number; byReason: Record<string, number>; skippedChecks: Record<string, number>; reviews: PatchReview[] };
  assert.deepEqual([result.reviewed, result.autoAccepted, result.needsSignOff], [3, 1, 2]);
  assert.deepEqual(result.byReason, { "failed check": 1, "sensitive path": 1 });
  assert.equal(result.skippedChecks["eslint: eslint is not among the repository's installed dependencies"], 2, "a check that cannot run is listed as skipped, with why");
  const byId = new Map(result.reviews.map((review) => [review.trajectoryId, review]));
  assert.equal(byId.has("unresolved"), false, "only resolved patches are reviewed");

  const clean = byId.get("clean")!;
  assert.equal(clean.verdict, "auto-accepted");
  assert.deepEqual(clean.reasons, []);
  assert.deepEqual(clean.diff, { files: 2, lines: 3 });
  const cleanTsc = clean.checks.find((check) => check.name === "tsc --noEmit")!;
  assert.equal(cleanTsc.status, "passed", cleanTsc.detail);
  assert.match(cleanTsc.detail, /1 at the base commit, 1 after the patch/, "the base's own type error moved a line and is not the patch's");

  const typeError = byId.get("typeError")!;
  assert.equal(typeError.verdict, "needs-sign-off");
  assert.deepEqual(typeError.reasons, ["failed check: tsc --noEmit"]);
  const failedTsc = typeError.checks.find((check) => check.name === "tsc --noEmit")!;
  assert.equal(failedTsc.status, "failed");
  assert.match(failedTsc.detail, /1 new problem on the whole project: src\/money\.ts:3: TS2322: Type 'string' is not assignable to type 'number'/);

  const ci = byId.get("ci")!;
  assert.equal(ci.verdict, "needs-sign-off");
  assert.deepEqual(ci.reasons, ["sensitive path: .github/workflows/ci.yml (CI configuration)"]);
  assert.deepEqual(ci.sensitivePaths, [".github/workflows/ci.yml"]);
  assert.deepEqual(ci.checks, [{ name: "static checks", status: "skipped", detail: "the patch touches no TypeScript, JavaScript or Python file, so no static check applies" }]);

  // The queue: both patches needing sign-off, with why and how to see them.
  const listed = await runKaizen(["review", "--run", run]);
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(listed.stdout, /^typeError {2}task task-1 \(acme\/ledger\)$/m);
  assert.match(listed.stdout, /tsc --noEmit failed: 1 new problem/);
  assert.match(listed.stdout, /sensitive paths: \.github\/workflows\/ci\.yml/);
  assert.match(listed.stdout, /kaizen trajectories show ci/);
  assert.doesNotMatch(listed.stdout, /^clean /m);
  assert.match(listed.stdout, /2 patches await sign-off; 1 auto-accepted, 0 accepted and 0 rejected/);

  // Decisions: `by` is --by, else $USER.
  const rejected = await runKaizen(["review", "reject", "typeError", "--note", "returns a string where a number is due", "--by", "alice", "--run", run, "--json"]);
  assert.equal(rejected.code, 0, rejected.stderr);
  assert.equal((JSON.parse(rejected.stdout) as PatchReview).decision?.status, "rejected");
  const accepted = await runKaizen(["review", "accept", "ci", "--run", run], { env: { ...process.env, USER: "bob" } });
  assert.equal(accepted.code, 0, accepted.stderr);
  assert.match(accepted.stdout, /ci: accepted by bob/);

  const shown = await runKaizen(["review", "show", "typeError", "--run", run]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /decision: rejected by alice at .*: returns a string where a number is due/);
  assert.match(shown.stdout, /^\+ {2}return `\$\{a \+ b\}`;$/m, "show prints the patch");

  const after = await runKaizen(["review", "list", "--run", run, "--json"]);
  const { queue, counts } = JSON.parse(after.stdout) as { queue: PatchReview[]; counts: Record<string, number> };
  assert.deepEqual(queue, []);
  assert.deepEqual(counts, { awaitingSignOff: 0, autoAccepted: 1, accepted: 1, rejected: 1, unreviewed: 0 });

  // Reviewing again keeps a human's decision; a stricter policy changes the verdict, not the decision.
  const reopened = openRunStore({ dir: run });
  t.after(() => reopened.close());
  // A rejection needs a note; unknown ids and unreviewed trajectories are refused clearly.
  assert.throws(() => recordDecision({ store: reopened, id: "clean", status: "rejected", by: "carol", note: " " }), RejectionNeedsNoteError);
  assert.throws(() => recordDecision({ store: reopened, id: "nope", status: "accepted", by: "carol" }), /no review and no trajectory nope/);
  assert.throws(() => recordDecision({ store: reopened, id: "unresolved", status: "accepted", by: "carol" }), /trajectory unresolved has no review yet/);
  assert.equal(reopened.reviews.get("clean")?.decision, undefined, "a refused decision records nothing");
  const strict = { ...DEFAULT_REVIEW_POLICY, diff: { maxFiles: 10, maxLines: 1, rationale: "one-line changes only" } };
  const [again] = await reviewPatches({ runDir: run, config: loadConfig({ runDir: run }).config, store: reopened, policy: strict, trajectories: [reopened.trajectories.get("ci")!], sandbox: true, jobs: 1 });
  assert.deepEqual(again?.reasons, ["sensitive path: .github/workflows/ci.yml (CI configuration)", "diff size: 2 changed lines, more than 1"]);
  assert.equal(again?.decision?.by, "bob");
  assert.equal(reopened.reviews.get("ci")?.decision?.status, "accepted");
  assert.equal(reopened.reviews.get("typeError")?.decision?.note, "returns a string where a number is due");

  // The policy in force, printed as YAML that reads back.
  const printed = await runKaizen(["review", "--print-policy", "--run", run]);
  assert.equal(printed.code, 0, printed.stderr);
  assert.deepEqual(parse(printed.stdout), JSON.parse(JSON.stringify(DEFAULT_REVIEW_POLICY)));
});
