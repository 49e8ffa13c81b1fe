/**
 * The run store's schema, one migration per version, applied in order inside a transaction and
 * recorded in SQLite's `user_version`. Never edit a migration that has shipped; add the next one.
 *
 * Records are stored whole as JSON (validated by the schema module on every read and write);
 * the columns beside them exist for lookups and relations.
 */
export const MIGRATIONS: readonly { version: number; description: string; sql: string }[] = [
  {
    version: 1,
    description: "records, relations and artifacts",
    sql: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE TABLE rounds (
        id TEXT PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs(id),
        idx INTEGER NOT NULL,
        status TEXT NOT NULL,
        data TEXT NOT NULL,
        UNIQUE (run_id, idx)
      );
      CREATE TABLE repos (
        name TEXT PRIMARY KEY,
        data TEXT NOT NULL
      );
      CREATE TABLE tasks (
        id TEXT PRIMARY KEY,
        repo TEXT NOT NULL,
        origin TEXT NOT NULL,
        created_at TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX tasks_by_repo ON tasks (repo, origin);
      CREATE TABLE trajectories (
        id TEXT PRIMARY KEY,
        task_id TEXT NOT NULL,
        round_id TEXT,
        policy_kind TEXT NOT NULL,
        finished INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX trajectories_by_task ON trajectories (task_id);
      CREATE TABLE steps (
        trajectory_id TEXT NOT NULL REFERENCES trajectories(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (trajectory_id, idx)
      );
      CREATE TABLE scores (
        trajectory_id TEXT PRIMARY KEY REFERENCES trajectories(id) ON DELETE CASCADE,
        resolved INTEGER NOT NULL,
        reward REAL NOT NULL,
        hacked INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE TABLE skill_cards (
        id TEXT PRIMARY KEY,
        round_id TEXT,
        data TEXT NOT NULL
      );
      CREATE TABLE artifacts (
        ref TEXT PRIMARY KEY,
        bytes INTEGER NOT NULL,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: "mining decisions per commit",
    sql: `
      CREATE TABLE candidates (
        id TEXT PRIMARY KEY,
        repo TEXT NOT NULL,
        decision TEXT NOT NULL,
        reason TEXT,
        data TEXT NOT NULL
      );
      CREATE INDEX candidates_by_repo ON candidates (repo, decision, reason);
    `,
  },
  {
    version: 3,
    description: "curation decisions per trajectory and the train/eval split per task",
    sql: `
      CREATE TABLE task_splits (
        task_id TEXT PRIMARY KEY,
        split TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE TABLE curation (
        trajectory_id TEXT PRIMARY KEY REFERENCES trajectories(id) ON DELETE CASCADE,
        task_id TEXT NOT NULL,
        included INTEGER NOT NULL,
        label TEXT NOT NULL,
        tier TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX curation_by_task ON curation (task_id);
    `,
  },
  {
    version: 4,
    description: "private benchmark results per round and the review queue",
    sql: `
      CREATE TABLE benchmark_results (
        id TEXT PRIMARY KEY,
        round_id TEXT,
        policy_label TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE TABLE reviews (
        trajectory_id TEXT PRIMARY KEY REFERENCES trajectories(id) ON DELETE CASCADE,
        task_id TEXT NOT NULL,
        verdict TEXT NOT NULL,
        decided INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX reviews_by_verdict ON reviews (verdict, decided);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
