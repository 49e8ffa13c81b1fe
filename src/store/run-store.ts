import Database from "better-sqlite3";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  candidate,
  benchmarkResult,
  curationDecision,
  patchReview,
  repoRecord,
  round,
  run,
  score,
  skillCard,
  step as stepSchema,
  task,
  taskSplit,
  trajectory as trajectorySchema,
  type Step,
  type Trajectory,
} from "../schema/records.js";
import { UserError } from "../user-error.js";
import { ArtifactStore } from "./artifact-store.js";
import { MIGRATIONS, SCHEMA_VERSION } from "./migrations.js";
import { RecordTable } from "./record-table.js";

export const DEFAULT_RUN_DIR = ".kaizen";
const DATABASE_FILE = "kaizen.db";

/** Whether `dir` already holds a run store (opening one would otherwise create it). */
export function runStoreExists(dir: string): boolean {
  return existsSync(join(dir, DATABASE_FILE));
}

export class RunDirError extends UserError {
  constructor(
    readonly dir: string,
    readonly reason: string,
  ) {
    super(`cannot use run directory ${dir}: ${reason}`, "choose another with --run DIR, or fix the directory's permissions");
  }
}

export class StoreNotDatabaseError extends UserError {
  constructor(readonly file: string) {
    super(
      `${file} is not a kaizen run store (it is not an SQLite database, or it is damaged)`,
      "move the file aside, or choose another run directory with --run DIR",
    );
  }
}

export class StoreVersionError extends UserError {
  constructor(
    readonly file: string,
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `${file} has store schema version ${found}, newer than this kaizen knows (${known})`,
      "upgrade kaizen to open it, or choose another run directory with --run DIR",
    );
  }
}

export interface OpenRunStoreOptions {
  /** The run directory; `.kaizen` under the working directory by default. */
  dir?: string;
  /** Fail instead of creating a store that does not exist yet. */
  mustExist?: boolean;
  busyTimeoutMs?: number;
  /**
   * SQLite's page cache, default 64 MB: curation reads and writes across the whole store and runs
   * ~20% faster with it. A single pass that only reads (an export) is as fast with 16.
   */
  pageCacheMb?: number;
}

/**
 * The run store: records in SQLite (WAL, so several worker processes can write), large blobs as
 * artifact files. Every write is a transaction; a process killed at any moment leaves every
 * committed record in place.
 */
export class RunStore {
  readonly artifacts: ArtifactStore;
  readonly runs;
  readonly rounds;
  readonly repos;
  readonly tasks;
  readonly candidates;
  readonly trajectories: TrajectoryTable;
  readonly scores;
  readonly skillCards;
  readonly taskSplits;
  readonly curation;
  readonly benchmarkResults;
  readonly reviews;

