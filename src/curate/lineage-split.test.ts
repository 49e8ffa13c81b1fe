import assert from "node:assert/strict";
import { test } from "node:test";
import type { Task } from "../schema/records.js";
import { openRunStore, type RunStore } from "../store/run-store.js";
import { scriptedTask } from "../testing/scripted-trajectory.js";
import { tempDir } from "../testing/temp-dir.js";
import { assignSplits, lineageKeys, moduleKeys } from "./lineage-split.js";

const HEAD = "ffffffffffffffffffffffffffffffffffffffff";

function task(id: string, origin: Task["origin"], commit: string | undefined, functions: string[]): Task {
  return {
    ...scriptedTask({ files: ["src/money.ts"] }),
    id,
    origin,
    sourceCommit: commit,
    scope: { files: ["src/money.ts"], symbols: functions.map((name) => ({ name, kind: "function" as const, file: "src/money.ts", change: "modified" as const })) },
  };
}

function storeWith(t: import("node:test").TestContext, tasks: Task[]): RunStore {
  const store = openRunStore({ dir: tempDir(t) });
  t.after(() => store.close());
  for (const record of tasks) store.tasks.save(record);
  return store;
}

test("lineage keys: a mined task's commit and functions, an injected bug's functions only, an impossible task its parent's", () => {
  const mined = task("mined", "commit", "aaaaaaa", ["money.add"]);
  assert.deepEqual(lineageKeys({ task: mined }), ["commit:acme/ledger@aaaaaaa", "function:acme/ledger:src/money.ts:money.add", "task:mined"]);
  assert.deepEqual(lineageKeys({ task: task("bug", "injected", HEAD, ["money.sub"]) }), ["function:acme/ledger:src/money.ts:money.sub", "task:bug"]);
  const impossible = { ...mined, id: "mined-impossible", origin: "impossible" as const };
  assert.deepEqual(lineageKeys({ task: impossible, parent: mined }), lineageKeys({ task: mined }));
  // Parent gone: its copied fields stand in, commit included.
  assert.deepEqual(lineageKeys({ task: impossible }), lineageKeys({ task: mined }));
});

test("tasks from one commit, or sharing a function, land on the same side", (t) => {
  const tasks = [
    task("a1", "commit", "aaaaaaa", ["money.add"]),
    task("a2", "commit", "aaaaaaa", ["money.parse"]),
    task("bug-add", "injected", HEAD, ["money.add"]),
    task("a1-impossible", "impossible", "aaaaaaa", ["money.add"]),
    // Injected at the same HEAD but in other functions: not tied to bug-add by the commit.
    ...Array.from({ length: 20 }, (_, index) => task(`bug-${index}`, "injected", HEAD, [`money.f${index}`])),
  ];
  const store = storeWith(t, tasks);
  const splits = assignSplits({ store, evalShare: 0.5, seed: 7 });
  const side = splits.get("a1")!.split;
  for (const id of ["a2", "bug-add", "a1-impossible"]) assert.equal(splits.get(id)!.split, side, id);
  const others = new Set(Array.from({ length: 20 }, (_, index) => splits.get(`bug-${index}`)!.split));
  assert.deepEqual([...others].sort(), ["eval", "train"], "independent injected bugs are split, not chained by their shared HEAD");
  assert.equal(store.taskSplits.count(), tasks.length);
  assert.deepEqual(store.taskSplits.get("bug-add")!.lineage, ["function:acme/ledger:src/money.ts:money.add", "task:bug-add"]);
});

