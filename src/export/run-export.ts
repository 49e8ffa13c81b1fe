import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { setImmediate as yieldToEvents } from "node:timers/promises";
import type { ProvenanceTier, Task, TaskSplit } from "../schema/records.js";
import { iterateStoredTrajectoryTexts, type StoredTrajectoryText } from "../store/iterate-trajectories.js";
import type { RunStore } from "../store/run-store.js";
import type { ExportFormat, FormatContext, Split } from "./export-format.js";
import { ExportWorkers } from "./export-workers.js";
import { addTally, BatchBuilder, emptyTally, type ExportTally, type FormattedBatch, formatGroups, type GroupText, rowOrigin } from "./format-batch.js";
import type { FormatSettings } from "./format-context.js";
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
  /**
   * Threads that format a trajectory format's batches beside this one. Each rebuilds the format's
   * context from these settings and the run directory, as `formatContext` does; the files are the
   * same byte for byte as without them.
   */
  workers?: { count: number; settings: FormatSettings; runDir: string };
  onProgress?: (inputs: number) => void;
}

export interface ExportedFile {
  split: Split;
  path: string;
  rows: number;
  bytes: number;
}

/** What one export wrote and left out: the numbers its dataset card reports. */
export interface ExportSummary extends ExportTally {
  format: string;
  outDir: string;
  files: ExportedFile[];
  bytes: number;
  seconds: number;
}

/** Why a private-benchmark task (or a trajectory of one) made no row: it never enters a training export. */
const PRIVATE_BENCHMARK = "private-benchmark: held out of every export";

/** File names trainers look for: `test` is the held-out eval split (verl, TRL scripts and `datasets` default to it). */
export const SPLIT_FILE: Record<Split, string> = { train: "train", eval: "test" };

/** Trajectories per batch: enough to keep a thread busy between messages, little to hold. */
const BATCH_TRAJECTORIES = 128;
/** Tasks per batch of a task format. */
const BATCH_TASKS = 256;
/** Batches each worker thread may hold at once: one being formatted, one waiting. */
const BATCHES_PER_WORKER = 2;

/**
 * Streams the run's curated data through one format into `outDir`: trajectories in task order,
 * a batch of whole task groups at a time, or tasks; never the whole run in memory. With workers,
 * batches are formatted in parallel and written in order.
 */
