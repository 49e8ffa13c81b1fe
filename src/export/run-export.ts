import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { highestTier } from "../provenance/tier-of-source.js";
import type { ProvenanceTier, Task, TaskSplit } from "../schema/records.js";
import { iterateStoredTrajectories } from "../store/iterate-trajectories.js";
import type { RunStore } from "../store/run-store.js";
import { type CuratedExample, type ExportFormat, type FormatContext, type FormatOutput, isSkipped, type Split, type TaskGroup } from "./export-format.js";
import { JsonlWriter } from "./jsonl-writer.js";
import { ParquetRowWriter } from "./parquet/parquet-row-writer.js";

/** A task's own tier under the provenance policy, and the rules behind it. */
export type TaskTier = (task: Task) => { tier: ProvenanceTier; rules: string[] };

export interface RunExportOptions {
  store: RunStore;
  format: ExportFormat;
  /** The files go straight into this directory. */
  outDir: string;
  context: FormatContext;
  taskTier: TaskTier;
  /** What an opaque or gray task does in the per-task formats (trajectories were decided by curation). */
  tierAction: { opaque: "exclude" | "mask"; gray: "keep" | "mask" | "exclude" };
  onProgress?: (inputs: number) => void;
}

export interface ExportedFile {
  split: Split;
  path: string;
  rows: number;
  bytes: number;
}

/** What one export wrote and left out: the numbers its dataset card reports. */
export interface ExportSummary {
  format: string;
  outDir: string;
  files: ExportedFile[];
  /** Units read: trajectories, task groups or tasks, by the format's input. */
  inputs: number;
  rows: Record<Split, number>;
  kinds: Record<string, number>;
  /** Inputs that made no row, by reason (the format's filters and the policy). */
  skipped: Record<string, number>;
  /** Rows by the highest provenance tier of what they were made from. */
  tiers: Record<ProvenanceTier, number>;
  /** Rows by source repository, with the licences seen. */
  repos: Record<string, { rows: number; licenses: string[] }>;
  bytes: number;
  seconds: number;
}

/** Why a private-benchmark task (or a trajectory of one) made no row: it never enters a training export. */
const PRIVATE_BENCHMARK = "private-benchmark: held out of every export";

/** File names trainers look for: `test` is the held-out eval split (verl, TRL scripts and `datasets` default to it). */
export const SPLIT_FILE: Record<Split, string> = { train: "train", eval: "test" };

/**
 * Streams the run's curated data through one format into `outDir`: trajectories in task order
 * (one task's group at a time), or tasks, never the whole run in memory.
 */
