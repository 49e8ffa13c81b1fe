import { diffLines } from "./line-diff.js";

export interface UnifiedDiffOptions {
  path: string;
  /** null: the file is created. */
  before: string | null;
  /** null: the file is deleted. */
  after: string | null;
  context?: number;
}

/** A git-style diff of one file's two versions (`git apply` takes it), or "" when they are equal. */
export function unifiedDiff({ path, before, after, context = 3 }: UnifiedDiffOptions): string {
  if (before === after) return "";
  const a = lines(before ?? "");
  const b = lines(after ?? "");
  const header = [`diff --git a/${path} b/${path}`];
  if (before === null) header.push("new file mode 100644", "--- /dev/null", `+++ b/${path}`);
  else if (after === null) header.push("deleted file mode 100644", `--- a/${path}`, "+++ /dev/null");
  else header.push(`--- a/${path}`, `+++ b/${path}`);
  const hunks = diffLines({ a: a.map((l) => l.text), b: b.map((l) => l.text) });
  // Group changes whose context overlaps into one hunk.
  const groups: (typeof hunks)[] = [];
  for (const hunk of hunks) {
    const last = groups.at(-1);
    if (last && hunk.aStart - last.at(-1)!.aEnd <= context * 2) last.push(hunk);
    else groups.push([hunk]);
  }
  const body: string[] = [];
  for (const group of groups) {
    const aStart = Math.max(0, group[0]!.aStart - context);
    const aEnd = Math.min(a.length, group.at(-1)!.aEnd + context);
    const bStart = group[0]!.bStart - (group[0]!.aStart - aStart);
    const bEnd = group.at(-1)!.bEnd + (aEnd - group.at(-1)!.aEnd);
    const out: string[] = [];
    let cursor = aStart;
    for (const hunk of group) {
      for (; cursor < hunk.aStart; cursor++) out.push(...render(" ", a[cursor]!));
      for (let i = hunk.aStart; i < hunk.aEnd; i++) out.push(...render("-", a[i]!));
      for (let j = hunk.bStart; j < hunk.bEnd; j++) out.push(...render("+", b[j]!));
      cursor = hunk.aEnd;
    }
    for (; cursor < aEnd; cursor++) out.push(...render(" ", a[cursor]!));
    body.push(`@@ -${range(aStart, aEnd - aStart)} +${range(bStart, bEnd - bStart)} @@`, ...out);
  }
  return `${[...header, ...body].join("\n")}\n`;
}

function lines(text: string): { text: string; newline: boolean }[] {
  return (text.match(/[^\n]*\n|[^\n]+$/g) ?? []).map((line) => ({ text: line.replace(/\n$/, ""), newline: line.endsWith("\n") }));
}

function render(sign: string, line: { text: string; newline: boolean }): string[] {
  return line.newline ? [`${sign}${line.text}`] : [`${sign}${line.text}`, "\\ No newline at end of file"];
}

function range(start: number, length: number): string {
  return `${length === 0 ? start : start + 1},${length}`;
}
