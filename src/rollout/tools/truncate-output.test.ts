import assert from "node:assert/strict";
import { test } from "node:test";
import { truncateOutput } from "./truncate-output.js";

const numbered = (count: number) => Array.from({ length: count }, (_, i) => `line ${String(i + 1).padStart(4, "0")} ${"x".repeat(40)}`).join("\n");

test("output within the limit is shown whole", () => {
  assert.deepEqual(truncateOutput({ text: "short\n", maxChars: 100 }), { text: "short\n", truncated: false, omittedChars: 0 });
});

test("long output keeps its head and tail at line boundaries, with a marker naming the artifact", () => {
  const text = numbered(1000);
  const ref = `sha256:${"a".repeat(64)}`;
  const { text: shown, truncated, omittedChars } = truncateOutput({ text, maxChars: 2000, rawRef: ref });
  assert.equal(truncated, true);
  const lines = shown.split("\n");
  const marker = lines.findIndex((line) => line.startsWith("[… "));
  assert.ok(marker > 0);
  assert.match(lines[marker]!, new RegExp(`^\\[… ${omittedChars.toLocaleString("en-US")} characters \\(\\d+ lines\\) omitted; the full output is artifact ${ref}; narrow it`));
  assert.equal(lines[0], "line 0001 " + "x".repeat(40));
  assert.equal(lines.at(-1), "line 1000 " + "x".repeat(40));
  // Every kept line is whole, and no more than maxChars of the output is shown.
  for (const line of [...lines.slice(0, marker), ...lines.slice(marker + 1)]) assert.match(line, /^line \d{4} x{40}$/);
  assert.ok(shown.length - lines[marker]!.length - 2 <= 2000);
  assert.equal(text.length - omittedChars, shown.length - lines[marker]!.length - 1);
});

test("a single long line is cut mid-line, and the omitted line count is right", () => {
  const text = "y".repeat(50_000);
  const { text: shown } = truncateOutput({ text, maxChars: 10_000 });
  assert.match(shown.slice(4990), /^y{10}\n\[… 40,000 characters \(1 line\) omitted; narrow it/);
  assert.ok(shown.endsWith(`\n${"y".repeat(5000)}`));
});
