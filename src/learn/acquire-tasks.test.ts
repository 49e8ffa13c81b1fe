import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { kaizenConfig } from "../config/config-schema.js";
import { git } from "../repo/git.js";
import { openRunStore, type RunStore } from "../store/run-store.js";
import { writeFiles } from "../testing/write-files.js";
import { acquireTasks, describeAcquisition, type AcquisitionReport } from "./acquire-tasks.js";
import type { AcquisitionTarget } from "./acquisition-target.js";

const CART = `export function cartTotal(items, discountPercent = 0) {
  let total = 0;
  for (const item of items) {
    if (item.quantity <= 0) continue;
    total += item.price * item.quantity;
  }
  const discount = Math.FLOOR((total * discountPercent) / 100);
  return total - discount;
}

export function itemCount(items) {
  let count = 0;
  for (const item of items) {
    if (item.quantity > 0) count += item.quantity;
  }
  return count;
}
`;
const CART_TEST = `import assert from "node:assert/strict";
import { test } from "node:test";
import { cartTotal, itemCount } from "../src/cart.js";

test("totals prices times quantities", () => assert.equal(cartTotal([{ price: 250, quantity: 2 }, { price: 100, quantity: 1 }]), 600));
test("ignores lines without quantity", () => assert.equal(cartTotal([{ price: 250, quantity: 0 }, { price: 100, quantity: 3 }]), 300));
test("takes a discount", () => assert.equal(cartTotal([{ price: 1000, quantity: 2 }], 10), 1800));
test("counts items", () => assert.equal(itemCount([{ price: 1, quantity: 3 }, { price: 1, quantity: 0 }, { price: 1, quantity: 2 }]), 5));
`;
const FORMAT = `export function formatPrice(cents) {
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100);
  const rest = abs % 100;
  return \`$\${dollars}.\${String(rest).padStart(2, "0")}\`;
}
`;
const FORMAT_TEST = `import assert from "node:assert/strict";
import { test } from "node:test";
import { formatPrice } from "../src/format.js";

test("formats cents as dollars", () => assert.equal(formatPrice(1234), "$12.34"));
test("pads cents", () => assert.equal(formatPrice(7), "$0.07"));
`;

let scratch = "";
let repoPath = "";
let runDir = "";
let store: RunStore;
const config = kaizenConfig.parse({});

/** A shop with history: a cart fix and a format fix (each with its test), and a docs commit. */
before(async () => {
  scratch = mkdtempSync(join(tmpdir(), "kaizen-acquire-"));
  repoPath = join(scratch, "shop");
  mkdirSync(repoPath);
  await git({ cwd: repoPath, args: ["init", "-q", "-b", "main"] });
  const commit = async (message: string, files: Record<string, string>) => {
    writeFiles({ dir: repoPath, files });
    await git({ cwd: repoPath, args: ["add", "-A"] });
    await git({ cwd: repoPath, args: ["-c", "user.name=Dev", "-c", "user.email=dev@example.com", "commit", "-q", "-m", message] });
  };
  await commit("Cart totals and price formatting", {
    "package.json": JSON.stringify({ name: "shop", version: "1.0.0", type: "module", scripts: { test: "node --test test/" } }, null, 2) + "\n",
    "src/cart.js": CART,
    "src/format.js": FORMAT,
    "test/cart.test.js": CART_TEST,
    "test/format.test.js": FORMAT_TEST,
  });
  await commit("fix(cart): round the discount to the nearest cent", {
    "src/cart.js": CART.replace("FLOOR", "round"),
    "test/cart.test.js": `${CART_TEST}test("rounds the discount", () => assert.equal(cartTotal([{ price: 999, quantity: 1 }], 15), 849));\n`,
  });
  await commit("fix(format): show negative prices with a minus sign", {
    "src/format.js": FORMAT.replace("  const abs", '  const sign = cents < 0 ? "-" : "";\n  const abs').replace("`$", "`${sign}$"),
    "test/format.test.js": `${FORMAT_TEST}test("signs negative prices", () => assert.equal(formatPrice(-505), "-$5.05"));\n`,
  });
  await commit("docs: say what the shop is", { "README.md": "# shop\n" });
  runDir = join(scratch, "run");
  store = openRunStore({ dir: runDir });
});
after(() => {
  store.close();
  rmSync(scratch, { recursive: true, force: true });
});