test("assigned splits never change, and newcomers join their lineage's side", (t) => {
  const store = storeWith(t, Array.from({ length: 10 }, (_, index) => task(`t${index}`, "commit", `${index}000000`, [`f${index}`])));
  const first = assignSplits({ store, evalShare: 0.5, seed: 1 });
  const assignedAt = store.taskSplits.get("t0")!.assignedAt;
  // Another share and seed: already assigned tasks keep their side.
  const second = assignSplits({ store, evalShare: 1, seed: 99 });
  for (const [id, assignment] of first) assert.equal(second.get(id)!.split, assignment.split);
  assert.equal(store.taskSplits.get("t0")!.assignedAt, assignedAt);

  store.tasks.save(task("t3-follow-up", "commit", "abcabc0", ["f3"]));
  store.tasks.save(task("fresh", "commit", "abcabc1", ["brand-new"]));
  const third = assignSplits({ store, evalShare: 1, seed: 99 });
  assert.equal(third.get("t3-follow-up")!.split, first.get("t3")!.split);
  assert.equal(third.get("fresh")!.split, "eval", "a new lineage follows evalShare");
  assert.equal(assignSplits({ store, evalShare: 0, seed: 99 }).get("fresh")!.split, "eval");
});

test("a newcomer that bridges both sides is contaminated, and stays undecided", (t) => {
  const store = storeWith(t, [task("train-task", "commit", "aaaaaaa", ["money.add"]), task("eval-task", "commit", "bbbbbbb", ["money.sub"])]);
  for (const [taskId, split] of [["train-task", "train"], ["eval-task", "eval"]] as const) {
    store.taskSplits.save({ taskId, split, lineage: [], assignedAt: "2026-01-01T00:00:00.000Z" });
  }
  store.tasks.save(task("bridge", "injected", HEAD, ["money.add", "money.sub"]));
  store.tasks.save(task("behind-bridge", "injected", HEAD, ["money.sub", "money.mul"]));
  const splits = assignSplits({ store, evalShare: 0.1, seed: 0 });
  const bridge = splits.get("bridge")!;
  assert.equal(bridge.split, "contaminated");
  assert.match(bridge.contaminatedBy!, /train task train-task \(shares function:acme\/ledger:src\/money.ts:money.add\)/);
  assert.match(bridge.contaminatedBy!, /eval task eval-task \(shares function:acme\/ledger:src\/money.ts:money.sub\)/);
  assert.equal(splits.get("behind-bridge")!.split, "contaminated");
  assert.equal(splits.get("train-task")!.split, "train");
  assert.equal(splits.get("eval-task")!.split, "eval");
  assert.equal(store.taskSplits.get("bridge"), undefined);
  assert.equal(assignSplits({ store, evalShare: 0.1, seed: 0 }).get("bridge")!.split, "contaminated");
});

test("module keys name the modules a fix touches; they never join lineages", (t) => {
  const money = task("m1", "commit", "aaaaaaa", ["money.add"]);
  assert.deepEqual(moduleKeys({ task: money }), ["module:acme/ledger:money"]);
  assert.deepEqual(moduleKeys({ task: { repo: "acme/ledger", scope: { files: ["src/cart/index.ts", "docs/notes.md"] } } }), ["module:acme/ledger:cart", "module:acme/ledger:docs/notes.md"]);
  // Same module, different functions and commits: separate lineages, so the split may part them.
  const store = storeWith(t, Array.from({ length: 12 }, (_, index) => task(`m${index}`, "commit", `${index}aaaaaa`, [`money.f${index}`])));
  const sides = new Set([...assignSplits({ store, evalShare: 0.5, seed: 3 }).values()].map((assignment) => assignment.split));
  assert.deepEqual([...sides].sort(), ["eval", "train"]);
});

