export class PatchDoesNotFitError extends Error {
  constructor(
    readonly path: string,
    readonly hunkLine: number,
  ) {
    super(`the hunk at line ${hunkLine} of ${path} does not match the file it is applied to`);
  }
}

export interface ApplyFilePatchOptions {
  /** The file's content before the change ("" for a file the patch creates). */
  original: string;
  /** One file's section of a unified diff, as `git diff` writes it. */
  patch: string;
  /** For error messages. */
  path: string;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * A file's content after its section of a unified diff, computed in memory: nothing touches a
 * repository's object store, so a privileged reader leaves no trace an agent could find. Hunks
 * are placed by their headers and their removed and context lines must match exactly.
 */
export function applyFilePatch({ original, patch, path }: ApplyFilePatchOptions): string {
  // Lines keep their terminators, so a missing final newline on either side is just a line without one.
  const lines = original.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const result: string[] = [];
  let cursor = 0;
  const patchLines = patch.split("\n");
  for (let i = 0; i < patchLines.length; i++) {
    const header = HUNK_HEADER.exec(patchLines[i]!);
    if (!header) continue;
    const oldStart = Number(header[1]);
    let oldLeft = header[2] === undefined ? 1 : Number(header[2]);
    let newLeft = header[4] === undefined ? 1 : Number(header[4]);
    // A zero-length old side names the line after which the hunk goes.
    const startIndex = oldLeft === 0 ? oldStart : oldStart - 1;
    if (startIndex < cursor || startIndex > lines.length) throw new PatchDoesNotFitError(path, oldStart);
    result.push(...lines.slice(cursor, startIndex));
    cursor = startIndex;
    while ((oldLeft > 0 || newLeft > 0) && i + 1 < patchLines.length) {
      const line = patchLines[++i]!;
      const kind = line === "" ? " " : line[0];
      // "\ No newline at end of file" after a line means that line has no terminator.
      const text = patchLines[i + 1]?.startsWith("\\") ? line.slice(1) : `${line.slice(1)}\n`;
      if (kind === " " || kind === "-") {
        if (lines[cursor] !== text) throw new PatchDoesNotFitError(path, oldStart);
        cursor++;
        oldLeft--;
        if (kind === " ") {
          result.push(text);
          newLeft--;
        }
      } else if (kind === "+") {
        result.push(text);
        newLeft--;
      } else {
        throw new PatchDoesNotFitError(path, oldStart);
      }
      if (patchLines[i + 1]?.startsWith("\\")) i++;
    }
  }
  result.push(...lines.slice(cursor));
  return result.join("");
}
