import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { failureSignatures, trajectoryStanding } from "../../learn/failure-signatures.js";
import type { GapReport } from "../../learn/gap-report.js";
import type { AcquisitionTarget } from "../../learn/acquisition-target.js";
import type { SkillCard } from "../../schema/records.js";
import { openRunStore } from "../../store/run-store.js";
import { buildBugFixRepo } from "../../testing/bug-fix-repo.js";
import { startFakeModelServer } from "../../testing/fake-model-server.js";
import { runKaizen } from "../../testing/run-kaizen.js";
import { tempDir } from "../../testing/temp-dir.js";

test("kaizen learn turns a simulated student's real failures into skill cards, a gap table and acquisition targets", async (t) => {
  const dir = tempDir(t, "kaizen-learn-cli-");
  const repo = join(dir, "shop");
  mkdirSync(repo);
  await buildBugFixRepo(repo);
  const run = join(dir, "run");
  const kaizen = (args: string[]) => runKaizen([...args, "--run", run], { cwd: repo });

  const noStore = await kaizen(["learn"]);
  assert.equal(noStore.code, 2);
  assert.match(noStore.stderr, /kaizen learn: no run store in .* to learn from\n  make tasks, roll out and judge first/);
  assert.equal((await kaizen(["mine", repo])).code, 0);
  const unjudged = await kaizen(["learn"]);
  assert.equal(unjudged.code, 2);
  assert.match(unjudged.stderr, /no judged trajectories in this run store to learn from\n  roll out and judge first/);
  assert.equal((await kaizen(["learn", "--target-share", "2"])).code, 2);

  // The oracle with a 60% chance of a typical mistake per turn: wrong-file edits, repeats, giving up.
  const rollout = await kaizen(["rollout", "--policy", "dagger", "--student", "noisy:0.6", "--beta", "0", "--samples", "6", "--jobs", "2"]);
  assert.equal(rollout.code, 0, rollout.stderr);
  assert.equal((await kaizen(["judge", "--jobs", "2"])).code, 0);

  const learned = await kaizen(["learn"]);
  assert.equal(learned.code, 0, learned.stderr);

  // What the store says, checked against what learn wrote and printed.
  const store = openRunStore({ dir: run, mustExist: true });
  const cards = store.skillCards.list();
  const [task] = store.tasks.list();
  const judged = store.trajectories.list().map((trajectory) => ({ trajectory, score: store.scores.get(trajectory.id)! }));
  store.close();
  assert.equal(judged.length, 6);
  const failing = judged.filter(({ score }) => trajectoryStanding(score).standing !== "clean");
  assert.ok(failing.length > 0, "a student wrong on 60% of its turns fails somewhere");
  assert.ok(cards.length > 0);
  for (const card of cards) {
    const withSignature = failing.filter(({ trajectory, score }) => failureSignatures({ task: task!, trajectory, score }).some((found) => found.signature === card.signature));
    assert.equal(card.count, withSignature.length, card.id);
    assert.deepEqual([...card.evidence].sort(), withSignature.map(({ trajectory }) => trajectory.id).sort(), card.id);
    assert.deepEqual(card.modules, ["cart"]);
    assert.equal(card.id, `card-${card.signature}-cart`);
    assert.equal(card.solveRate, judged.filter(({ score }) => score.resolved).length / 6);
    assert.deepEqual(card.recipe.sites, ["cart.cartTotal"]);
    assert.ok(card.recipe.commitFilters.includes("path:src/cart.js"));
    assert.match(learned.stdout, new RegExp(`^${card.id} · ${card.name}$`, "m"));
    assert.match(learned.stdout, new RegExp(`${card.count} of 6 trajectories on tasks in cart`));
  }
  assert.match(learned.stdout, /^dimension +category +tasks +share +solved +solve rate \(95% CI\)$/m);
  assert.match(learned.stdout, /^module +cart +1 +100% +\d\/6 +\d+% \(\d+–\d+%\) +THIN: 1 task, fewer than the 5 a reliable solve rate needs$/m);
  assert.match(learned.stdout, /^ {2}module:cart · want 4 · /m);

  // Sharpening through a model: a malformed first reply keeps that card as written, with a warning.
  const server = await startFakeModelServer({
    script: (_request, { requestIndex }) =>
      requestIndex === 0 ? "I think the agent should test more." : JSON.stringify({ name: `Sharpened card ${requestIndex}`, description: "Edits src/format.js instead of cartTotal in src/cart.js and submits untested.", patterns: ["wrong module"] }),
  });
  t.after(() => server.close());
  const sharpened = await kaizen(["learn", "--json", "--round", "round-1", "--base-url", server.url, "--model", "fake-model", "--min-tasks", "2"]);
  assert.equal(sharpened.code, 0, sharpened.stderr);
  const data = JSON.parse(sharpened.stdout) as { cards: SkillCard[]; gaps: GapReport; targets: AcquisitionTarget[]; warnings: string[] };
  assert.deepEqual(data.cards.map((card) => card.id).sort(), cards.map((card) => card.id).sort(), "a rerun updates the same cards");
  assert.equal(server.requests.length, cards.length);
  assert.equal(data.cards[0]!.sharpenedBy, undefined);
  assert.match(data.warnings[0]!, new RegExp(`kept skill card ${data.cards[0]!.id} as written from the facts: the model's reply is not a JSON object`));
  for (const [index, card] of data.cards.slice(1).entries()) {
    assert.equal(card.name, `Sharpened card ${index + 1}`);
    assert.equal(card.sharpenedBy, "fake-model");
  }
  assert.ok(data.cards.every((card) => card.roundId === "round-1"));
  assert.equal(data.gaps.minTasks, 2);
  const module = data.gaps.categories.find((category) => category.dimension === "module" && category.category === "cart")!;
  assert.equal(module.resolved, judged.filter(({ score }) => score.resolved).length);
  assert.deepEqual(module.why, ["1 task, fewer than the 2 a reliable solve rate needs"]);
  assert.deepEqual(
    data.targets.filter((target) => target.skillCardId).map((target) => target.category).sort(),
    cards.map((card) => `card:${card.id}`).sort(),
  );
  assert.deepEqual(data.targets.find((target) => target.category === "module:cart")?.sites, ["cart.*"]);
});