const target = (fields: Partial<AcquisitionTarget> & Pick<AcquisitionTarget, "category">): AcquisitionTarget => ({ why: "thin", want: 2, repos: [], operators: [], sites: [], commitFilters: [], ...fields });
const acquire = (targets: AcquisitionTarget[], extra: { plateauAttempts?: number; warnings?: string[] } = {}) =>
  acquireTasks({
    runDir,
    config,
    store,
    targets,
    repos: [{ path: repoPath, name: "shop" }],
    seed: "s1",
    jobs: 1,
    ...(extra.plateauAttempts ? { plateauAttempts: extra.plateauAttempts } : {}),
    onWarning: (message) => extra.warnings?.push(message),
  });
const newIds = (report: AcquisitionReport, index = 0) => report.targets[index]!.attempts.flatMap((attempt) => attempt.taskIds);

const cartTarget = target({ category: "module:cart", sites: ["cart.cartTotal"], operators: ["flip-comparison", "change-operator", "change-constant", "remove-conditional"] });
const formatTarget = target({ category: "module:format", want: 3, commitFilters: ["path:src/format.js"] });
let firstCart: AcquisitionReport;

test("an inject target with a site makes tasks only at that site", async () => {
  const cart = await acquire([cartTarget]);
  const result = cart.targets[0]!;
  assert.ok(result.found >= 2, describeAcquisition(cart).join("\n"));
  assert.equal(result.plateau, false);
  assert.equal(result.why, `found ${result.found} of 2 wanted`);
  assert.ok(result.attempts.every((attempt) => attempt.method === "inject" && attempt.repo === "shop"));
  assert.equal(result.attempts.reduce((n, attempt) => n + attempt.newTasks, 0), result.found);
  for (const id of newIds(cart)) {
    const task = store.tasks.get(id)!;
    assert.equal(task.origin, "injected");
    assert.deepEqual(task.scope.files, ["src/cart.js"]);
    assert.deepEqual(task.scope.symbols.map((symbol) => symbol.name), ["cart.cartTotal"], id);
    assert.ok(cartTarget.operators.includes(task.labels.bugClass ?? ""), task.labels.bugClass);
  }
  assert.match(result.attempts[0]!.detail, /^seed s1\/module:cart\/0, flip-comparison, change-operator, change-constant, remove-conditional at cart\.cartTotal: \d+ tasks of \d+ candidates/);
  firstCart = cart;
});

test("a mine target with a path: filter takes only the commits that touch a matching file", async () => {
  const format = await acquire([formatTarget]);
  const result = format.targets[0]!;
  assert.deepEqual(result.attempts.map((attempt) => `${attempt.method} +${attempt.newTasks} ${attempt.exhausted}`), ["mine +1 every matching commit is decided"]);
  const task = store.tasks.get(newIds(format)[0]!)!;
  assert.equal(task.origin, "commit");
  assert.deepEqual(task.scope.files, ["src/format.js"]);
  assert.match(task.problemStatement, /negative prices/);
  // Only the format fix was decided: the cart fix, the docs commit and the root were left for later mining.
  const mined = store.candidates.list({ repo: "local/shop" }).filter((candidate) => candidate.origin === "commit");
  assert.deepEqual(mined.map((candidate) => candidate.subject), ["fix(format): show negative prices with a minus sign"]);
  assert.match(result.attempts[0]!.detail, /^path:src\/format\.js: 1 matching new commits of 4 \(0 decided before\), 1 tasks/);
  // Three wanted, one there: nothing else to look at is a plateau.
  assert.equal(result.found, 1);
  assert.equal(result.plateau, true);
  assert.equal(result.why, "every way of looking is exhausted");
});