export async function runExport(options: RunExportOptions): Promise<ExportSummary> {
  const { store, format, outDir, context } = options;
  const started = performance.now();
  mkdirSync(outDir, { recursive: true });
  const summary: ExportSummary = {
    format: format.name,
    outDir,
    files: [],
    inputs: 0,
    rows: { train: 0, eval: 0 },
    kinds: {},
    skipped: {},
    tiers: { transparent: 0, gray: 0, opaque: 0 },
    repos: {},
    bytes: 0,
    seconds: 0,
  };
  const writers = new Map<Split, JsonlWriter | ParquetRowWriter>();
  const writerFor = (split: Split) => {
    let writer = writers.get(split);
    if (!writer) {
      const path = join(outDir, `${SPLIT_FILE[split]}.${format.output}`);
      writer = format.output === "parquet" ? new ParquetRowWriter({ file: path, schema: format.parquetSchema! }) : new JsonlWriter(path);
      writers.set(split, writer);
    }
    return writer;
  };
  const record = async (outputs: FormatOutput[], origin: { tier: ProvenanceTier; repo: string; licenses: string[] }) => {
    for (const output of outputs) {
      if (isSkipped(output)) {
        summary.skipped[output.skipped] = (summary.skipped[output.skipped] ?? 0) + 1;
        continue;
      }
      await writerFor(output.split).write(output.value);
      summary.rows[output.split]++;
      summary.kinds[output.kind] = (summary.kinds[output.kind] ?? 0) + 1;
      summary.tiers[origin.tier]++;
      const repo = (summary.repos[origin.repo] ??= { rows: 0, licenses: [] });
      repo.rows++;
      for (const license of origin.licenses) if (!repo.licenses.includes(license)) repo.licenses.push(license);
    }
  };
  const progress = () => {
    // Counted outside the optional call, whose arguments are not evaluated without a listener.
    summary.inputs++;
    options.onProgress?.(summary.inputs);
  };

  if (format.input === "tasks") {
    for (const { task, split } of tasksWithSplits(store)) {
      progress();
      if (split === undefined || split === "benchmark") {
        await record([{ skipped: split ? PRIVATE_BENCHMARK : "no split yet: run kaizen curate" }], origin(task, "transparent"));
        continue;
      }
      const refusal = taskRefusal(options, task);
      if (refusal) {
        await record([{ skipped: refusal }], origin(task, "transparent"));
        continue;
      }
      await record(await format.rows({ task, split }, context), origin(task, options.taskTier(task).tier));
    }
  } else {
    for (const group of curatedGroups(store)) {
      if (format.input === "task-groups") {
        progress();
        const tier = highestTier(group.examples.map((example) => example.decision.tier));
        await record(await format.rows(group, context), origin(group.task, tier, group.examples.flatMap((example) => example.decision.sourceSummary.licenses)));
      } else {
        for (const example of group.examples) {
          progress();
          await record(await format.rows(example, context), origin(example.task, example.decision.tier, example.decision.sourceSummary.licenses));
        }
      }
    }
  }
  for (const [split, writer] of writers) {
    await writer.close();
    summary.files.push({ split, path: writer.file, rows: writer.rows, bytes: writer.bytes });
    summary.bytes += writer.bytes;
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/** Every task with its side of the split (undefined before curation assigns one), in the order they were stored. */
function* tasksWithSplits(store: RunStore): Generator<{ task: Task; split: TaskSplit["split"] | undefined }> {
  const rows = store.db.prepare<[], { data: string; split: TaskSplit["split"] | null }>("SELECT t.data, s.split FROM tasks t LEFT JOIN task_splits s ON s.task_id = t.id ORDER BY t.rowid");
  // Validated when written; JSON.parse alone. The statement stays open between tasks, which only
  // forbids writes to the store meanwhile, and no format writes to it.
  for (const row of rows.iterate()) yield { task: JSON.parse(row.data) as Task, split: row.split ?? undefined };
}

/**
 * One task's included, curated and judged trajectories at a time, in task order. Tasks on the
 * private benchmark's side never come out, whatever an older curation decided.
 */
export function* curatedGroups(store: RunStore): Generator<TaskGroup> {
  const benchmark = new Set(store.db.prepare<[], { task_id: string }>("SELECT task_id FROM task_splits WHERE split = 'benchmark'").all().map((row) => row.task_id));
  // Validated when written; JSON.parse alone, as for the trajectories.
  const selectTask = store.db.prepare<[string], { data: string }>("SELECT data FROM tasks WHERE id = ?");
  const readTask = (id: string) => {
    const row = benchmark.has(id) ? undefined : selectTask.get(id);
    return row && (JSON.parse(row.data) as Task);
  };
  let current: TaskGroup | undefined;
  let currentTaskId: string | undefined;
  for (const { trajectory, score, decision } of iterateStoredTrajectories({ store, finishedOnly: true, includedOnly: true })) {
    if (!score || !decision) continue;
    if (currentTaskId !== trajectory.taskId) {
      if (current) yield current;
      currentTaskId = trajectory.taskId;
      const task = readTask(trajectory.taskId);
      current = task && { task, split: decision.split, examples: [] };
    }
    current?.examples.push({ task: current.task, trajectory, score, decision } satisfies CuratedExample);
  }
  if (current) yield current;
}

function taskRefusal(options: RunExportOptions, task: Task): string | undefined {
  const { tier, rules } = options.taskTier(task);
  if (tier === "opaque") return `opaque-source: ${rules.join(", ") || "policy"}`;
  if (tier === "gray" && options.tierAction.gray === "exclude") return `gray-source: ${rules.join(", ") || "policy"}`;
  return undefined;
}

function origin(task: Task, tier: ProvenanceTier, licenses: string[] = taskLicenses(task)) {
  return { tier, repo: task.repo, licenses: [...new Set(licenses)] };
}

function taskLicenses(task: Task): string[] {
  return task.provenance.sources.flatMap((source) => ("license" in source && source.license ? [source.license] : []));
}
