import assert from "node:assert/strict";
import { test } from "node:test";
import type { SkillCard, Task } from "../schema/records.js";
import { scriptedTask } from "../testing/scripted-trajectory.js";
import { gapReport, sizeBucket } from "./gap-report.js";
import { wilsonInterval } from "./wilson-interval.js";

function near(actual: number | undefined, expected: number, message?: string) {
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-4, `${message ?? ""} ${actual} ≉ ${expected}`);
}

function taskOf(id: string, file: string, overrides: { language?: string; lines?: number; files?: number; origin?: Task["origin"]; bugClass?: string } = {}): Task {
  const base = scriptedTask({ files: [file] });
  return {
    ...base,
    id,
    origin: overrides.origin ?? "commit",
    labels: {
      ...base.labels,
      language: overrides.language ?? "typescript",
      size: { files: overrides.files ?? 1, lines: overrides.lines ?? 3 },
      ...(overrides.bugClass ? { bugClass: overrides.bugClass } : {}),
    },
  };
}

test("the Wilson interval is honest about small samples and undefined without trials", () => {
  const [low, high] = wilsonInterval({ successes: 5, trials: 10 })!;
  near(low, 0.2366);
  near(high, 0.7634);
  const [zeroLow, zeroHigh] = wilsonInterval({ successes: 0, trials: 3 })!;
  assert.equal(zeroLow, 0);
  near(zeroHigh, 0.5615);
  assert.equal(wilsonInterval({ successes: 0, trials: 0 }), undefined);
});

test("size buckets follow the gold patch's lines and files", () => {
  assert.deepEqual(
    [taskOf("a", "a.ts", { lines: 5 }), taskOf("b", "b.ts", { lines: 6 }), taskOf("c", "c.ts", { lines: 40, files: 3 }), taskOf("d", "d.ts", { lines: 61 })].map(sizeBucket),
    ["tiny", "small", "medium", "large"],
  );
});

test("a category is thin under half an even share of its dimension, or with too few tasks; want says how many to add", () => {
  const tasks = [...Array.from({ length: 10 }, (_, index) => taskOf(`ts-${index}`, `src/money${index % 2}.ts`)), taskOf("py-0", "src/stock/ledger.py", { language: "python" })];
  const outcomes = tasks.flatMap((task, index) => [
    { trajectoryId: `${task.id}-a`, taskId: task.id, resolved: index % 2 === 0 },
    { trajectoryId: `${task.id}-b`, taskId: task.id, resolved: false },
  ]);
  const report = gapReport({ tasks, outcomes, cards: [], minTasks: 1 });
  const python = report.categories.find((category) => category.dimension === "language" && category.category === "python")!;
  near(python.share!, 1 / 11);
  assert.equal(python.thin, true);
  assert.deepEqual(python.why, ["9.1% of language tasks, under the target 25% (0.5 of an even share across 2 categories)"]);
  // (1 + 3) / (11 + 3) reaches 25%; (1 + 2) / 13 does not.
  assert.equal(python.want, 3);
  assert.equal(python.trajectories, 2);
  assert.equal(python.resolved, 1);

  const typescript = report.categories.find((category) => category.dimension === "language" && category.category === "typescript")!;
  assert.equal(typescript.thin, false);
  assert.equal(typescript.want, 0);
  assert.equal(typescript.solveRate, 5 / 20);
  near(typescript.interval![0], 0.1119);
  near(typescript.interval![1], 0.4687);

  // Module names are what qualified symbol names begin with.
  assert.deepEqual(
    report.categories.filter((category) => category.dimension === "module").map((category) => [category.category, category.tasks, category.files]),
    [
      ["money0", 5, ["src/money0.ts"]],
      ["money1", 5, ["src/money1.ts"]],
      ["stock.ledger", 1, ["src/stock/ledger.py"]],
    ],
  );

  const strict = gapReport({ tasks, outcomes, cards: [], minTasks: 6 });
  const money0 = strict.categories.find((category) => category.dimension === "module" && category.category === "money0")!;
  assert.deepEqual(money0.why, ["5 tasks, fewer than the 6 a reliable solve rate needs"]);
  assert.equal(money0.want, 1);
});

test("operators and origins kaizen can make tasks for show up with 0 tasks once injection is in use; cards are a dimension of their own", () => {
  const tasks = [taskOf("inj-1", "src/money.ts", { origin: "injected", bugClass: "flip-comparison+remove-loop" }), taskOf("mined-1", "src/cart.ts")];
  const outcomes = [
    { trajectoryId: "t1", taskId: "inj-1", resolved: false },
    { trajectoryId: "t2", taskId: "inj-1", resolved: true },
    { trajectoryId: "t3", taskId: "mined-1", resolved: false },
  ];
  const card = { id: "card-never-ran-tests-money", evidence: ["t1", "t-gone"] } as SkillCard;
  const report = gapReport({ tasks, outcomes, cards: [card], operatorsByTask: new Map([["inj-1", ["combine"]]]) });
  const bugClasses = report.categories.filter((category) => category.dimension === "bugClass");
  assert.equal(bugClasses.length, 13, "every default operator");
  assert.deepEqual(bugClasses.slice(0, 2).map((category) => [category.category, category.tasks]), [["flip-comparison", 1], ["remove-loop", 1]]);
  const never = bugClasses.find((category) => category.category === "swap-operands")!;
  assert.equal(never.tasks, 0);
  assert.equal(never.solveRate, null);
  assert.equal(never.interval, null);
  assert.equal(never.thin, true);
  assert.equal(never.want, 5);

  assert.deepEqual(report.categories.filter((category) => category.dimension === "origin").map((category) => category.category), ["commit", "injected"]);
  const cardCategory = report.categories.find((category) => category.dimension === "card")!;
  assert.equal(cardCategory.skillCardId, card.id);
  assert.equal(cardCategory.tasks, 1);
  assert.equal(cardCategory.share, null);
  assert.equal(cardCategory.trajectories, 2);
  assert.equal(cardCategory.solveRate, 0.5);
  assert.deepEqual(cardCategory.why, ["1 task, fewer than the 5 a reliable solve rate needs"]);

  const minedOnly = gapReport({ tasks: [taskOf("mined-1", "src/cart.ts")], outcomes: [], cards: [] });
  assert.equal(minedOnly.categories.filter((category) => category.dimension === "bugClass").length, 0, "without injection, no operator rows");
});
