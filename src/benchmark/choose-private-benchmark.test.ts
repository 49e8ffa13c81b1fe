import assert from "node:assert/strict";
import { test } from "node:test";
import { lineageKeys, moduleKeys, type Split } from "../curate/lineage-split.js";
import type { Task } from "../schema/records.js";
import { choosePrivateBenchmark, type BenchmarkCandidate } from "./choose-private-benchmark.js";

const HEAD = "ffffffffffffffffffffffffffffffffffffffff";

/** A candidate as fixPrivateBenchmark builds it: lineage and modules from the task's own fields. */
function candidate(options: { id: string; origin?: Task["origin"]; commit?: string; file: string; functions: string[]; day?: number; assigned?: Split }): BenchmarkCandidate {
  const origin = options.origin ?? "commit";
  const task = {
    id: options.id,
    repo: "acme/ledger",
    origin,
    sourceCommit: options.commit ?? (origin === "injected" ? HEAD : undefined),
    scope: { files: [options.file], symbols: options.functions.map((name) => ({ name, kind: "function" as const, file: options.file, change: "modified" as const })) },
  };
  return {
    id: options.id,
    lineage: lineageKeys({ task }),
    modules: moduleKeys({ task }),
    committedAt: options.day === undefined ? undefined : `2026-05-${String(options.day).padStart(2, "0")}T12:00:00+02:00`,
    assigned: options.assigned,
  };
}

const LEDGER: BenchmarkCandidate[] = [
  candidate({ id: "m1", commit: "a000001", file: "src/money.ts", functions: ["money.add"], day: 1 }),
  candidate({ id: "m2", commit: "a000002", file: "src/money.ts", functions: ["money.sub"], day: 2 }),
  candidate({ id: "m3", commit: "a000003", file: "src/cart.ts", functions: ["cart.total"], day: 3 }),
  candidate({ id: "m4", commit: "a000004", file: "src/cart.ts", functions: ["cart.count"], day: 4 }),
  candidate({ id: "m5", commit: "a000005", file: "src/tax.ts", functions: ["tax.rate"], day: 5 }),
  candidate({ id: "m6", commit: "a000006", file: "src/report.ts", functions: ["report.render"], day: 6 }),
  // The impossible variant of m6 (its parent's keys), and a bug injected into m6's function.
  { ...candidate({ id: "m6-impossible", commit: "a000006", file: "src/report.ts", functions: ["report.render"] }), lineage: candidate({ id: "m6", commit: "a000006", file: "src/report.ts", functions: ["report.render"] }).lineage },
  candidate({ id: "bug-report", origin: "injected", file: "src/report.ts", functions: ["report.render"] }),
  candidate({ id: "bug-stock-a", origin: "injected", file: "src/stock.ts", functions: ["stock.a"] }),
  candidate({ id: "bug-stock-b", origin: "injected", file: "src/stock.ts", functions: ["stock.b"] }),
  candidate({ id: "bug-ship", origin: "injected", file: "src/ship/index.ts", functions: ["ship.send"] }),
  // Already split: the newest commit of all is on train, and cart has a task on eval.
  candidate({ id: "trained", commit: "a000009", file: "src/audit.ts", functions: ["audit.log"], day: 9, assigned: "train" }),
  candidate({ id: "evaluated", commit: "a000008", file: "src/cart.ts", functions: ["cart.tax"], day: 8, assigned: "eval" }),
];

test("holds out the newest commits and a whole module, lineages together, and nothing already split", () => {
  const choice = choosePrivateBenchmark({ candidates: LEDGER, share: 0.3 });
  const reasons = Object.fromEntries(choice.heldOut.map((held) => [held.taskId, held.heldOutBy]));
  assert.equal(choice.target, 4, "30% of 13 tasks");
  // The newest unassigned commit is m6 (day 6); its impossible variant and the bug in its function go with it.
  assert.equal(choice.cutoff, "2026-05-06T10:00:00.000Z");
  for (const id of ["m6", "m6-impossible", "bug-report"]) assert.equal(reasons[id], "newest commits (committed 2026-05-06T10:00:00.000Z or later)", id);
  // One more task is wanted: the smallest module that fills it, held out whole.
  assert.deepEqual(choice.modules, ["module:acme/ledger:ship"]);
  assert.equal(reasons["bug-ship"], "module ship (acme/ledger)");
  assert.deepEqual(choice.heldOut.find((held) => held.taskId === "bug-ship")!.modules, ["module:acme/ledger:ship"]);
  assert.deepEqual(Object.keys(reasons).sort(), ["bug-report", "bug-ship", "m6", "m6-impossible"]);
});