test("the private benchmark is a third side: lineage and held-out modules pull newcomers in, both sides contaminate", (t) => {
  const inCart = (id: string, commit: string, functions: string[]): Task => ({
    ...task(id, "commit", commit, []),
    scope: { files: ["src/cart.ts"], symbols: functions.map((name) => ({ name, kind: "function" as const, file: "src/cart.ts", change: "modified" as const })) },
  });
  const store = storeWith(t, [
    task("bench", "commit", "aaaaaaa", ["money.add"]),
    task("bench2", "commit", "abababa", ["money.div"]),
    task("trained", "commit", "bbbbbbb", ["money.sub"]),
    task("trained2", "commit", "bcbcbcb", ["money.pow"]),
    inCart("cart-bench", "ccccccc", ["cart.total"]),
  ]);
  for (const taskId of ["bench", "bench2"]) store.taskSplits.save({ taskId, split: "benchmark", heldOutBy: "newest commits (committed 2026-01-01T00:00:00.000Z or later)", lineage: [], assignedAt: "2026-01-01T00:00:00.000Z" });
  store.taskSplits.save({ taskId: "cart-bench", split: "benchmark", heldOutBy: "module cart (acme/ledger)", lineage: ["module:acme/ledger:cart", "task:cart-bench"], assignedAt: "2026-01-01T00:00:00.000Z" });
  for (const taskId of ["trained", "trained2"]) store.taskSplits.save({ taskId, split: "train", lineage: [], assignedAt: "2026-01-01T00:00:00.000Z" });

  store.tasks.save(task("bench-follow-up", "injected", HEAD, ["money.add"]));
  store.tasks.save(inCart("cart-later", "ddddddd", ["cart.discount"]));
  // Tied to cart-later by its commit only: not in the module itself, but its lineage is.
  store.tasks.save(task("tied-to-cart-later", "commit", "ddddddd", ["money.round"]));
  store.tasks.save(task("bridge", "injected", HEAD, ["money.div", "money.sub"]));
  const trainedFunction = task("x", "commit", "eeeeeee", ["money.pow"]).scope.symbols;
  const cartAndTrain = inCart("cart-and-train", "eeeeeee", ["cart.tax"]);
  store.tasks.save({ ...cartAndTrain, scope: { files: ["src/cart.ts", "src/money.ts"], symbols: [...cartAndTrain.scope.symbols, ...trainedFunction] } });
  // evalShare 1 would send any fresh lineage to eval: the benchmark's pull must win over it.
  const splits = assignSplits({ store, evalShare: 1, seed: 0 });

  assert.equal(splits.get("bench-follow-up")!.split, "benchmark");
  assert.match(store.taskSplits.get("bench-follow-up")!.heldOutBy!, /lineage of benchmark task bench/);
  assert.equal(splits.get("cart-later")!.split, "benchmark");
  assert.equal(store.taskSplits.get("cart-later")!.heldOutBy, "module cart (acme/ledger), held out whole");
  assert.ok(store.taskSplits.get("cart-later")!.lineage.includes("module:acme/ledger:cart"), "its module is recorded for the tasks after it");
  assert.equal(splits.get("tied-to-cart-later")!.split, "benchmark");
  assert.match(store.taskSplits.get("tied-to-cart-later")!.heldOutBy!, /lineage of task cart-later in the held-out module cart/);

  const bridge = splits.get("bridge")!;
  assert.equal(bridge.split, "contaminated");
  assert.match(bridge.contaminatedBy!, /train task trained \(shares function:acme\/ledger:src\/money.ts:money.sub\)/);
  assert.match(bridge.contaminatedBy!, /benchmark task bench2 \(shares function:acme\/ledger:src\/money.ts:money.div\)/);
  assert.equal(store.taskSplits.get("bridge"), undefined);
  const inCartAndTrain = splits.get("cart-and-train")!;
  assert.equal(inCartAndTrain.split, "contaminated", "in a held-out module but tied to a train task");
  assert.match(inCartAndTrain.contaminatedBy!, /train task trained2 .* and the private benchmark's held-out module cart \(acme\/ledger\) \(touched by task cart-and-train\)/);

  // Fixed sides never move, and a fresh lineage outside the benchmark's modules follows evalShare.
  store.tasks.save(task("fresh", "commit", "fffffff", ["money.mul"]));
  const again = assignSplits({ store, evalShare: 1, seed: 0 });
  assert.equal(again.get("fresh")!.split, "eval");
  for (const id of ["bench", "bench2", "cart-bench", "bench-follow-up", "cart-later"]) assert.equal(again.get(id)!.split, "benchmark", id);
  assert.equal(again.get("trained")!.split, "train");
});