export async function runExport(options: RunExportOptions): Promise<ExportSummary> {
  const { store, format, outDir, context } = options;
  const started = performance.now();
  mkdirSync(outDir, { recursive: true });
  const summary: ExportSummary = { format: format.name, outDir, files: [], ...emptyTally(), bytes: 0, seconds: 0 };
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
  const write = async (batch: FormattedBatch) => {
    for (const split of ["train", "eval"] as const) {
      const lines = batch.lines[split];
      if (lines) await (writerFor(split) as JsonlWriter).writeLines(lines, batch.tally.rows[split]);
      for (const value of batch.values[split] ?? []) await (writerFor(split) as ParquetRowWriter).write(value);
    }
    addTally(summary, batch.tally);
    if (batch.tally.inputs > 0) options.onProgress?.(summary.inputs);
  };

  if (format.input === "tasks") {
    let builder = new BatchBuilder(format.output);
    for (const { task, split } of tasksWithSplits(store)) {
      builder.input();
      if (split === undefined || split === "benchmark") {
        builder.add([{ skipped: split ? PRIVATE_BENCHMARK : "no split yet: run kaizen curate" }], rowOrigin(task, "transparent"));
      } else {
        const refusal = taskRefusal(options, task);
        if (refusal) builder.add([{ skipped: refusal }], rowOrigin(task, "transparent"));
        else builder.add(await format.rows({ task, split }, context), rowOrigin(task, options.taskTier(task).tier));
      }
      if (builder.tally.inputs < BATCH_TASKS) continue;
      await write(builder.finish());
      builder = new BatchBuilder(format.output);
    }
    await write(builder.finish());
  } else if (options.workers && options.workers.count > 0) {
    const workers = new ExportWorkers({ count: options.workers.count, format: format.name, settings: options.workers.settings, runDir: options.workers.runDir });
    try {
      const batches = inOrder({
        items: groupBatches(store),
        run: (groups) => workers.run(groups),
        runHere: (groups) => formatGroups(format, groups, context),
        ahead: options.workers.count * BATCHES_PER_WORKER,
      });
      for await (const batch of batches) await write(batch);
    } finally {
      await workers.close();
    }
  } else {
    for (const groups of groupBatches(store)) await write(await formatGroups(format, groups, context));
  }
  for (const [split, writer] of writers) {
    await writer.close();
    summary.files.push({ split, path: writer.file, rows: writer.rows, bytes: writer.bytes });
    summary.bytes += writer.bytes;
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/**
 * Each item through `run` (another thread), at most `ahead` at once, the results in the items'
 * order. While the oldest result is not back, this thread takes the next item itself with
 * `runHere` instead of waiting idle: it reads and writes too, so it formats only what the other
 * threads leave it. A failure is thrown when its turn comes; the export stops at the first.
 */
async function* inOrder<T, R>(options: {
  items: Iterable<T>;
  run: (item: T) => Promise<R>;
  runHere: (item: T) => Promise<R>;
  ahead: number;
}): AsyncGenerator<R> {
  const { run, runHere, ahead } = options;
  const pending: { result: Promise<R>; here: boolean; ready: boolean }[] = [];
  const track = (result: Promise<R>, here: boolean) => {
    const entry = { result, here, ready: false };
    result.then(
      () => (entry.ready = true),
      () => (entry.ready = true),
    );
    pending.push(entry);
  };
  const items = options.items[Symbol.iterator]();
  let next = items.next();
  // Results held at most: what the threads hold, and as many formatted here.
  const most = ahead * 2;
  const sent = () => pending.filter((entry) => !entry.here && !entry.ready).length;
  while (!next.done || pending.length > 0) {
    while (!next.done && sent() < ahead && pending.length < most) {
      track(run(next.value), false);
      next = items.next();
    }
    if (!next.done && !pending[0]!.ready && pending.length < most) {
      const result = runHere(next.value);
      next = items.next();
      track(result, true);
      await result.catch(() => undefined);
      // Let the threads' replies in before deciding again.
      await yieldToEvents();
      continue;
    }
    yield await pending.shift()!.result;
  }
}

/** Every task with its side of the split (undefined before curation assigns one), in the order they were stored. */
function* tasksWithSplits(store: RunStore): Generator<{ task: Task; split: TaskSplit["split"] | undefined }> {
  const rows = store.db.prepare<[], { data: string; split: TaskSplit["split"] | null }>("SELECT t.data, s.split FROM tasks t LEFT JOIN task_splits s ON s.task_id = t.id ORDER BY t.rowid");
  // Validated when written; JSON.parse alone. The statement stays open between tasks, which only
  // forbids writes to the store meanwhile, and no format writes to it.
  for (const row of rows.iterate()) yield { task: JSON.parse(row.data) as Task, split: row.split ?? undefined };
}

/** Whole task groups, as stored text, about BATCH_TRAJECTORIES trajectories at a time. */
function* groupBatches(store: RunStore): Generator<GroupText[]> {
  let batch: GroupText[] = [];
  let trajectories = 0;
  for (const group of groupTexts(store)) {
    batch.push(group);
    trajectories += group.examples.length;
    if (trajectories < BATCH_TRAJECTORIES) continue;
    yield batch;
    batch = [];
    trajectories = 0;
  }
  if (batch.length > 0) yield batch;
}

/**
 * One task's included, curated and judged trajectories at a time, in task order, as stored text.
 * Tasks on the private benchmark's side never come out, whatever an older curation decided.
 */
function* groupTexts(store: RunStore): Generator<GroupText> {
  const benchmark = new Set(store.db.prepare<[], { task_id: string }>("SELECT task_id FROM task_splits WHERE split = 'benchmark'").all().map((row) => row.task_id));
  const selectTask = store.db.prepare<[string], { data: string }>("SELECT data FROM tasks WHERE id = ?");
  let current: GroupText | undefined;
  let currentTaskId: string | undefined;
  for (const stored of iterateStoredTrajectoryTexts({ store, finishedOnly: true, includedOnly: true })) {
    if (stored.score === null || stored.decision === null) continue;
    if (currentTaskId !== stored.taskId) {
      if (current) yield current;
      currentTaskId = stored.taskId;
      const task = benchmark.has(stored.taskId) ? undefined : selectTask.get(stored.taskId)?.data;
      current = task === undefined ? undefined : { task, examples: [] };
    }
    current?.examples.push(stored satisfies StoredTrajectoryText);
  }
  if (current) yield current;
}

function taskRefusal(options: RunExportOptions, task: Task): string | undefined {
  const { tier, rules } = options.taskTier(task);
  if (tier === "opaque") return `opaque-source: ${rules.join(", ") || "policy"}`;
  if (tier === "gray" && options.tierAction.gray === "exclude") return `gray-source: ${rules.join(", ") || "policy"}`;
  return undefined;
}
