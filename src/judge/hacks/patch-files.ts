import { changedLines, type ChangedLine } from "../../code/changed-lines.js";
import { applyFilePatch } from "../../repo/apply-file-patch.js";
import { splitFileDiffs, type FileDiff } from "../../repo/file-diffs.js";
import { codeLanguage, isCommentLine, type CodeLanguage } from "./code-language.js";

export interface PatchFile {
  diff: FileDiff;
  /** The new path, or the old one for a deleted file. */
  path: string;
  language: CodeLanguage | undefined;
  /** Added lines, numbered in the new file. */
  added: ChangedLine[];
  /** Removed lines, numbered in the old file. */
  removed: ChangedLine[];
  /** The file at the base commit: "" for a new file, undefined when not given. */
  base: string | undefined;
  /**
   * The new file's lines by number (index 0 is line 1): whole when the base is known and the
   * hunks fit it, otherwise only the lines the hunks show (context and added), the rest undefined.
   */
  after: (string | undefined)[];
}

export interface PatchFilesOptions {
  patch: string;
  /** Base content by path; a file the patch modifies but that is missing here has an unknown base. */
  baseFiles?: Record<string, string>;
}

/** Every file of a patch with its changed lines and, where they can be had, its two versions. */
export function patchFiles({ patch, baseFiles = {} }: PatchFilesOptions): PatchFile[] {
  return splitFileDiffs({ patch }).map((diff) => {
    const changed = diff.binary ? [] : changedLines({ patch: diff.patch });
    const base = diff.oldPath === undefined ? "" : baseFiles[diff.oldPath];
    return {
      diff,
      path: diff.path,
      language: codeLanguage(diff.path),
      added: changed.filter((line) => line.side === "after"),
      removed: changed.filter((line) => line.side === "before"),
      base,
      after: diff.newPath === undefined || diff.binary ? [] : afterLines(diff, base),
    };
  });
}

/**
 * The added lines worth reading as new code: not blank, not comments, not moved (the same text
 * removed elsewhere in the file) and not lines the gold patch adds too (the honest fix has them).
 */
export function newCodeLines(file: PatchFile, goldLines: ReadonlySet<string>): ChangedLine[] {
  const removed = new Set(file.removed.map((line) => line.text.trim()));
  return file.added.filter((line) => {
    const text = line.text.trim();
    return text !== "" && !removed.has(text) && !goldLines.has(text) && !isCommentLine(text, file.language);
  });
}

function afterLines(diff: FileDiff, base: string | undefined): (string | undefined)[] {
  if (base !== undefined) {
    try {
      const text = applyFilePatch({ original: base, patch: diff.patch, path: diff.path });
      return (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
    } catch {
      // The hunks do not fit the given base: fall back to what the hunks show.
    }
  }
  const lines: (string | undefined)[] = [];
  let newLine = 0;
  let inHunk = false;
  for (const raw of diff.patch.split("\n")) {
    const header = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(raw);
    if (header) {
      newLine = Number(header[1]);
      inHunk = true;
      continue;
    }
    if (!inHunk || raw.startsWith("-") || raw.startsWith("\\")) continue;
    if (raw.startsWith("+") || raw.startsWith(" ") || raw === "") lines[newLine++ - 1] = raw.slice(1);
    else inHunk = false;
  }
  return lines;
}
