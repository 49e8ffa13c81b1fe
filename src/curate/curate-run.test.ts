import assert from "node:assert/strict";
import { type TestContext, test } from "node:test";
import type { CurationDecision, PatchReview, ProvenanceSource, ProvenanceTier, Score, Task, Trajectory } from "../schema/records.js";
import { openRunStore, type RunStore } from "../store/run-store.js";
import { scriptedTask, scriptedTrajectory } from "../testing/scripted-trajectory.js";
import { tempDir } from "../testing/temp-dir.js";
import { auditFromStore, formatCurationAudit } from "./curation-audit.js";
import { type CurationPolicy, curateRun, type ProvenanceOfTrajectory } from "./curate-run.js";

const NOW = new Date("2026-02-01T00:00:00.000Z");
const POLICY: CurationPolicy = { opaque: "exclude", gray: "keep", evalShare: 0, nearDuplicateJaccard: 0.8, seed: 0 };

/** Vendored code is opaque, `gpl/` gray, an `optout/` path an owner's opt-out; a step's tier is the highest so far. */
const vendorIsOpaque: ProvenanceOfTrajectory = (task, trajectory) => {
  const rank = { transparent: 0, gray: 1, opaque: 2 };
  let tier: ProvenanceTier = "transparent";
  const rulings: { tier: ProvenanceTier; rule: string; rationale: string; source: ProvenanceSource }[] = [];
  const licenses = new Set<string>();
  const stepTiers = trajectory.steps.map((step) => {
    for (const source of step.observations.flatMap((observation) => observation.sources)) {
      if (source.kind !== "repo-file") continue;
      if (source.license) licenses.add(source.license);
      const ruled = source.path.startsWith("vendor/") ? "path:vendor/**" : source.path.startsWith("optout/") ? "opt-out:acme-robots" : source.path.startsWith("gpl/") ? "license:GPL-3.0-only" : undefined;
      if (!ruled) continue;
      const ruledTier = ruled.startsWith("license:") ? "gray" : "opaque";
      rulings.push({ tier: ruledTier, rule: ruled, rationale: `${source.path} may not be trained on`, source });
      if (rank[ruledTier] > rank[tier]) tier = ruledTier;
    }
    return tier;
  });
  return { tier, stepTiers, rulings, summary: { repos: [task.repo], licenses: [...licenses], domains: [], models: [], rules: rulings.map((ruling) => ruling.rule) } };
};

/** A patch long enough that its text, not the few tool calls, decides similarity. */
function longPatch(name: string, changedLine = -1): string {
  const lines = Array.from({ length: 30 }, (_, line) => `+export const ${name}_${line} = compute(${line}, "${name}");`);
  if (changedLine >= 0) lines[changedLine] = `+export const ${name}_${changedLine} = recompute(${changedLine}, "${name}");`;
  return `--- a/src/${name}.ts\n+++ b/src/${name}.ts\n@@ -1,0 +1,30 @@\n${lines.join("\n")}\n`;
}

function sample(id: string, taskId: string, options: { patch?: string; reads?: string[]; finished?: boolean; contextWindow?: number } = {}): Trajectory {
  const { patch = longPatch(taskId.replace(/\W/g, "_")), reads = ["src/money.ts"], finished = true, contextWindow } = options;
  const trajectory = scriptedTrajectory({
    steps: [
      ...reads.map((path) => ({ calls: [["read_file", { path }, `contents of ${path}`]] as [string, Record<string, unknown>, string][] })),
      { calls: [["apply_patch", { patch }, "applied"]] },
      { calls: [["submit", {}, "submitted"]] },
    ],
    patch,
    ...(contextWindow ? { contextWindow } : {}),
  });
  // Observations record where their content came from.
  trajectory.steps.forEach((step, index) => {
    const path = reads[index];
    if (path) step.observations[0]!.sources = [{ kind: "repo-file", repo: "acme/ledger", path, commit: "abcdef1", license: "MIT" }];
  });
  return { ...trajectory, id, taskId, ...(finished ? {} : { outcome: undefined }) };
}

function score(trajectoryId: string, resolved: boolean, reward: number, hacked = false): Score {
  return {
    trajectoryId,
    resolved,
    reward,
    components: {},
    evidence: {},
    hackFlags: hacked ? [{ detector: "test-edit", evidence: "deleted an assertion" }] : [],
    tests: {},
    scope: null,
    plan: null,
    judgedAt: NOW.toISOString(),
  };
}

function task(id: string, origin: Task["origin"] = "commit", commit = "abcdef1"): Task {
  return { ...scriptedTask({ files: ["src/money.ts"] }), id, origin, sourceCommit: `${commit}${id.length}` };
}

