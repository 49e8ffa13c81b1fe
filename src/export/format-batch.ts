import { highestTier } from "../provenance/tier-of-source.js";
import type { ProvenanceTier, Task } from "../schema/records.js";
import { parseStoredTrajectory, type StoredTrajectoryText } from "../store/iterate-trajectories.js";
import { type ExportFormat, type FormatContext, type FormatOutput, isSkipped, type Split, type TaskGroup } from "./export-format.js";
import { rowJson } from "./shared-json.js";

/** One task's included, judged trajectories as stored text: the unit a batch of a trajectory export holds. */
export interface GroupText {
  /** The task's stored JSON. */
  task: string;
  examples: StoredTrajectoryText[];
}

/** What a format made of some inputs, counted the way the dataset card reports it. */
export interface ExportTally {
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
}

/** Where a unit's rows came from: its highest tier, its repository and the licences of its sources. */
export interface RowOrigin {
  tier: ProvenanceTier;
  repo: string;
  licenses: string[];
}

/** A batch's rows, ready for the files, and its tally. */
export interface FormattedBatch {
  tally: ExportTally;
  /** JSONL formats: each split's lines, encoded as UTF-8. */
  lines: Partial<Record<Split, Uint8Array>>;
  /** Parquet formats: each split's row objects. */
  values: Partial<Record<Split, Record<string, unknown>[]>>;
}

export function emptyTally(): ExportTally {
  return { inputs: 0, rows: { train: 0, eval: 0 }, kinds: {}, skipped: {}, tiers: { transparent: 0, gray: 0, opaque: 0 }, repos: {} };
}

/** Adds `part` into `into`; licences keep the order they were first seen in. */
export function addTally(into: ExportTally, part: ExportTally): void {
  into.inputs += part.inputs;
  for (const split of ["train", "eval"] as const) into.rows[split] += part.rows[split];
  for (const [kind, n] of Object.entries(part.kinds)) into.kinds[kind] = (into.kinds[kind] ?? 0) + n;
  for (const [reason, n] of Object.entries(part.skipped)) into.skipped[reason] = (into.skipped[reason] ?? 0) + n;
  for (const tier of ["transparent", "gray", "opaque"] as const) into.tiers[tier] += part.tiers[tier];
  for (const [name, repo] of Object.entries(part.repos)) {
    const total = (into.repos[name] ??= { rows: 0, licenses: [] });
    total.rows += repo.rows;
    for (const license of repo.licenses) if (!total.licenses.includes(license)) total.licenses.push(license);
  }
}

/**
 * Collects a format's outputs for some inputs: the rows as JSON lines (or objects, for Parquet)
 * per split, and the tally. The same builder serves the export's own thread and its workers, so
 * the files are the same byte for byte however many threads made them.
 */
export class BatchBuilder {
  readonly tally = emptyTally();
  private readonly lines: Partial<Record<Split, LineBuffer>> = {};
  private readonly values: Record<Split, Record<string, unknown>[]> = { train: [], eval: [] };

  constructor(private readonly output: ExportFormat["output"]) {}

  /** Counts one unit read. */
  input(): void {
    this.tally.inputs++;
  }

  add(outputs: FormatOutput[], origin: RowOrigin): void {
    const { tally } = this;
    for (const output of outputs) {
      if (isSkipped(output)) {
        tally.skipped[output.skipped] = (tally.skipped[output.skipped] ?? 0) + 1;
        continue;
      }
      if (this.output === "parquet") this.values[output.split].push(output.value);
      else (this.lines[output.split] ??= new LineBuffer()).push(rowJson(output.value));
      tally.rows[output.split]++;
      tally.kinds[output.kind] = (tally.kinds[output.kind] ?? 0) + 1;
      tally.tiers[origin.tier]++;
      const repo = (tally.repos[origin.repo] ??= { rows: 0, licenses: [] });
      repo.rows++;
      for (const license of origin.licenses) if (!repo.licenses.includes(license)) repo.licenses.push(license);
    }
  }

  finish(): FormattedBatch {
    const batch: FormattedBatch = { tally: this.tally, lines: {}, values: {} };
    for (const split of ["train", "eval"] as const) {
      const lines = this.lines[split]?.bytes();
      if (lines) batch.lines[split] = lines;
      if (this.values[split].length > 0) batch.values[split] = this.values[split];
    }
    return batch;
  }
}

/**
 * Lines encoded as UTF-8 straight into one growing buffer: no joined string copied again. The
 * buffer is the line's own (never Node's shared pool), so a worker thread can transfer it.
 */
class LineBuffer {
  private buffer = Buffer.allocUnsafeSlow(64 << 10);
  private used = 0;

  push(line: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit; only a line that might not fit is measured.
    if (line.length * 3 + 1 > this.buffer.length - this.used) {
      const needed = this.used + Buffer.byteLength(line) + 1;
      if (needed > this.buffer.length) {
        const grown = Buffer.allocUnsafeSlow(Math.max(needed, this.buffer.length * 2));
        this.buffer.copy(grown, 0, 0, this.used);
        this.buffer = grown;
      }
    }
    this.used += this.buffer.write(line, this.used);
    this.buffer[this.used++] = 0x0a;
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.used);
  }
}

/** A trajectory format's rows for some task groups (`examples` formats read each trajectory of each group). */
export async function formatGroups(format: ExportFormat, groups: readonly GroupText[], context: FormatContext): Promise<FormattedBatch> {
  const builder = new BatchBuilder(format.output);
  for (const text of groups) {
    const group = parseGroup(text);
    if (format.input === "task-groups") {
      builder.input();
      const tier = highestTier(group.examples.map((example) => example.decision.tier));
      builder.add(await format.rows(group, context), rowOrigin(group.task, tier, group.examples.flatMap((example) => example.decision.sourceSummary.licenses)));
    } else if (format.input === "examples") {
      for (const example of group.examples) {
        builder.input();
        builder.add(await format.rows(example, context), rowOrigin(example.task, example.decision.tier, example.decision.sourceSummary.licenses));
      }
    } else {
      throw new Error(`format ${format.name} reads tasks, not trajectories`);
    }
  }
  return builder.finish();
}

/** A group's records; its split is its trajectories' (curation keeps a task's samples on one side). */
function parseGroup(text: GroupText): TaskGroup {
  const task = JSON.parse(text.task) as Task;
  const examples = text.examples.map((stored) => {
    const { trajectory, score, decision } = parseStoredTrajectory(stored);
    // The reader only groups trajectories with both.
    return { task, trajectory, score: score!, decision: decision! };
  });
  return { task, split: examples[0]!.decision.split, examples };
}

export function rowOrigin(task: Task, tier: ProvenanceTier, licenses: string[] = taskLicenses(task)): RowOrigin {
  return { tier, repo: task.repo, licenses: [...new Set(licenses)] };
}

function taskLicenses(task: Task): string[] {
  return task.provenance.sources.flatMap((source) => ("license" in source && source.license ? [source.license] : []));
}
