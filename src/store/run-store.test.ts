import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import type { Step, Trajectory } from "../schema/records.js";
import { tempDir } from "../testing/temp-dir.js";
import { SCHEMA_VERSION } from "./migrations.js";
import { openRunStore, RunDirError, StoreNotDatabaseError, StoreVersionError } from "./run-store.js";

const now = "2026-11-21T10:00:00.000Z";

function trajectoryHeader(id: string): Trajectory {
  return {
    id,
    taskId: "acme__ledger-1",
    policy: { kind: "oracle" },
    tools: ["read_file"],
    steps: [],
    usage: { promptTokens: 0, completionTokens: 0, wallTimeMs: 0 },
    sandboxed: true,
    createdAt: now,
  };
}

function step(index: number): Step {
  return {
    index,
    actor: "teacher",
    reasoning: `look at file ${index}`,
    content: "",
    toolCalls: [{ id: `call-${index}`, name: "read_file", arguments: { path: "src/a.ts" } }],
    observations: [{ toolCallId: `call-${index}`, content: "export const a = 1;", truncated: false, masked: false, isError: false, sources: [] }],
    tokens: { prompt: 100 + index, completion: 20 },
    provenance: { tier: "transparent", sources: [{ kind: "repo-file", repo: "acme/ledger", path: "src/a.ts", commit: "abcdef1" }] },
    events: [],
    startedAt: now,
    durationMs: 12,
    policyMs: 10,
  };
}

test("records saved in one session are read back, whole and validated, in the next", (t) => {
  const dir = tempDir(t);
  const store = openRunStore({ dir });
  store.runs.save({ id: "run-1", createdAt: now, kaizenVersion: "0.1.0", command: "demo", sandboxed: true });
  store.rounds.save({ id: "round-0", runId: "run-1", index: 0, status: "running", startedAt: now });
  store.repos.save({ name: "acme/ledger", source: "/src/ledger", addedAt: now });
  const header = trajectoryHeader("traj-1");
  store.trajectories.save(header);
  store.trajectories.saveStep({ ...header, usage: { promptTokens: 100, completionTokens: 20, wallTimeMs: 12 } }, step(0));
  store.trajectories.saveStep({ ...header, usage: { promptTokens: 201, completionTokens: 40, wallTimeMs: 24 } }, step(1));
  store.scores.save({
    trajectoryId: "traj-1",
    resolved: true,
    reward: 1.15,
    components: { outcome: 1, targeted_read: 0.05, plan_present: 0.1 },
    hackFlags: [],
    scope: { precision: 1, recall: 0.5 },
    plan: null,
    judgedAt: now,
  });
  const log = store.putArtifact("a long test log\n".repeat(1000));
  store.close();

  const reopened = openRunStore({ dir, mustExist: true });
  t.after(() => reopened.close());
  assert.equal(reopened.runs.get("run-1")?.command, "demo");
  assert.deepEqual(reopened.runs.get("run-1")?.notes, []);
  assert.equal(reopened.rounds.list({ run_id: "run-1" }).length, 1);
  const trajectory = reopened.trajectories.get("traj-1");
  assert.deepEqual(trajectory?.steps.map((s) => s.reasoning), ["look at file 0", "look at file 1"]);
  assert.equal(trajectory?.usage.promptTokens, 201);
  assert.equal(reopened.trajectories.list({ task_id: "acme__ledger-1", finished: 0 }).length, 1);
  assert.equal(reopened.scores.get("traj-1")?.components.plan_present, 0.1);
  assert.equal(reopened.artifacts.readText(log), "a long test log\n".repeat(1000));
  const health = reopened.health();
  assert.equal(health.integrity, "ok");
  assert.equal(health.counts.steps, 2);
  assert.equal(health.counts.artifacts, 1);
});

test("an invalid record is refused and nothing is written", (t) => {
  const store = openRunStore({ dir: tempDir(t) });
  t.after(() => store.close());
  assert.throws(() => store.repos.save({ name: "", source: "x", addedAt: "yesterday" }));
  assert.equal(store.repos.count(), 0);
});

test("a write that fails inside a transaction leaves no part of it behind", (t) => {
  const store = openRunStore({ dir: tempDir(t) });
  t.after(() => store.close());
  assert.throws(() =>
    store.transaction(() => {
      store.repos.save({ name: "a/b", source: "/a", addedAt: now });
      throw new Error("boom");
    }),
  );
  assert.equal(store.repos.get("a/b"), undefined);
});

test("a store written by a newer kaizen is refused with what to do", (t) => {
  const dir = tempDir(t);
  openRunStore({ dir }).close();
  const db = new Database(join(dir, "kaizen.db"));
  db.pragma("user_version = 99");
  db.close();
  assert.throws(() => openRunStore({ dir }), (error: unknown) => {
    assert.ok(error instanceof StoreVersionError);
    assert.match(error.message, new RegExp(`schema version 99, newer than this kaizen knows \\(${SCHEMA_VERSION}\\)`));
    assert.match(error.hint, /upgrade kaizen/);
    return true;
  });
});

test("a file that is not a database, and a run directory that is a file, are named as such", (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, "kaizen.db"), "this is not sqlite ".repeat(100));
  assert.throws(() => openRunStore({ dir }), StoreNotDatabaseError);
  const file = join(dir, "plain-file");
  writeFileSync(file, "x");
  assert.throws(() => openRunStore({ dir: file }), (error: unknown) => error instanceof RunDirError && /is a file/.test(error.message));
});

test("a store from an older schema version is migrated forward with its records", (t) => {
  const dir = tempDir(t);
  const store = openRunStore({ dir });
  store.repos.save({ name: "acme/ledger", source: "/src/ledger", addedAt: now });
  store.close();
  // Roll back to version 1, as an older kaizen left it.
  const db = new Database(join(dir, "kaizen.db"));
  db.exec("DROP TABLE reviews; DROP TABLE benchmark_results; DROP TABLE curation; DROP TABLE task_splits; DROP TABLE candidates");
  db.pragma("user_version = 1");
  db.close();
  const migrated = openRunStore({ dir });
  t.after(() => migrated.close());
  assert.equal(migrated.health().schemaVersion, SCHEMA_VERSION);
  assert.equal(migrated.repos.get("acme/ledger")?.source, "/src/ledger");
  assert.equal(migrated.candidates.count(), 0);
  assert.equal(migrated.curation.count(), 0);
  assert.equal(migrated.reviews.count(), 0);
});