  constructor(
    readonly dir: string,
    readonly db: Database.Database,
  ) {
    this.artifacts = new ArtifactStore(join(dir, "artifacts"));
    this.runs = new RecordTable({
      db,
      table: "runs",
      key: { column: "id", of: (record) => record.id },
      schema: run,
      columns: (record) => ({ created_at: record.createdAt }),
    });
    this.rounds = new RecordTable({
      db,
      table: "rounds",
      key: { column: "id", of: (record) => record.id },
      schema: round,
      columns: (record) => ({ run_id: record.runId, idx: record.index, status: record.status }),
    });
    this.repos = new RecordTable({ db, table: "repos", key: { column: "name", of: (record) => record.name }, schema: repoRecord });
    this.tasks = new RecordTable({
      db,
      table: "tasks",
      key: { column: "id", of: (record) => record.id },
      schema: task,
      columns: (record) => ({ repo: record.repo, origin: record.origin, created_at: record.createdAt }),
    });
    this.candidates = new RecordTable({
      db,
      table: "candidates",
      key: { column: "id", of: (record) => record.id ?? `${record.repo}@${record.commit}` },
      schema: candidate,
      columns: (record) => ({ repo: record.repo, decision: record.decision, reason: record.reason ?? null }),
    });
    this.trajectories = new TrajectoryTable(db);
    this.scores = new RecordTable({
      db,
      table: "scores",
      key: { column: "trajectory_id", of: (record) => record.trajectoryId },
      schema: score,
      columns: (record) => ({
        resolved: record.resolved ? 1 : 0,
        reward: record.reward,
        hacked: record.hackFlags.length > 0 ? 1 : 0,
      }),
    });
    this.skillCards = new RecordTable({
      db,
      table: "skill_cards",
      key: { column: "id", of: (record) => record.id },
      schema: skillCard,
      columns: (record) => ({ round_id: record.roundId ?? null }),
    });
    this.taskSplits = new RecordTable({
      db,
      table: "task_splits",
      key: { column: "task_id", of: (record) => record.taskId },
      schema: taskSplit,
      columns: (record) => ({ split: record.split }),
    });
    this.curation = new RecordTable({
      db,
      table: "curation",
      key: { column: "trajectory_id", of: (record) => record.trajectoryId },
      schema: curationDecision,
      columns: (record) => ({ task_id: record.taskId, included: record.included ? 1 : 0, label: record.label, tier: record.tier }),
    });
    this.benchmarkResults = new RecordTable({
      db,
      table: "benchmark_results",
      key: { column: "id", of: (record) => record.id },
      schema: benchmarkResult,
      columns: (record) => ({ round_id: record.roundId ?? null, policy_label: record.policyLabel }),
    });
    this.reviews = new RecordTable({
      db,
      table: "reviews",
      key: { column: "trajectory_id", of: (record) => record.trajectoryId },
      schema: patchReview,
      columns: (record) => ({ task_id: record.taskId, verdict: record.verdict, decided: record.decision ? 1 : 0 }),
    });
  }

  /** Runs `work` in one transaction: all of its writes land, or none do. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** Stores a blob as an artifact file and records it; returns its reference. */
  putArtifact(content: string | Buffer) {
    const stored = this.artifacts.put(content);
    this.db
      .prepare("INSERT OR IGNORE INTO artifacts (ref, bytes, created_at) VALUES (?, ?, ?)")
      .run(stored.ref, stored.bytes, new Date().toISOString());
    return stored.ref;
  }

  /** Moves a file (a long log) into the artifacts and records it; returns its reference. */
  async putArtifactFile(path: string) {
    const stored = await this.artifacts.putFile(path);
    this.db
      .prepare("INSERT OR IGNORE INTO artifacts (ref, bytes, created_at) VALUES (?, ?, ?)")
      .run(stored.ref, stored.bytes, new Date().toISOString());
    return stored.ref;
  }

  /** Schema version, SQLite's integrity verdict and record counts. */
  health() {
    const integrity = this.db.pragma("quick_check", { simple: true }) as string;
    const count = (table: string) => this.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()!.n;
    return {
      schemaVersion: this.db.pragma("user_version", { simple: true }) as number,
      integrity,
      counts: Object.fromEntries(
        ["runs", "rounds", "repos", "tasks", "candidates", "trajectories", "steps", "scores", "skill_cards", "artifacts", "task_splits", "curation", "benchmark_results", "reviews"].map((table) => [
          table,
          count(table),
        ]),
      ),
    };
  }

  close() {
    this.db.close();
  }
}

/** Trajectories with their steps in a table of their own, so each step is saved as it happens. */
class TrajectoryTable {
  private readonly headers;
  private readonly insertStep;
  private readonly selectSteps;
  private readonly deleteSteps;

