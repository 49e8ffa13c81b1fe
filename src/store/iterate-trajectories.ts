import type { Database } from "better-sqlite3";
import type { CurationDecision, Score, Step, Trajectory } from "../schema/records.js";
import { UserError } from "../user-error.js";

/** A store, or just its connection: anything with the `db` the records live in. */
export type TrajectorySource = { store: { db: Database } } | { db: Database };

export interface IterateTrajectoriesOptions {
  /** Only trajectories with an outcome. */
  finishedOnly?: boolean;
  /** Trajectories read (with their steps) per query: the bound on what is held at once. */
  batchSize?: number;
}

/** A stored trajectory with its score and curation decision, when it has them. */
export interface StoredTrajectory {
  trajectory: Trajectory;
  score: Score | undefined;
  decision: CurationDecision | undefined;
}

export interface IterateStoredTrajectoriesOptions extends IterateTrajectoriesOptions {
  /** Only trajectories that curation included. */
  includedOnly?: boolean;
}

const DEFAULT_BATCH_SIZE = 256;

/**
 * Every trajectory in the store, whole (header and steps), ordered by task then id, so one task's
 * samples arrive together. Rows are read in batches by keyset pagination and each batch is read
 * to the end before it is yielded: no statement stays open between items, so the caller may write
 * to the same connection (better-sqlite3 refuses writes while an iterator is open), and memory
 * holds one batch whatever the run's size.
 */
export function* iterateTrajectories(options: TrajectorySource & IterateTrajectoriesOptions): Generator<Trajectory> {
  for (const row of readBatches({ ...options, joined: false })) yield parseStoredTrajectory(row).trajectory;
}

/** Like iterateTrajectories, each trajectory with its score and curation decision (one joined query). */
export function* iterateStoredTrajectories(options: TrajectorySource & IterateStoredTrajectoriesOptions): Generator<StoredTrajectory> {
  for (const row of readBatches({ ...options, joined: true })) yield parseStoredTrajectory(row);
}

/** A stored trajectory as its stored JSON texts, not yet parsed: cheap to hold and to hand to a worker thread. */
export interface StoredTrajectoryText {
  id: string;
  taskId: string;
  /** The trajectory's header (everything but its steps). */
  data: string;
  /** Its steps, in order. */
  steps: string[];
  score: string | null;
  decision: string | null;
}

/** Like iterateStoredTrajectories, each trajectory as its stored texts (see parseStoredTrajectory). */
export function* iterateStoredTrajectoryTexts(options: TrajectorySource & IterateStoredTrajectoriesOptions): Generator<StoredTrajectoryText> {
  yield* readBatches({ ...options, joined: true });
}

/**
 * The records of a stored trajectory. They were validated by zod when written; parsing a million
 * steps through zod again would dominate the run, so reads are JSON.parse alone.
 */
export function parseStoredTrajectory(stored: StoredTrajectoryText): StoredTrajectory {
  try {
    const header = JSON.parse(stored.data) as Trajectory;
    return {
      trajectory: { ...header, steps: stored.steps.map((text) => JSON.parse(text) as Step) },
      score: stored.score === null ? undefined : (JSON.parse(stored.score) as Score),
      decision: stored.decision === null ? undefined : (JSON.parse(stored.decision) as CurationDecision),
    };
  } catch (error) {
    throw damagedRecord(stored, error);
  }
}

/** Which record of a trajectory failed to parse, as an error the user can act on. */
function damagedRecord(stored: StoredTrajectoryText, error: unknown): Error {
  const records = [
    ["its header", stored.data],
    ...stored.steps.map((text, index) => [`step ${index}`, text] as const),
    ["its score", stored.score],
    ["its curation decision", stored.decision],
  ] as const;
  const [what] = records.find(([, text]) => text !== null && !parses(text)) ?? ["a record"];
  return new UserError(
    `the run store has a damaged record: ${what} of trajectory ${stored.id} is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    "kaizen writes every record as JSON, so kaizen.db was changed or damaged outside it: restore it from a backup, or delete that trajectory and roll it out again",
  );
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

interface HeaderRow {
  id: string;
  task_id: string;
  data: string;
  score: string | null;
  decision: string | null;
}

function* readBatches(options: TrajectorySource & IterateStoredTrajectoriesOptions & { joined: boolean }): Generator<StoredTrajectoryText> {
  const db = "db" in options ? options.db : options.store.db;
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const filters = [
    "(t.task_id, t.id) > (@taskId, @id)",
    ...(options.finishedOnly ? ["t.finished = 1"] : []),
    ...(options.includedOnly ? ["c.included = 1"] : []),
  ];
  const joined = options.joined || options.includedOnly;
  // The index on task_id serves the keyset; SQLite sorts only the ids within each task.
  const headers = db.prepare<{ taskId: string; id: string; limit: number }, HeaderRow>(
    joined
      ? `SELECT t.id, t.task_id, t.data, s.data AS score, c.data AS decision FROM trajectories t
         LEFT JOIN scores s ON s.trajectory_id = t.id LEFT JOIN curation c ON c.trajectory_id = t.id
         WHERE ${filters.join(" AND ")} ORDER BY t.task_id, t.id LIMIT @limit`
      : `SELECT t.id, t.task_id, t.data, NULL AS score, NULL AS decision FROM trajectories t
         WHERE ${filters.join(" AND ")} ORDER BY t.task_id, t.id LIMIT @limit`,
  );
  const steps = db.prepare<[string], { trajectory_id: string; data: string }>(
    "SELECT trajectory_id, data FROM steps WHERE trajectory_id IN (SELECT value FROM json_each(?)) ORDER BY trajectory_id, idx",
  );
  let cursor = { taskId: "", id: "" };
  for (;;) {
    const rows = headers.all({ ...cursor, limit: batchSize });
    if (rows.length === 0) return;
    // The batch is held as the stored JSON text and each trajectory parsed only when it is used:
    // text is several times smaller than the objects, and objects that die young cost the
    // garbage collector little, which keeps the process's memory flat over a long run.
    const stepTexts = new Map<string, string[]>();
    for (const row of steps.all(JSON.stringify(rows.map((header) => header.id)))) {
      let list = stepTexts.get(row.trajectory_id);
      if (!list) stepTexts.set(row.trajectory_id, (list = []));
      list.push(row.data);
    }
    for (const row of rows) {
      const texts = stepTexts.get(row.id) ?? [];
      stepTexts.delete(row.id);
      yield { id: row.id, taskId: row.task_id, data: row.data, steps: texts, score: row.score, decision: row.decision };
    }
    const last = rows[rows.length - 1]!;
    cursor = { taskId: last.task_id, id: last.id };
    if (rows.length < batchSize) return;
  }
}
