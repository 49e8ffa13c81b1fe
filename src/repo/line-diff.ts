/** A changed region: lines [aStart, aEnd) of the old text become lines [bStart, bEnd) of the new. */
export interface LineHunk {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

export interface DiffLinesOptions {
  a: readonly string[];
  b: readonly string[];
  /** Above this many cells the middle is not aligned but reported as one hunk. */
  maxCells?: number;
}

/**
 * The hunks that turn `a` into `b`, in order, by a longest-common-subsequence alignment of what
 * remains after the common head and tail. Enough for source files; a huge rewrite comes back as
 * one hunk rather than taking quadratic time.
 */
export function diffLines({ a, b, maxCells = 4_000_000 }: DiffLinesOptions): LineHunk[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  if (n === 0 && m === 0) return [];
  if (n === 0 || m === 0 || n * m > maxCells) return [{ aStart: head, aEnd: head + n, bStart: head, bEnd: head + m }];

  // lcs[i][j]: common subsequence length of a[head+i..] and b[head+j..].
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = a[head + i] === b[head + j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const hunks: LineHunk[] = [];
  let open: LineHunk | undefined;
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[head + i] === b[head + j]) {
      if (open) hunks.push(open);
      open = undefined;
      i++;
      j++;
      continue;
    }
    open ??= { aStart: head + i, aEnd: head + i, bStart: head + j, bEnd: head + j };
    if (j < m && (i === n || lcs[i * width + j + 1]! >= lcs[(i + 1) * width + j]!)) {
      j++;
      open.bEnd = head + j;
    } else {
      i++;
      open.aEnd = head + i;
    }
  }
  if (open) hunks.push(open);
  return hunks;
}
