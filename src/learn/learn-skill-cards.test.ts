import assert from "node:assert/strict";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { createChatClient } from "../models/chat-client.js";
import { openRunStore } from "../store/run-store.js";
import { startFakeModelServer, type FakeReply } from "../testing/fake-model-server.js";
import { tempDir } from "../testing/temp-dir.js";
import { writeFailingRun } from "./failing-run-fixture.js";
import { learnSkillCards, NoJudgedTrajectoriesError } from "./learn-skill-cards.js";

function failingStore(t: TestContext) {
  const store = openRunStore({ dir: join(tempDir(t, "kaizen-learn-"), "run") });
  t.after(() => store.close());
  writeFailingRun(store);
  return store;
}

test("cards group failures by signature and module, with counts, symbols, bug classes, solve rate and an inject recipe", async (t) => {
  const store = failingStore(t);
  const cards = await learnSkillCards({ store, roundId: "round-1" });
  assert.deepEqual(
    cards.map((card) => [card.id, card.count]),
    [
      ["card-incomplete-fix-money", 3],
      ["card-never-ran-tests-money", 3],
      ["card-incomplete-fix-cart", 1],
    ],
  );
  const untested = cards.find((card) => card.id === "card-never-ran-tests-money")!;
  assert.equal(untested.name, "Submits without running tests in money");
  assert.equal(untested.signature, "never-ran-tests");
  assert.deepEqual(untested.modules, ["money"]);
  assert.deepEqual(untested.patterns, ["flip-comparison", "change-operator"]);
  assert.deepEqual(untested.evidence, ["t1", "t2", "t4"], "the impossible and private-benchmark tasks' trajectories are left out");
  assert.equal(untested.solveRate, 0.25);
  assert.equal(untested.roundId, "round-1");
  assert.deepEqual(untested.recipe, {
    operators: ["flip-comparison", "change-operator"],
    sites: ["money.Money.add", "money.Money.compare"],
    commitFilters: ["path:src/money.ts", "kind:bug-fix"],
  });
  assert.match(untested.description, /^3 of 4 trajectories on tasks in money never ran a test/);
  assert.match(untested.description, /The fixes change money\.Money\.add and money\.Money\.compare in src\/money\.ts\./);
  assert.match(untested.description, /Bug classes: flip-comparison \(1\) and change-operator \(1\)\./);
  assert.match(untested.description, /resolved 1 of 4 \(25%\)\. For example t1: step 0: edited src\/money\.ts and submitted without running a test/);

  const cart = cards.find((card) => card.id === "card-incomplete-fix-cart")!;
  assert.deepEqual(cart.recipe.operators, [], "a mined task without a bug class names no operator: inject uses its defaults");
  assert.deepEqual(cart.recipe.sites, ["cart.total"]);
  assert.deepEqual(cart.patterns, ["bug-fix (commit)"]);

  assert.deepEqual(
    store.skillCards.list().map((card) => card.id).sort(),
    cards.map((card) => card.id).sort(),
  );
  // A rerun replaces the cards instead of adding more.
  const again = await learnSkillCards({ store, roundId: "round-2" });
  assert.equal(store.skillCards.count(), 3);
  assert.deepEqual(again.map((card) => card.id), cards.map((card) => card.id));
  assert.equal(store.skillCards.get("card-never-ran-tests-money")?.roundId, "round-2");
});

test("a store without judged trajectories says to roll out and judge first", async (t) => {
  const store = openRunStore({ dir: join(tempDir(t, "kaizen-learn-"), "run") });
  t.after(() => store.close());
  await assert.rejects(learnSkillCards({ store }), (error: unknown) => error instanceof NoJudgedTrajectoriesError && /roll out and judge first/.test(error.hint));
});

test("a model sharpens cards from their facts and evidence transcripts; a malformed reply keeps the card as written and warns", async (t) => {
  const store = failingStore(t);
  const sharpened = {
    name: "Skips the money tests after flipping comparisons",
    description: "Edits Money.add and Money.compare in src/money.ts and submits without running test/money-1.test.ts; run the failing test before submitting.",
    patterns: ["untested comparison edits"],
  };
  const replies: FakeReply[] = [
    `\`\`\`json\n${JSON.stringify(sharpened)}\n\`\`\``,
    "Sure! The card is {name: 'money', description: missing quotes}",
    JSON.stringify({ name: "x" }),
  ];
  const server = await startFakeModelServer({ script: replies });
  t.after(() => server.close());
  const warnings: string[] = [];
  const cards = await learnSkillCards({ store, sharpen: createChatClient({ baseUrl: server.url, model: "fake-model", maxRetries: 0 }), onWarning: (message) => warnings.push(message) });

  const [first, second, third] = cards;
  assert.equal(first!.name, sharpened.name);
  assert.equal(first!.description, sharpened.description);
  assert.deepEqual(first!.patterns, ["untested comparison edits", "flip-comparison", "change-operator"]);
  assert.equal(first!.sharpenedBy, "fake-model");
  assert.equal(first!.count, 3, "the facts stay the deterministic ones");
  assert.equal(second!.name, "Submits without running tests in money");
  assert.equal(second!.sharpenedBy, undefined);
  assert.equal(third!.sharpenedBy, undefined);
  assert.equal(warnings.length, 2);
  assert.match(warnings[0]!, /kept skill card card-never-ran-tests-money as written from the facts: the model's reply is not valid JSON/);
  assert.match(warnings[1]!, /kept skill card card-incomplete-fix-cart as written from the facts: the model.s JSON is not a card: name: .*; description: /);
  assert.equal(store.skillCards.get(first!.id)?.sharpenedBy, "fake-model");

  // What the model was shown: the card's facts and excerpts of the evidence transcripts.
  const prompt = server.requests[0]!.body!.messages[1]!.content!;
  assert.match(prompt, /Signature: incomplete-fix/);
  assert.match(prompt, /3 of 4 trajectories on tasks in money/);
  assert.match(prompt, /--- Transcript 1 \(t1\); what went wrong: submitted at step 0/);
  assert.match(prompt, /→ edit \{"path":"src\/money\.ts"/);
});

test("a model that cannot be reached is given up after one warning; every card is kept as written", async (t) => {
  const store = failingStore(t);
  const server = await startFakeModelServer({ script: [{ status: 500 }] });
  t.after(() => server.close());
  const warnings: string[] = [];
  const cards = await learnSkillCards({ store, sharpen: createChatClient({ baseUrl: server.url, model: "fake-model", maxRetries: 0 }), onWarning: (message) => warnings.push(message) });
  assert.equal(cards.length, 3);
  assert.ok(cards.every((card) => card.sharpenedBy === undefined));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /the sharpening model fake-model failed, so the remaining cards are kept as written/);
  assert.equal(server.requests.length, 1);
});
