import type { SchemaElement } from "hyparquet";
import type { ToolDefinition } from "../models/chat-client.js";
import type { CurationDecision, Score, Task, Trajectory } from "../schema/records.js";

export type Split = "train" | "eval";

/** One curated, included trajectory with its task, its score and what curation decided. */
export interface CuratedExample {
  task: Task;
  trajectory: Trajectory;
  score: Score;
  decision: CurationDecision;
}

/** Every included trajectory of one task (its samples, temperatures and policies), for pairing and groups. */
export interface TaskGroup {
  task: Task;
  split: Split;
  examples: CuratedExample[];
}

/** A task that may be exported on its own (SWE-bench, GRPO and verl prompts, LintSeq). */
export interface SplitTask {
  task: Task;
  split: Split;
}

/** A row for the split's file; `kind` is what the dataset card counts it as (e.g. `pair:navigation`). */
export interface ExportRow {
  split: Split;
  kind: string;
  value: Record<string, unknown>;
}

/** An input that made no row in this format, and why; the card counts these by reason. */
export interface SkippedInput {
  skipped: string;
}

export type FormatOutput = ExportRow | SkippedInput;

export interface FormatContext {
  /** Every tool the harness offers, as OpenAI-format definitions; rows list the ones their trajectory had. */
  tools: readonly ToolDefinition[];
  /** `--capability` for the Harmony formatters. */
  capability?: string;
  /** `--group-filter`: which dynamic-sampling rule keeps GRPO groups. */
  groupFilter: "dapo" | "openrlhf" | "none";
  /** Reads a file of a repository at a commit (from the run's bare mirror); undefined when absent. */
  readRepoFile: (options: { repo: string; commit: string; path: string }) => Promise<string | undefined>;
  /** Seeds every random choice a format makes (LintSeq deletions), so exports are reproducible. */
  seed: number;
}

interface FormatBase {
  /** The `--format` name, e.g. `trl-sft`. */
  name: string;
  /** One line for `--help` and the dataset card. */
  summary: string;
  /** How a trainer loads the files, for the dataset card (a code snippet or a sentence). */
  loading: string;
  output: "jsonl" | "parquet";
  /** The Parquet schema (root first, as hyparquet-writer takes it), for parquet formats. */
  parquetSchema?: SchemaElement[];
}

/** A dataset format: which unit it reads and the rows it makes from each. */
export type ExportFormat = FormatBase &
  (
    | { input: "examples"; rows(example: CuratedExample, context: FormatContext): FormatOutput[] | Promise<FormatOutput[]> }
    | { input: "task-groups"; rows(group: TaskGroup, context: FormatContext): FormatOutput[] | Promise<FormatOutput[]> }
    | { input: "tasks"; rows(task: SplitTask, context: FormatContext): FormatOutput[] | Promise<FormatOutput[]> }
  );

export function isSkipped(output: FormatOutput): output is SkippedInput {
  return "skipped" in output;
}