test("a larger share takes whole modules, never one touched by a split task, and keeps the cutoff consistent", () => {
  const choice = choosePrivateBenchmark({ candidates: LEDGER, share: 0.6 });
  const held = new Set(choice.heldOut.map((task) => task.taskId));
  assert.ok(!held.has("trained") && !held.has("evaluated"), "tasks already split stay where they are");
  assert.ok(!held.has("m3") && !held.has("m4"), "cart has an eval task, so it is not held out whole");
  for (const module of choice.modules) {
    const members = LEDGER.filter((task) => task.modules.includes(module));
    for (const task of members) assert.ok(held.has(task.id), `${task.id} of the held-out ${module} is held out`);
  }
  // Every unassigned task with a commit at or after the cutoff is held out.
  for (const task of LEDGER) {
    if (task.committedAt && !task.assigned && Date.parse(task.committedAt) >= Date.parse(choice.cutoff!)) assert.ok(held.has(task.id), task.id);
  }
  assert.ok(Math.abs(held.size - choice.target) <= 2, `about 60% of 13: held out ${held.size}`);
});

test("about the share on a larger run, by module only when nothing has a commit date", () => {
  const bugs = Array.from({ length: 60 }, (_, index) => candidate({ id: `bug-${index}`, origin: "injected", file: `src/module${index % 12}.ts`, functions: [`module${index % 12}.f${index}`] }));
  const choice = choosePrivateBenchmark({ candidates: bugs, share: 0.2 });
  assert.equal(choice.cutoff, undefined);
  assert.equal(choice.heldOut.length, 10, "two whole modules of five bugs each: 20% of 60 is 12, and a third module would overshoot further");
  assert.ok(choice.heldOut.every((held) => held.heldOutBy.startsWith("module module")));
  assert.equal(choice.modules.length, 2);

  const mined = Array.from({ length: 40 }, (_, index) => candidate({ id: `m${index}`, commit: `b${String(index).padStart(6, "0")}`, file: `src/part${index % 8}.ts`, functions: [`part.f${index}`], day: 1 + (index % 28) }));
  const mixed = choosePrivateBenchmark({ candidates: mined, share: 0.2 });
  assert.ok(mixed.heldOut.length >= 6 && mixed.heldOut.length <= 11, `about 8 of 40: ${mixed.heldOut.length}`);
  assert.ok(mixed.heldOut.some((held) => held.heldOutBy.startsWith("newest commits")));
  assert.ok(mixed.heldOut.some((held) => held.heldOutBy.startsWith("module part")));
});

test("nothing to choose when every task is split, and at least one task from a tiny run", () => {
  assert.deepEqual(choosePrivateBenchmark({ candidates: LEDGER.map((task) => ({ ...task, assigned: "train" as const })), share: 0.2 }).heldOut, []);
  assert.deepEqual(choosePrivateBenchmark({ candidates: [], share: 0.2 }).heldOut, []);
  const single = choosePrivateBenchmark({ candidates: [LEDGER[0]!], share: 0.2 });
  assert.deepEqual(single.heldOut.map((held) => held.taskId), ["m1"]);
  assert.match(single.heldOut[0]!.heldOutBy, /^newest commits/);
});

test("a lineage that would take more than half of the tasks is left to training, even when it is the newest", () => {
  const tangled = [
    candidate({ id: "fix", commit: "c000001", file: "src/cart.js", functions: ["cart.total"], day: 9 }),
    ...["b1", "b2", "b3"].map((id) => candidate({ id, origin: "injected", file: "src/cart.js", functions: ["cart.total"] })),
    candidate({ id: "old", commit: "c000002", file: "src/format.js", functions: ["format.price"], day: 1 }),
  ];
  const choice = choosePrivateBenchmark({ candidates: tangled, share: 0.2 });
  assert.deepEqual(choice.heldOut.map((held) => held.taskId), ["old"], "the newest commit ties four of five tasks, so the older one is held out");
  const oneLineage = tangled.slice(0, 4);
  assert.deepEqual(choosePrivateBenchmark({ candidates: oneLineage, share: 0.2 }).heldOut, [], "one lineage of everything: nothing to hold out");
});