  constructor(private readonly db: Database.Database) {
    this.headers = new RecordTable({
      db,
      table: "trajectories",
      key: { column: "id", of: (record) => record.id },
      schema: trajectorySchema,
      columns: (record) => ({
        task_id: record.taskId,
        round_id: record.roundId ?? null,
        policy_kind: record.policy.kind,
        finished: record.outcome ? 1 : 0,
      }),
      stored: (record) => ({ ...record, steps: [] }),
    });
    this.insertStep = db.prepare(
      "INSERT INTO steps (trajectory_id, idx, data) VALUES (?, ?, ?) ON CONFLICT (trajectory_id, idx) DO UPDATE SET data = excluded.data",
    );
    this.selectSteps = db.prepare<[string], { data: string }>("SELECT data FROM steps WHERE trajectory_id = ? ORDER BY idx");
    this.deleteSteps = db.prepare("DELETE FROM steps WHERE trajectory_id = ?");
  }

  /** Starts a trajectory afresh: its header replaced and any steps of an earlier, killed attempt removed. */
  restart(header: Trajectory): Trajectory {
    return this.db.transaction(() => {
      this.deleteSteps.run(header.id);
      return this.headers.save({ ...header, steps: [] });
    })();
  }

  /** Saves the trajectory and all its steps. */
  save(record: Trajectory): Trajectory {
    return this.db.transaction(() => {
      const saved = this.headers.save(record);
      for (const step of saved.steps) this.insertStep.run(saved.id, step.index, JSON.stringify(step));
      return saved;
    })();
  }

  /** Saves one step and the trajectory's updated header (usage, outcome) together. */
  saveStep(header: Trajectory, step: Step) {
    this.db.transaction(() => {
      this.headers.save(header);
      const parsed = stepSchema.parse(step);
      this.insertStep.run(header.id, parsed.index, JSON.stringify(parsed));
    })();
  }

  get(id: string): Trajectory | undefined {
    const header = this.headers.get(id);
    return header && this.withSteps(header);
  }

  list(where: { task_id?: string; round_id?: string; policy_kind?: string; finished?: 0 | 1 } = {}): Trajectory[] {
    return this.headers.list(where).map((header) => this.withSteps(header));
  }

  count() {
    return this.headers.count();
  }

  private withSteps(header: Trajectory): Trajectory {
    const steps = this.selectSteps.all(header.id).map((row) => stepSchema.parse(JSON.parse(row.data)));
    return { ...header, steps };
  }
}

/** Opens (creating and migrating when needed) the run store in `dir`. */
export function openRunStore({ dir = DEFAULT_RUN_DIR, mustExist = false, busyTimeoutMs = 15_000, pageCacheMb = 64 }: OpenRunStoreOptions = {}): RunStore {
  const runDir = resolve(dir);
  ensureRunDir(runDir, mustExist);
  const file = join(runDir, DATABASE_FILE);
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: mustExist });
  } catch (error) {
    throw new RunDirError(runDir, (error as Error).message);
  }
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    // A page cache, not mmap, whose pages would count against the process's memory.
    db.pragma(`cache_size = -${Math.round(pageCacheMb * 1024)}`);
    migrate(db, file);
  } catch (error) {
    db.close();
    if (error instanceof UserError) throw error;
    if ((error as { code?: string }).code === "SQLITE_NOTADB" || (error as { code?: string }).code === "SQLITE_CORRUPT") {
      throw new StoreNotDatabaseError(file);
    }
    throw new RunDirError(runDir, (error as Error).message);
  }
  return new RunStore(runDir, db);
}

function ensureRunDir(dir: string, mustExist: boolean) {
  try {
    const stats = statSync(dir, { throwIfNoEntry: false });
    if (stats && !stats.isDirectory()) throw new RunDirError(dir, "it is a file, not a directory");
    if (!stats) {
      if (mustExist) throw new RunDirError(dir, "it does not exist");
      mkdirSync(dir, { recursive: true });
    }
  } catch (error) {
    if (error instanceof RunDirError) throw error;
    throw new RunDirError(dir, (error as Error).message);
  }
}

function migrate(db: Database.Database, file: string) {
  // Taking the write lock first means two processes opening a new store cannot both migrate it.
  db.transaction(() => {
    const current = db.pragma("user_version", { simple: true }) as number;
    if (current > SCHEMA_VERSION) throw new StoreVersionError(file, current, SCHEMA_VERSION);
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
}