/** A run with one trajectory per situation curation must tell apart. */
function seededStore(t: TestContext): RunStore {
  const store = openRunStore({ dir: tempDir(t) });
  t.after(() => store.close());
  for (const id of ["task-a", "task-b", "task-c", "task-d"]) store.tasks.save(task(id));
  store.tasks.save({ ...task("task-a-impossible", "impossible"), sourceCommit: task("task-a").sourceCommit });
  const saved: [Trajectory, Score | undefined][] = [
    [sample("a-best", "task-a"), score("a-best", true, 1)],
    [sample("a-copy", "task-a"), score("a-copy", true, 0.5)],
    [sample("a-near", "task-a", { patch: longPatch("task_a", 3) }), score("a-near", true, 0.5)],
    [sample("a-hacked", "task-a", { patch: longPatch("other") }), score("a-hacked", true, 1, true)],
    [sample("a-running", "task-a", { finished: false }), undefined],
    // The same actions failing the impossible variant are its own example, not a copy.
    [sample("a-impossible", "task-a-impossible", { patch: longPatch("task_a") }), score("a-impossible", false, 0)],
    [sample("b-unjudged", "task-b"), undefined],
    [sample("b-vendor", "task-b", { reads: ["src/money.ts", "vendor/left-pad.js", "src/pad.ts"], patch: longPatch("pad") }), score("b-vendor", true, 1)],
    [sample("b-optout", "task-b", { reads: ["optout/secret.ts"], patch: longPatch("secret") }), score("b-optout", false, 0)],
    [sample("c-long", "task-c", { contextWindow: 40 }), score("c-long", true, 1)],
    // Another task's trajectory with a-best's patch and actions: a copy across tasks.
    [sample("d-copy-of-a", "task-d", { patch: longPatch("task_a") }), score("d-copy-of-a", true, 1)],
  ];
  for (const [trajectory, judged] of saved) {
    store.trajectories.save(trajectory);
    if (judged) store.scores.save(judged);
  }
  return store;
}

function decisions(store: RunStore): Map<string, CurationDecision> {
  return new Map(store.curation.list().map((decision) => [decision.trajectoryId, decision]));
}

const reasonsOf = (decision: CurationDecision | undefined) => decision?.reasons.map((entry) => entry.reason);

