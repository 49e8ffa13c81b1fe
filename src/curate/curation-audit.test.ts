import assert from "node:assert/strict";
import { test } from "node:test";
import type { CurationDecision } from "../schema/records.js";
import { openRunStore } from "../store/run-store.js";
import { scriptedTrajectory } from "../testing/scripted-trajectory.js";
import { tempDir } from "../testing/temp-dir.js";
import { auditCuration, auditFromStore, formatCurationAudit } from "./curation-audit.js";

function decision(trajectoryId: string, overrides: Partial<CurationDecision> = {}): CurationDecision {
  const reasons = overrides.reasons ?? [];
  return {
    trajectoryId,
    taskId: `task-of-${trajectoryId}`,
    repo: "acme/ledger",
    split: "train",
    included: reasons.length === 0,
    reasons,
    label: "positive",
    tier: "transparent",
    stepTiers: ["transparent"],
    maskedSteps: [],
    tokens: 100,
    sourceSummary: { repos: ["acme/ledger"], licenses: ["MIT"], domains: [], models: [], rules: [] },
    curatedAt: "2026-02-01T00:00:00.000Z",
    ...overrides,
  };
}

const DECISIONS: CurationDecision[] = [
  decision("t1"),
  decision("t2", { label: "negative", split: "eval" }),
  decision("t3", { maskedSteps: [2, 3], tier: "opaque", stepTiers: ["transparent", "transparent", "opaque", "opaque"] }),
  decision("t4", { reasons: [{ reason: "duplicate", detail: "the same patch and actions as t1" }], duplicateOf: "t1" }),
  decision("t5", {
    repo: "acme/vendored",
    tier: "opaque",
    reasons: [
      { reason: "opaque-source", detail: "path:vendor/**: vendored" },
      { reason: "over-length", detail: "90000 tokens, over the trajectory's context window of 32768" },
    ],
    sourceSummary: { repos: ["acme/vendored"], licenses: [], domains: ["example.com"], models: [], rules: ["path:vendor/**"] },
  }),
];

test("counts everything excluded by reason, tier, split, repository, licence and domain", () => {
  const audit = auditCuration(DECISIONS);
  assert.deepEqual([audit.total, audit.included, audit.excluded, audit.positives, audit.negatives], [5, 3, 2, 2, 1]);
  assert.deepEqual([audit.maskedSteps, audit.maskedTrajectories], [2, 1]);
  assert.deepEqual(audit.reasons.duplicate, { count: 1, only: 1, example: { trajectoryId: "t4", detail: "the same patch and actions as t1" } });
  assert.deepEqual([audit.reasons["opaque-source"]!.count, audit.reasons["opaque-source"]!.only], [1, 0]);
  assert.deepEqual(audit.tiers.opaque, { total: 2, included: 1, excluded: 1 });
  assert.deepEqual(audit.splits.eval, { total: 1, included: 1, excluded: 0, positives: 0, negatives: 1 });
  assert.deepEqual(audit.repos, { "acme/ledger": { total: 4, included: 3, excluded: 1 }, "acme/vendored": { total: 1, included: 0, excluded: 1 } });
  assert.deepEqual(audit.licenses["(none detected)"], { total: 1, included: 0, excluded: 1 });
  assert.deepEqual(audit.domains["example.com"], { total: 1, included: 0, excluded: 1 });
});

test("the text shows how much was excluded and why, with an example of each reason", () => {
  const text = formatCurationAudit(auditCuration(DECISIONS));
  assert.match(text, /^Curated 5 trajectories: 3 included, excluded 2 of 5 \(40%\)$/m);
  assert.match(text, /included: 2 positive, 1 negative/);
  assert.match(text, /loss-masked: 2 steps in 1 included trajectories/);
  assert.match(text, /^ {2}duplicate\s+1\s+20%\s+1\s+t4: the same patch and actions as t1$/m);
  assert.match(text, /^ {2}over-length\s+1\s+20%\s+0\s+t5: 90000 tokens/m);
  assert.match(text, /^ {2}acme\/vendored\s+1\s+0\s+1 \(100%\)$/m);
  assert.doesNotMatch(text, /warning/);
});

test("over-exclusion is called out", () => {
  const excluded = Array.from({ length: 6 }, (_, index) => decision(`x${index}`, { repo: "acme/gone", reasons: [{ reason: "gray-source", detail: "license:GPL-3.0-only" }] }));
  const text = formatCurationAudit(auditCuration([decision("kept", { label: "negative" }), ...excluded]));
  assert.match(text, /warning: more than half of all trajectories are excluded; the commonest reason is gray-source \(6\)/);
  assert.match(text, /warning: every trajectory of acme\/gone is excluded \(6\)/);
  assert.match(text, /warning: no included trajectory is a positive/);
});

test("the stored decisions are audited row by row", (t) => {
  const store = openRunStore({ dir: tempDir(t) });
  t.after(() => store.close());
  for (const stored of DECISIONS) {
    store.trajectories.save({ ...scriptedTrajectory({ steps: [] }), id: stored.trajectoryId, taskId: stored.taskId });
    store.curation.save(stored);
  }
  assert.deepEqual(auditFromStore(store), auditCuration(DECISIONS));
  const empty = openRunStore({ dir: tempDir(t) });
  t.after(() => empty.close());
  assert.equal(auditFromStore(empty).total, 0);
});

test("trajectories held back by review or the private benchmark are counted like any exclusion, with what to do", () => {
  const held = [
    decision("r1", { reasons: [{ reason: "awaiting-sign-off", detail: "needs sign-off (touches .github/workflows)" }] }),
    decision("r2", { reasons: [{ reason: "review-rejected", detail: "rejected by reviewer@acme: weakens CI" }] }),
    decision("r3", { split: "eval", reasons: [{ reason: "private-benchmark", detail: "its task is in the private benchmark" }] }),
  ];
  const audit = auditCuration([...DECISIONS, ...held]);
  assert.deepEqual([audit.excluded, audit.reasons["awaiting-sign-off"]?.only, audit.reasons["review-rejected"]?.count], [5, 1, 1]);
  const text = formatCurationAudit(audit);
  assert.match(text, /^ {2}awaiting-sign-off\s+1\s+13%\s+1\s+r1: needs sign-off/m);
  assert.match(text, /^ {2}review-rejected\s+1\s+13%\s+1\s+r2: rejected by reviewer@acme: weakens CI$/m);
  assert.match(text, /^ {2}1 trajectories await a reviewer's sign-off: kaizen review lists them/m);
  assert.match(text, /^ {2}1 trajectories are of private-benchmark tasks/m);
  assert.doesNotMatch(formatCurationAudit(auditCuration(DECISIONS)), /sign-off|private-benchmark/);
});
