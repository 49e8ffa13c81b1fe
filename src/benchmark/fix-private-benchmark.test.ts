import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { assignSplits } from "../curate/lineage-split.js";
import { git } from "../repo/git.js";
import type { Task } from "../schema/records.js";
import { openRunStore } from "../store/run-store.js";
import { scriptedTask } from "../testing/scripted-trajectory.js";
import { tempDir } from "../testing/temp-dir.js";
import { writeFiles } from "../testing/write-files.js";
import { fixPrivateBenchmark } from "./fix-private-benchmark.js";

function task(id: string, options: { origin?: Task["origin"]; commit?: string; repo?: string; file: string; functions: string[] }): Task {
  return {
    ...scriptedTask({ files: [options.file] }),
    id,
    repo: options.repo ?? "acme/ledger",
    origin: options.origin ?? "commit",
    sourceCommit: options.commit,
    scope: { files: [options.file], symbols: options.functions.map((name) => ({ name, kind: "function" as const, file: options.file, change: "modified" as const })) },
  };
}

/**
 * A real repository whose commits were made in one order but dated in another (a rebase does
 * that): the second commit is the newest. Its bare mirror sits in the run as mining leaves it.
 */
async function ledgerRun(dir: string) {
  const repo = join(dir, "ledger");
  mkdirSync(repo);
  await git({ cwd: repo, args: ["init", "--quiet", "--initial-branch=main"] });
  const shas: Record<string, string> = {};
  const days: [name: string, file: string, day: number][] = [["c1", "src/money.ts", 1], ["c2", "src/money.ts", 9], ["c3", "src/cart.ts", 3], ["c4", "src/tax.ts", 4], ["c5", "src/report.ts", 5]];
  for (const [name, file, day] of days) {
    writeFiles({ dir: repo, files: { [file]: `export const ${name} = ${day};\n` } });
    await git({ cwd: repo, args: ["add", "-A"] });
    const date = `2026-05-0${day}T12:00:00+02:00`;
    await git({ cwd: repo, args: ["-c", "user.name=Dev", "-c", "user.email=dev@example.com", "commit", "--quiet", "-m", name], env: { GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date } });
    shas[name] = (await git({ cwd: repo, args: ["rev-parse", "HEAD"] })).trim();
  }
  const runDir = join(dir, "run");
  mkdirSync(join(runDir, "mirrors"), { recursive: true });
  await git({ cwd: join(runDir, "mirrors"), args: ["clone", "--quiet", "--mirror", repo, "acme__ledger.git"] });
  const store = openRunStore({ dir: runDir });
  for (const record of [
    task("c1", { commit: shas.c1, file: "src/money.ts", functions: ["money.add"] }),
    task("c2", { commit: shas.c2, file: "src/money.ts", functions: ["money.sub"] }),
    task("c3", { commit: shas.c3, file: "src/cart.ts", functions: ["cart.total"] }),
    task("c4", { commit: shas.c4, file: "src/tax.ts", functions: ["tax.rate"] }),
    task("c5", { commit: shas.c5, file: "src/report.ts", functions: ["report.render"] }),
    task("bug-money", { origin: "injected", commit: shas.c5, file: "src/money.ts", functions: ["money.add"] }),
    task("bug-stock", { origin: "injected", commit: shas.c5, file: "src/stock.ts", functions: ["stock.take"] }),
    // A repository whose mirror is gone: no dates, so only the module rule can hold it out.
    task("other", { repo: "acme/other", commit: "abcdef1", file: "src/x.ts", functions: ["x.run"] }),
  ]) {
    store.tasks.save(record);
  }
  return { store, shas };
}

test("fixes the benchmark once from the mirror's commit dates and a whole module; later tasks of the module join it", async (t) => {
  const { store } = await ledgerRun(tempDir(t));
  t.after(() => store.close());
  const now = new Date("2026-06-01T00:00:00.000Z");
  const fixed = await fixPrivateBenchmark({ store, share: 0.3, roundId: "round-1", now });

  assert.equal(fixed.fixedNow, true);
  assert.deepEqual(fixed.notes, ["acme/other: no mirror in the run, so its commits' dates are unknown and its tasks can be held out by module only"]);
  const sides = Object.fromEntries(fixed.splits.map((split) => [split.taskId, split.heldOutBy]));
  // 30% of 8 is 2: c2 is the newest by its committer date, though it was the second commit made.
  assert.deepEqual(sides, { c2: "newest commits (committed 2026-05-09T10:00:00.000Z or later)", c3: "module cart (acme/ledger)" });
  assert.equal(fixed.cutoff, "2026-05-09T10:00:00.000Z");
  assert.deepEqual(fixed.modules, ["module:acme/ledger:cart"]);
  const stored = store.taskSplits.get("c3")!;
  assert.equal(stored.split, "benchmark");
  assert.deepEqual(stored.lineage, ["commit:acme/ledger@" + store.tasks.get("c3")!.sourceCommit, "function:acme/ledger:src/cart.ts:cart.total", "module:acme/ledger:cart", "task:c3"]);
  assert.equal(stored.assignedAt, now.toISOString());

  // Fixed: a second call, with another share, returns it unchanged.
  const again = await fixPrivateBenchmark({ store, share: 1, now: new Date("2026-07-01T00:00:00.000Z") });
  assert.equal(again.fixedNow, false);
  assert.deepEqual(again.splits, fixed.splits);
  assert.deepEqual(again.modules, ["module:acme/ledger:cart"]);
  assert.equal(store.taskSplits.count(), 2);

  // The train/eval split of the rest keeps away from it; a later task of the held-out module joins it.
  store.tasks.save(task("cart-later", { origin: "injected", commit: store.tasks.get("c5")!.sourceCommit, file: "src/cart.ts", functions: ["cart.discount"] }));
  store.tasks.save(task("c2-follow-up", { origin: "injected", commit: store.tasks.get("c5")!.sourceCommit, file: "src/money.ts", functions: ["money.sub"] }));
  const splits = assignSplits({ store, evalShare: 0, seed: 0 });
  assert.equal(splits.get("cart-later")!.split, "benchmark");
  assert.equal(splits.get("c2-follow-up")!.split, "benchmark");
  for (const id of ["c1", "c4", "c5", "bug-money", "bug-stock", "other"]) assert.equal(splits.get(id)!.split, "train", id);
  assert.equal((await fixPrivateBenchmark({ store })).splits.length, 4, "the benchmark grew by module and lineage, not by a new choice");
});

test("tasks already on train or eval stay there, and a run with nothing left to hold out gets no benchmark", async (t) => {
  const { store } = await ledgerRun(tempDir(t));
  t.after(() => store.close());
  assignSplits({ store, evalShare: 0.5, seed: 0 });
  const before = store.taskSplits.list();
  const fixed = await fixPrivateBenchmark({ store });
  assert.equal(fixed.fixedNow, false);
  assert.deepEqual(fixed.splits, []);
  assert.deepEqual(store.taskSplits.list(), before);

  // A newcomer tied by lineage to a train task is not chosen either; an untied one is.
  const trained = before.find((split) => split.split === "train")!;
  const trainedTask = store.tasks.get(trained.taskId)!;
  store.tasks.save({ ...trainedTask, id: "tied", origin: "injected" });
  store.tasks.save(task("loose", { origin: "injected", file: "src/fresh.ts", functions: ["fresh.go"] }));
  const second = await fixPrivateBenchmark({ store });
  assert.deepEqual(second.splits.map((split) => [split.taskId, split.heldOutBy]), [["loose", "module fresh (acme/ledger)"]]);
});
