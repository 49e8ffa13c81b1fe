export interface TruncateOutputOptions {
  text: string;
  /** Characters shown at most (the marker line aside): half from the head, half from the tail. */
  maxChars: number;
  /** Where the whole output is kept, named in the marker. */
  rawRef?: string;
}

export interface TruncatedOutput {
  text: string;
  truncated: boolean;
  /** Characters left out of `text`. */
  omittedChars: number;
}

/** A cut within this many characters of the ideal point moves to the nearest line boundary. */
const LINE_SLACK = 0.2;

/**
 * Long output as a model should see it: the head and the tail, cut at line boundaries where one is
 * near, with one line in between saying what was left out and where the whole output is.
 */
export function truncateOutput({ text, maxChars, rawRef }: TruncateOutputOptions): TruncatedOutput {
  if (text.length <= maxChars) return { text, truncated: false, omittedChars: 0 };
  const half = Math.floor(maxChars / 2);
  const slack = Math.floor(half * LINE_SLACK);

  // The head ends just after a newline, the tail starts just after one.
  let headEnd = text.lastIndexOf("\n", half - 1) + 1;
  if (headEnd === 0 || half - headEnd > slack) headEnd = half;
  let tailStart = text.indexOf("\n", text.length - half);
  tailStart = tailStart < 0 || tailStart + 1 - (text.length - half) > slack ? text.length - half : tailStart + 1;

  const omitted = text.slice(headEnd, tailStart);
  const omittedLines = omitted.split("\n").length - (omitted.endsWith("\n") ? 1 : 0);
  const where = rawRef ? `the full output is artifact ${rawRef}; ` : "";
  const marker =
    `[… ${omitted.length.toLocaleString("en-US")} characters (${omittedLines.toLocaleString("en-US")} line${omittedLines === 1 ? "" : "s"}) omitted; ` +
    `${where}narrow it with read_file line ranges or a more specific command]`;
  const head = text.slice(0, headEnd);
  return {
    text: `${head}${head.endsWith("\n") ? "" : "\n"}${marker}\n${text.slice(tailStart)}`,
    truncated: true,
    omittedChars: omitted.length,
  };
}
