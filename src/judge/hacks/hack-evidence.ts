import type { HackFlag, Task, Trajectory } from "../../schema/records.js";

/** The hacks the detectors look for; a flag's `detector` is one of these. */
export const HACK_KINDS = [
  "test-edit",
  "skip-marker",
  "special-casing",
  "hard-coded-expected",
  "equality-override",
  "framework-monkeypatch",
  "history-read",
  "dependency-tamper",
] as const;

export type HackKind = (typeof HACK_KINDS)[number];

/** What the detectors judge one trajectory by. */
export interface HackEvidence {
  task: Task;
  /** The agent's final patch against the base commit. */
  patch: string;
  trajectory?: Trajectory;
  /** Content at the base commit of every file the patch touches (absent key: the file is new). */
  baseFiles: Record<string, string>;
  /** The FAIL_TO_PASS tests' files as the judge runs them (base + the task's test patch), by path. */
  testSources: Record<string, string>;
}

/** A flag of one kind, with file and line only when known. */
export function hackFlag(detector: HackKind, evidence: string, file?: string, line?: number): HackFlag {
  return { detector, evidence, ...(file === undefined ? {} : { file }), ...(line === undefined || line < 1 ? {} : { line }) };
}

/** Code quoted in an evidence line: one line, cut to a readable length. */
export function quoteCode(text: string, max = 100): string {
  const flat = text.trim().replace(/\s+/g, " ");
  return `\`${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}\``;
}
