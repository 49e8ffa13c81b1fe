/** Longer lines are cut for display: one minified line must not fill the context. */
const MAX_LINE_CHARS = 2000;

export interface NumberLinesOptions {
  lines: readonly string[];
  /** The 1-based number of the first line. */
  first: number;
  /** Width of the number column; wide enough for the last number by default. */
  width?: number;
}

/** Lines as `   42│text`, the way read_file and edit show a file. */
export function numberLines({ lines, first, width }: NumberLinesOptions): string {
  const pad = Math.max(width ?? 0, 5, String(first + lines.length - 1).length);
  return lines
    .map((line, index) => {
      const shown = line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}… (${line.length - MAX_LINE_CHARS} more characters on this line)` : line;
      return `${String(first + index).padStart(pad)}│${shown.replace(/\r$/, "")}`;
    })
    .join("\n");
}

/** A file's text as lines; a final newline does not start another line. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}
