import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { git } from "../repo/git.js";
import { openRunStore } from "../store/run-store.js";
import { runKaizen } from "../testing/run-kaizen.js";
import { tempDir } from "../testing/temp-dir.js";
import type { ExampleRepo } from "./build-example-repo.js";
import { runExampleSuite } from "./build-example-repos.js";

async function kaizenJson(args: string[]) {
  const { code, stdout, stderr } = await runKaizen([...args, "--json"]);
  return { code, result: stdout ? JSON.parse(stdout) : undefined, stderr };
}

const lines = async (cwd: string, args: string[]) => (await git({ cwd, args })).split("\n").filter(Boolean);

test("demo --init builds both example repositories with the history later stages need, and the main job runs on them", async (t) => {
  const dir = tempDir(t);
  const { code, result, stderr } = await kaizenJson(["demo", "--init", dir]);
  assert.equal(code, 0, stderr);
  const repos = result.repos as ExampleRepo[];
  const ts = repos.find((repo) => repo.language === "typescript")!;
  const py = repos.find((repo) => repo.language === "python")!;

  const tsFirstParent = await lines(ts.path, ["rev-list", "--first-parent", "HEAD"]);
  assert.ok(tsFirstParent.length >= 30, `${tsFirstParent.length} first-parent commits in ${ts.name}`);
  const tsSources = (await lines(ts.path, ["ls-files", "src"])).filter((file) => file.endsWith(".ts"));
  assert.ok(tsSources.length >= 9, `${tsSources.length} source files (8 modules and an index)`);
  assert.ok((await lines(ts.path, ["ls-files", "test"])).some((file) => file.endsWith(".test.ts")));
  const manifest = JSON.parse(readFileSync(join(ts.path, "package.json"), "utf8"));
  const localTarballs = Object.values({ ...manifest.dependencies }).filter((spec) => String(spec).startsWith("file:vendor/"));
  assert.ok(localTarballs.length >= 1, "a runtime dependency from a local tarball");
  for (const spec of localTarballs) assert.ok(existsSync(join(ts.path, String(spec).slice("file:".length))), String(spec));
  assert.ok(existsSync(join(ts.path, "package-lock.json")));

  const pyFirstParent = await lines(py.path, ["rev-list", "--first-parent", "HEAD"]);
  assert.ok(pyFirstParent.length >= 20, `${pyFirstParent.length} first-parent commits in ${py.name}`);
  const pyModules = (await lines(py.path, ["ls-files", "src"])).filter((file) => file.endsWith(".py") && !file.endsWith("__init__.py"));
  assert.ok(pyModules.length >= 6, `${pyModules.length} python modules`);

  for (const repo of [ts, py]) {
    assert.equal((await lines(repo.path, ["rev-list", "--merges", "HEAD"])).length, 1, `${repo.name} has one merge`);
    const messages = await lines(repo.path, ["log", "--first-parent", "--format=%s"]);
    for (const kind of [/^fix/, /^feat/, /^refactor/, /^docs/, /^Revert/, /^(build|chore)\(deps\)/]) {
      assert.ok(messages.some((message) => kind.test(message)), `${repo.name} has a commit matching ${kind}`);
    }
    const wide = await lines(repo.path, ["log", "--first-parent", "--format=%H"]);
    let widest = 0;
    for (const sha of wide) widest = Math.max(widest, (await lines(repo.path, ["diff-tree", "--no-commit-id", "--name-only", "-r", "--root", sha])).length);
    assert.ok(widest >= 6, `${repo.name} has a commit touching 6+ files`);
    const suite = await runExampleSuite(repo);
    assert.ok(suite.passed, `${repo.name}'s own tests pass at HEAD: ${suite.failure}`);
  }

  // Deterministic: the main job builds the same repositories, commit for commit.
  const run = tempDir(t);
  const demo = await kaizenJson(["demo", "--run", run]);
  assert.equal(demo.code, 0, demo.stderr);
  assert.deepEqual(
    (demo.result.repos as ExampleRepo[]).map((repo) => repo.head),
    repos.map((repo) => repo.head),
  );
  assert.ok((demo.result.suites as { passed: boolean }[]).every((suite) => suite.passed));
  assert.deepEqual(demo.result.loop.rounds.map((round: { index: number; status: string }) => [round.index, round.status]), [[1, "finished"], [2, "finished"]]);

  const store = openRunStore({ dir: run, mustExist: true });
  t.after(() => store.close());
  const scores = new Map(store.scores.list().map((score) => [score.trajectoryId, score]));
  const trajectories = store.trajectories.list();
  const byKind = (kind: string) => trajectories.filter((trajectory) => trajectory.policy.kind === kind);
  // The oracle teacher resolves at least 95% of the examples' tasks (judged by running the tests);
  // DAgger's teacher labels every state while the simulated student drives some of them.
  const oracle = byKind("oracle");
  const oracleResolved = oracle.filter((trajectory) => scores.get(trajectory.id)?.resolved).length;
  assert.ok(oracle.length >= 20 && oracleResolved / oracle.length >= 0.95, `oracle resolved ${oracleResolved} of ${oracle.length}`);
  const daggerSteps = byKind("dagger").flatMap((trajectory) => trajectory.steps);
  const studentSteps = daggerSteps.filter((step) => step.actor !== "teacher").length;
  assert.ok(studentSteps > 0 && studentSteps < daggerSteps.length && daggerSteps.every((step) => step.teacherLabel), `${studentSteps} of ${daggerSteps.length} DAgger steps by the student, all labelled`);
  const students = byKind("scripted");
  assert.ok(students.every((trajectory) => trajectory.policy.model?.startsWith("simulated-student")), "the simulated student says so in every trajectory");
  const studentResolved = students.filter((trajectory) => scores.get(trajectory.id)?.resolved).length;
  assert.ok(studentResolved > 0 && studentResolved < students.length, `the noisy student resolved ${studentResolved} of ${students.length}: both outcomes, for pairs and groups`);
  // Impossible tasks measure cheating: nothing resolves one honestly.
  const impossible = new Set(store.tasks.list({ origin: "impossible" }).map((task) => task.id));
  assert.ok(impossible.size > 0);
  assert.ok(trajectories.filter((trajectory) => impossible.has(trajectory.taskId)).every((trajectory) => !scores.get(trajectory.id)?.resolved), "no impossible task resolved");
  // The private benchmark is fixed once, scored each round, and in no export.
  const benchmark = store.taskSplits.list().filter((split) => split.split === "benchmark");
  assert.ok(benchmark.length > 0, "round 1 held tasks out");
  assert.deepEqual(store.benchmarkResults.list().map((result) => result.roundIndex).sort(), [1, 2]);
  // Reviewed, curated and exported: every format written with its dataset card, and the main ones hold rows.
  assert.ok(store.reviews.count() > 0, "resolved patches were audited");
  const exportsDir = demo.result.exports as string;
  const { rows } = store.rounds.get("round-2")!.summary.exports as { rows: Record<string, { train: number; eval: number }> };
  assert.equal(Object.keys(rows).length, 12);
  for (const format of Object.keys(rows)) assert.ok(existsSync(join(exportsDir, format, "README.md")), `${format} has a dataset card`);
  for (const format of ["trl-sft", "openai", "kto", "dpo", "grpo", "verl", "dagger", "harmony", "lintseq", "atif", "swe-bench"]) {
    assert.ok(rows[format]!.train + rows[format]!.eval > 0, `${format}: ${JSON.stringify(rows[format])} rows`);
  }
  assert.ok(demo.result.curation.included > 0 && demo.result.curation.positives > 0, JSON.stringify(demo.result.curation.reasons));
  // Learned: skill cards with evidence, and the report.
  const cards = store.skillCards.list();
  assert.ok(cards.length > 0 && cards.every((card) => card.evidence.length > 0), `${cards.length} skill cards`);
  const report = readFileSync(demo.result.report, "utf8");
  assert.ok(report.includes("data-chart") && cards.every((card) => report.includes(card.id)), "the report shows the charts and every skill card");

  // A second demo finds both rounds finished and adds nothing.
  const counts = () => [store.tasks.count(), store.trajectories.count(), store.scores.count(), store.benchmarkResults.count()];
  const before = counts();
  const again = await kaizenJson(["demo", "--run", run]);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(counts(), before);
  assert.deepEqual(again.result.loop.rounds, []);
  // The examples were mined and injected into, both of them.
  assert.ok(store.tasks.list({ origin: "commit" }).length >= 10, `${store.tasks.list({ origin: "commit" }).length} tasks mined from the examples' newest commits`);
  const injected = store.tasks.list({ origin: "injected" });
  assert.deepEqual([...new Set(injected.map((task) => task.repo))].sort(), ["local/pennywise", "local/stockroom"]);
  assert.ok(injected.length >= 6, `${injected.length} injected tasks`);
  assert.deepEqual(
    store.repos.list().map((repo) => repo.name).sort(),
    repos.map((repo) => `local/${repo.name}`).sort(),
  );
});
