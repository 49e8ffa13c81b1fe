import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { openRunStore } from "../store/run-store.js";
import { DEFAULT_OPERATORS } from "../tasks/inject/mutation-operators.js";
import { tempDir } from "../testing/temp-dir.js";
import { acquisitionTargets } from "./acquisition-targets.js";
import { analyzeGaps } from "./analyze-gaps.js";
import { writeFailingRun } from "./failing-run-fixture.js";
import { learnSkillCards } from "./learn-skill-cards.js";

test("the gap report of a stored run and the acquisition targets its cards and thin categories ask for", async (t) => {
  const store = openRunStore({ dir: join(tempDir(t, "kaizen-gaps-"), "run") });
  t.after(() => store.close());
  writeFailingRun(store);
  const cards = await learnSkillCards({ store });
  const gaps = analyzeGaps({ store, cards });

  assert.equal(gaps.tasks, 3);
  assert.equal(gaps.trajectories, 5);
  assert.deepEqual(gaps.excluded, { impossible: 1, benchmark: 1 });
  const row = (dimension: string, category: string) => gaps.categories.find((entry) => entry.dimension === dimension && entry.category === category)!;
  assert.deepEqual([row("module", "money").tasks, row("module", "money").trajectories, row("module", "money").resolved], [2, 4, 1]);
  assert.deepEqual(row("module", "money").repos, ["/repos/ledger"], "the repos table's source, not the name");
  const card = row("card", "card-never-ran-tests-money");
  assert.equal(card.solveRate, 0.25);
  assert.ok(Math.abs(card.interval![0] - 0.0456) < 1e-4 && Math.abs(card.interval![1] - 0.6994) < 1e-4, String(card.interval));
  assert.equal(row("kind", "bug-fix").share, 1 / 3);
  assert.equal(row("bugClass", "remove-loop").tasks, 0);

  const targets = acquisitionTargets({ gaps, cards, repos: ["/repos/ledger", "/repos/other"] });
  assert.deepEqual(
    targets.slice(0, 3).map((target) => target.category),
    ["card:card-incomplete-fix-money", "card:card-never-ran-tests-money", "card:card-incomplete-fix-cart"],
    "cards first: most failures at the lowest solve rate",
  );
  const untested = targets[1]!;
  assert.deepEqual(untested, {
    category: "card:card-never-ran-tests-money",
    why: 'skill card "Submits without running tests in money": 3 trajectories with never-ran-tests in money, solve rate 25% (95% CI 5–70%)',
    want: 3,
    repos: ["/repos/ledger"],
    operators: ["flip-comparison", "change-operator"],
    sites: ["money.Money.add", "money.Money.compare"],
    commitFilters: ["path:src/money.ts", "kind:bug-fix"],
    skillCardId: "card-never-ran-tests-money",
  });
  const byCategory = new Map(targets.map((target) => [target.category, target]));
  assert.deepEqual(byCategory.get("module:cart"), {
    category: "module:cart",
    why: "1 task, fewer than the 5 a reliable solve rate needs",
    want: 4,
    repos: ["/repos/ledger"],
    operators: [],
    sites: ["cart.*"],
    commitFilters: ["path:src/cart.ts", "kind:bug-fix"],
  });
  assert.deepEqual(byCategory.get("bugClass:remove-loop")?.operators, ["remove-loop"]);
  assert.match(byCategory.get("bugClass:remove-loop")!.why, /^0\.0% of bugClass tasks, under the target 3\.8% .*; 0 tasks, fewer than the 5/);
  assert.deepEqual(byCategory.get("bugClass:remove-loop")?.repos, ["/repos/ledger", "/repos/other"], "a bug class may be made in any of the round's repos");
  assert.deepEqual(byCategory.get("language:typescript")?.commitFilters, ["path:**/*.ts"]);
  assert.deepEqual(byCategory.get("kind:bug-fix")?.commitFilters, ["kind:bug-fix"]);
  assert.deepEqual(byCategory.get("size:tiny")?.operators, [...DEFAULT_OPERATORS], "one mutation makes a tiny task");
  assert.deepEqual(byCategory.get("kind:injected-bug")?.operators, [...DEFAULT_OPERATORS]);
  assert.ok(targets.every((target) => target.want > 0));
});
