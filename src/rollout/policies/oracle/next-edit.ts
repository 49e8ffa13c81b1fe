import { diffLines, type LineHunk } from "../../../repo/line-diff.js";

/** One `edit` call: replace `oldString` (unique in the file) with `newString`. */
export interface PlannedEdit {
  oldString: string;
  newString: string;
  /** 1-based lines of the current file the edit replaces (an insertion names the line it follows). */
  startLine: number;
  endLine: number;
  /** The changed lines alone, for the reasoning. */
  removed: string[];
  added: string[];
  /** How many more edits this file needs after this one. */
  remaining: number;
}

export interface NextEditOptions {
  current: string;
  target: string;
  /** Cover every remaining change of the file in one edit (after a smaller one was refused). */
  whole?: boolean;
}

/** Hunks closer than this many unchanged lines are made one edit. */
const MERGE_GAP = 3;

/**
 * The next edit that brings `current` toward `target`: the first changed region, widened with
 * context lines until its old text occurs exactly once, so an exact-match edit tool applies it.
 */
export function nextEdit({ current, target, whole = false }: NextEditOptions): PlannedEdit | undefined {
  const a = splitLines(current);
  const b = splitLines(target);
  const hunks = mergeClose(diffLines({ a, b }));
  if (hunks.length === 0) return undefined;
  const first = whole ? { ...hunks[0]!, aEnd: hunks.at(-1)!.aEnd, bEnd: hunks.at(-1)!.bEnd } : hunks[0]!;
  const removed = a.slice(first.aStart, first.aEnd);
  const added = b.slice(first.bStart, first.bEnd);
  let before = 0;
  let after = 0;
  // An insertion needs at least one line of context to anchor it; any edit needs a unique old text.
  for (;;) {
    const oldLines = a.slice(first.aStart - before, first.aEnd + after);
    const oldString = oldLines.join("");
    if (oldString !== "" && occurrences(current, oldString) === 1) {
      const newString = [...a.slice(first.aStart - before, first.aStart), ...added, ...a.slice(first.aEnd, first.aEnd + after)].join("");
      return {
        oldString,
        newString,
        startLine: first.aStart - before + 1,
        endLine: Math.max(first.aStart - before + 1, first.aEnd + after),
        removed: removed.map(stripNewline),
        added: added.map(stripNewline),
        remaining: whole ? 0 : hunks.length - 1,
      };
    }
    const canGrowUp = first.aStart - before > 0;
    const canGrowDown = first.aEnd + after < a.length;
    if (!canGrowUp && !canGrowDown) break;
    if (canGrowUp && (before <= after || !canGrowDown)) before++;
    else after++;
  }
  // The whole file is the only unique anchor (an empty or fully repeated file): replace all of it.
  return { oldString: current, newString: target, startLine: 1, endLine: Math.max(1, a.length), removed: removed.map(stripNewline), added: added.map(stripNewline), remaining: 0 };
}

/** How many changes separate two texts. */
export function countEdits(current: string, target: string): number {
  return mergeClose(diffLines({ a: splitLines(current), b: splitLines(target) })).length;
}

function mergeClose(hunks: LineHunk[]): LineHunk[] {
  const merged: LineHunk[] = [];
  for (const hunk of hunks) {
    const last = merged.at(-1);
    if (last && hunk.aStart - last.aEnd <= MERGE_GAP) merged[merged.length - 1] = { ...last, aEnd: hunk.aEnd, bEnd: hunk.bEnd };
    else merged.push({ ...hunk });
  }
  return merged;
}

/** Lines with their terminators, so joining them gives the text back exactly. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function stripNewline(line: string): string {
  return line.replace(/\r?\n$/, "");
}

function occurrences(text: string, part: string): number {
  let count = 0;
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + 1)) count++;
  return count;
}