test("a target that cannot be satisfied ends in a plateau, with every attempt listed", async (t) => {
  const warnings: string[] = [];
  const report = await acquire(
    [
      // Sites that match nothing and paths no commit touches: both ways give up at once.
      target({ category: "module:nowhere", sites: ["cart.noSuchFunction"], operators: ["flip-comparison", "no-such-operator"], commitFilters: ["path:docs/**"] }),
      // One comparison in formatPrice makes at most one bug: more attempts find the same one.
      target({ category: "bugClass:flip-comparison", want: 6, sites: ["format.formatPrice"], operators: ["flip-comparison"] }),
    ],
    { plateauAttempts: 2, warnings },
  );
  const [nowhere, flips] = report.targets;
  assert.deepEqual(nowhere!.attempts.map((attempt) => `${attempt.method} +${attempt.newTasks}`), ["inject +0", "mine +0"]);
  assert.match(nowhere!.attempts[0]!.detail, /no function that a test imports matches cart\.noSuchFunction/);
  assert.match(nowhere!.attempts[1]!.detail, /0 matching new commits of 4/);
  assert.equal(nowhere!.plateau, true);
  assert.deepEqual(nowhere!.problems, ["unknown mutation operator no-such-operator"]);
  assert.ok(warnings.includes("module:nowhere: unknown mutation operator no-such-operator"), warnings.join("\n"));

  assert.equal(flips!.plateau, true);
  assert.equal(flips!.why, "2 attempts in a row made no new task");
  assert.ok(flips!.found < 6);
  const counts = flips!.attempts.map((attempt) => attempt.newTasks);
  assert.deepEqual(counts.slice(-2), [0, 0], counts.join(","));
  // The later attempts made the same bug again: a task the store already held is not found twice.
  assert.match(flips!.attempts.at(-1)!.detail, /\(1 already held\)|: 0 tasks/);
  assert.ok(counts.slice(0, -2).every((n) => n > 0), "it stops at the first two empty attempts in a row");
  // Each attempt tried a seed of its own.
  assert.deepEqual(
    flips!.attempts.map((attempt) => /^seed (\S+),/.exec(attempt.detail)?.[1]),
    counts.map((_, round) => `s1/bugClass:flip-comparison/${round}`),
  );
  const lines = describeAcquisition(report);
  for (const line of lines) t.diagnostic(line);
  assert.match(lines[0]!, /^module:nowhere {2}0\/2 in 2 attempts — plateau: every way of looking is exhausted$/);
  assert.ok(lines.some((line) => /^ {2}inject shop {2}\+0 {2}seed s1\/bugClass:flip-comparison\/\d/.test(line)), lines.join("\n"));
  assert.match(lines.at(-1)!, new RegExp(`^${report.totals.found}/8 tasks for 2 targets in ${report.totals.attempts} attempts, 2 plateaued`));
});

test("a rerun with the same seed decides nothing twice and duplicates no task", async (t) => {
  const decidedBefore = new Map(store.candidates.list().map((candidate) => [candidate.id ?? candidate.commit, candidate.decidedAt]));
  const tasksBefore = new Set(store.tasks.list().map((task) => task.id));
  const firstCandidates = Number(/tasks of (\d+) candidates/.exec(firstCart.targets[0]!.attempts[0]!.detail)![1]);

  const rerun = await acquire([cartTarget, formatTarget]);
  for (const line of describeAcquisition(rerun)) t.diagnostic(line);
  const [cart, format] = rerun.targets;
  // The first attempt repeats the first run's candidates: all decided, nothing new.
  assert.equal(cart!.attempts[0]!.newTasks, 0);
  assert.match(cart!.attempts[0]!.detail, new RegExp(` of ${firstCandidates} candidates \\(${firstCandidates} decided before\\)`));
  assert.deepEqual(format!.attempts.map((attempt) => attempt.newTasks), [0]);
  assert.match(format!.attempts[0]!.detail, /0 matching new commits of 4 \(1 decided before\)/);

  for (const [id, decidedAt] of decidedBefore) {
    const candidate = store.candidates.list().find((entry) => (entry.id ?? entry.commit) === id)!;
    assert.equal(candidate.decidedAt, decidedAt, `${id} was decided again`);
  }
  const tasks = store.tasks.list();
  for (const id of tasksBefore) assert.ok(tasks.some((task) => task.id === id));
  // Tasks new in the rerun (later rounds, new seeds) are other bugs, never the same one again.
  const fixes = tasks.map((task) => `${task.sourceCommit} ${task.goldPatch}`);
  assert.equal(new Set(fixes).size, fixes.length);
  assert.deepEqual(newIds(rerun).filter((id) => tasksBefore.has(id)), []);
  assert.equal(tasks.length, tasksBefore.size + rerun.totals.found);
});