test("every reason that applies is recorded; unresolved and hack-flagged trajectories stay in as negatives", async (t) => {
  const store = seededStore(t);
  const progress: number[] = [];
  const audit = await curateRun({ store, provenanceOf: vendorIsOpaque, options: POLICY, now: NOW, onProgress: ({ done }) => progress.push(done) });
  const decided = decisions(store);

  assert.deepEqual(progress, Array.from({ length: 11 }, (_, index) => index + 1));
  assert.equal(decided.get("a-best")!.included, true);
  assert.equal(decided.get("a-best")!.label, "positive");
  assert.deepEqual(reasonsOf(decided.get("a-copy")), ["duplicate"]);
  assert.equal(decided.get("a-copy")!.duplicateOf, "a-best");
  assert.deepEqual(reasonsOf(decided.get("a-near")), ["near-duplicate"]);
  assert.equal(decided.get("a-near")!.duplicateOf, "a-best");
  assert.deepEqual([decided.get("a-hacked")!.included, decided.get("a-hacked")!.label], [true, "negative"]);
  assert.deepEqual(reasonsOf(decided.get("a-running")), ["unfinished", "unjudged"]);
  assert.deepEqual([decided.get("a-impossible")!.included, decided.get("a-impossible")!.label], [true, "negative"]);
  assert.deepEqual(reasonsOf(decided.get("b-unjudged")), ["unjudged"]);
  assert.deepEqual(reasonsOf(decided.get("b-vendor")), ["opaque-source"]);
  assert.match(decided.get("b-vendor")!.reasons[0]!.detail, /path:vendor\/\*\*: vendor\/left-pad.js may not be trained on/);
  assert.equal(decided.get("b-vendor")!.tier, "opaque");
  assert.deepEqual(reasonsOf(decided.get("b-optout")), ["opt-out"]);
  assert.deepEqual(reasonsOf(decided.get("c-long")), ["over-length"]);
  assert.match(decided.get("c-long")!.reasons[0]!.detail, /tokens, over the trajectory's context window of 40/);
  assert.deepEqual(reasonsOf(decided.get("d-copy-of-a")), ["duplicate"]);
  assert.equal(decided.get("d-copy-of-a")!.duplicateOf, "a-best");

  assert.ok(decided.get("a-best")!.tokens > 40);
  assert.equal(decided.get("a-best")!.split, "train");
  assert.deepEqual(decided.get("a-best")!.sourceSummary.licenses, ["MIT"]);
  assert.equal(store.taskSplits.count(), 5);
  assert.deepEqual([audit.total, audit.included, audit.excluded, audit.positives, audit.negatives], [11, 3, 8, 1, 2]);
});

test("with opaque sources masked, the tainted steps are loss-masked and the trajectory stays; an opt-out still excludes", async (t) => {
  const store = seededStore(t);
  const audit = await curateRun({ store, provenanceOf: vendorIsOpaque, options: { ...POLICY, opaque: "mask" }, now: NOW });
  const vendor = decisions(store).get("b-vendor")!;
  assert.equal(vendor.included, true);
  assert.deepEqual(vendor.stepTiers, ["transparent", "opaque", "opaque", "opaque", "opaque"]);
  assert.deepEqual(vendor.maskedSteps, [1, 2, 3, 4]);
  assert.deepEqual(reasonsOf(decisions(store).get("b-optout")), ["opt-out"]);
  assert.deepEqual([audit.maskedSteps, audit.maskedTrajectories], [4, 1]);
});

test("a configured length limit applies to every trajectory", async (t) => {
  const store = seededStore(t);
  await curateRun({ store, provenanceOf: vendorIsOpaque, options: { ...POLICY, maxTokens: 10 }, now: NOW });
  const best = decisions(store).get("a-best")!;
  assert.deepEqual(reasonsOf(best), ["over-length"]);
  assert.match(best.reasons[0]!.detail, /over the configured limit of 10/);
});

test("re-running recomputes every decision, keeping the best copy, while splits stay fixed", async (t) => {
  const store = seededStore(t);
  await curateRun({ store, provenanceOf: vendorIsOpaque, options: POLICY, now: NOW });
  const first = decisions(store);
  const splits = store.taskSplits.list();
  await curateRun({ store, provenanceOf: vendorIsOpaque, options: { ...POLICY, evalShare: 1, seed: 5 }, now: NOW });
  assert.deepEqual(decisions(store), first);
  assert.deepEqual(store.taskSplits.list(), splits);

  // A better score moves which copy is kept.
  store.scores.save(score("a-copy", true, 2));
  await curateRun({ store, provenanceOf: vendorIsOpaque, options: POLICY, now: NOW });
  const again = decisions(store);
  assert.equal(again.get("a-copy")!.included, true);
  assert.equal(again.get("a-best")!.duplicateOf, "a-copy");
  assert.equal(again.get("d-copy-of-a")!.duplicateOf, "a-copy");
});

test("the audit it returns is the one read back from the store", async (t) => {
  const store = seededStore(t);
  const audit = await curateRun({ store, provenanceOf: vendorIsOpaque, options: POLICY, now: NOW });
  assert.deepEqual(auditFromStore(store), audit);
  const text = formatCurationAudit(audit);
  assert.match(text, /excluded 8 of 11 \(73%\)/);
  assert.match(text, /duplicate\s+2\s+18%\s+2\s+a-copy: the same patch and actions as a-best/);
  assert.match(text, /opaque-source\s+1/);
});

test("a trajectory whose task is missing gets no decision, and the audit says so", async (t) => {
  const store = seededStore(t);
  store.trajectories.save(sample("orphan", "task-gone"));
  const audit = await curateRun({ store, provenanceOf: vendorIsOpaque, options: POLICY, now: NOW });
  assert.deepEqual(audit.orphans, { count: 1, example: "orphan" });
  assert.equal(store.curation.get("orphan"), undefined);
  assert.match(formatCurationAudit(audit), /not curated: 1 trajectories whose task is missing/);
});

test("gray sources are kept, masked or excluded as the policy says", async (t) => {
  const store = openRunStore({ dir: tempDir(t) });
  t.after(() => store.close());
  store.tasks.save(task("task-g"));
  store.trajectories.save(sample("g", "task-g", { reads: ["src/a.ts", "gpl/readline.c"] }));
  store.scores.save(score("g", true, 1));
  const decide = async (gray: CurationPolicy["gray"]) => {
    await curateRun({ store, provenanceOf: vendorIsOpaque, options: { ...POLICY, gray }, now: NOW });
    return store.curation.get("g")!;
  };
  const kept = await decide("keep");
  assert.deepEqual([kept.included, kept.maskedSteps], [true, []]);
  const masked = await decide("mask");
  assert.deepEqual([masked.included, masked.maskedSteps], [true, [1, 2, 3]]);
  const excluded = await decide("exclude");
  assert.deepEqual(reasonsOf(excluded), ["gray-source"]);
  assert.match(excluded.reasons[0]!.detail, /^license:GPL-3.0-only: gpl\/readline.c/);
});

test("a near-duplicate threshold of 0 is refused with a hint", async (t) => {
  const store = seededStore(t);
  await assert.rejects(curateRun({ store, provenanceOf: vendorIsOpaque, options: { ...POLICY, nearDuplicateJaccard: 0 }, now: NOW }), /nearDuplicateJaccard is 0/);
});

function review(trajectoryId: string, taskId: string, verdict: PatchReview["verdict"], decision?: "accepted" | "rejected"): PatchReview {
  return {
    trajectoryId,
    taskId,
    repo: "acme/ledger",
    verdict,
    reasons: verdict === "needs-sign-off" ? ["touches .github/workflows"] : [],
    checks: [{ name: "sensitive-paths", status: verdict === "needs-sign-off" ? "failed" : "passed", detail: ".github/workflows/ci.yml" }],
    diff: { files: 1, lines: 30 },
    sensitivePaths: verdict === "needs-sign-off" ? [".github/workflows/ci.yml"] : [],
    ...(decision ? { decision: { status: decision, by: "reviewer@acme", note: decision === "rejected" ? "weakens CI" : "fine", decidedAt: NOW.toISOString() } } : {}),
    reviewedAt: NOW.toISOString(),
  };
}

test("a patch awaiting sign-off or rejected by its reviewer stays out; an accepted one is curated as before", async (t) => {
  const store = seededStore(t);
  await curateRun({ store, provenanceOf: vendorIsOpaque, options: POLICY, now: NOW });
  const before = decisions(store);
  store.reviews.save(review("a-best", "task-a", "needs-sign-off"));
  store.reviews.save(review("a-hacked", "task-a", "needs-sign-off", "rejected"));
  store.reviews.save(review("a-impossible", "task-a-impossible", "needs-sign-off", "accepted"));
  store.reviews.save(review("d-copy-of-a", "task-d", "auto-accepted"));
  const audit = await curateRun({ store, provenanceOf: vendorIsOpaque, options: POLICY, now: NOW });
  const decided = decisions(store);

  assert.deepEqual(reasonsOf(decided.get("a-best")), ["awaiting-sign-off"]);
  assert.match(decided.get("a-best")!.reasons[0]!.detail, /touches \.github\/workflows/);
  assert.deepEqual(reasonsOf(decided.get("a-hacked")), ["review-rejected"]);
  assert.match(decided.get("a-hacked")!.reasons[0]!.detail, /rejected by reviewer@acme: weakens CI/);
  assert.deepEqual(decided.get("a-impossible"), before.get("a-impossible"));
  // a-best is held back, so its copies are judged against each other and the best of them is kept.
  assert.equal(decided.get("a-copy")!.included, true);
  assert.equal(decided.get("d-copy-of-a")!.duplicateOf, "a-copy");
  // Every other trajectory is decided exactly as with no reviews at all.
  for (const id of ["a-running", "b-unjudged", "b-vendor", "b-optout", "c-long"]) assert.deepEqual(decided.get(id), before.get(id), id);

  assert.deepEqual([audit.reasons["awaiting-sign-off"]?.count, audit.reasons["review-rejected"]?.count], [1, 1]);
  const text = formatCurationAudit(audit);
  assert.match(text, /^ {2}awaiting-sign-off\s+1\s+9%\s+1\s+a-best: needs sign-off/m);
  assert.match(text, /^ {2}review-rejected\s+1\s+9%\s+1\s+a-hacked: rejected by reviewer@acme/m);
  assert.deepEqual(auditFromStore(store), audit);
});

test("a private-benchmark task's trajectories are excluded for it and recorded on the eval side", async (t) => {
  const store = openRunStore({ dir: tempDir(t) });
  t.after(() => store.close());
  // Different commits, so the two tasks are separate lineages.
  store.tasks.save(task("task-t"));
  store.tasks.save(task("task-bench"));
  store.taskSplits.save({ taskId: "task-bench", split: "benchmark", heldOutBy: "newest commits", lineage: ["task:task-bench"], assignedAt: NOW.toISOString() });
  store.trajectories.save(sample("t-1", "task-t"));
  store.scores.save(score("t-1", true, 1));
  store.trajectories.save(sample("x-1", "task-bench"));
  store.scores.save(score("x-1", true, 1));
  store.trajectories.save(sample("x-unjudged", "task-bench", { patch: longPatch("other") }));
  const audit = await curateRun({ store, provenanceOf: vendorIsOpaque, options: POLICY, now: NOW });
  const decided = decisions(store);

  assert.deepEqual(reasonsOf(decided.get("x-1")), ["private-benchmark"]);
  assert.deepEqual(reasonsOf(decided.get("x-unjudged")), ["unjudged", "private-benchmark"]);
  assert.deepEqual([decided.get("x-1")!.split, decided.get("x-unjudged")!.split], ["eval", "eval"]);
  assert.deepEqual([decided.get("t-1")!.included, decided.get("t-1")!.split], [true, "train"]);
  assert.equal(store.taskSplits.get("task-bench")!.split, "benchmark");
  assert.equal(audit.reasons["private-benchmark"]?.count, 2);
  assert.match(formatCurationAudit(audit), /^ {2}private-benchmark\s+2\s+67%\s+1\s+x-1: its task is in the private benchmark/m);
});
