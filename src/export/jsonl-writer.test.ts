import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { tempDir } from "../testing/temp-dir.js";
import { BatchBuilder } from "./format-batch.js";
import { JsonlWriter } from "./jsonl-writer.js";

test("writes exactly one JSON line per row, whatever the rows' sizes and characters", async (t) => {
  const file = join(tempDir(t), "rows.jsonl");
  const writer = new JsonlWriter(file);
  const rows: Record<string, unknown>[] = [];
  // Multi-byte text, and rows far larger than the bytes the writer lets wait for the disk.
  for (let index = 0; index < 3000; index++) rows.push({ index, text: `${"é→🙂".repeat(index % 7)} row ${index} ${"x".repeat((index * 997) % 2000)}` });
  rows.splice(1500, 0, { big: "ü".repeat(15_000_000) }, { big: "a".repeat(30_000_000) });
  for (let start = 0; start < rows.length; start += 128) {
    const builder = new BatchBuilder("jsonl");
    builder.add(
      rows.slice(start, start + 128).map((value) => ({ split: "train", kind: "row", value })),
      { tier: "transparent", repo: "r", licenses: [] },
    );
    const batch = builder.finish();
    await writer.writeLines(batch.lines.train!, batch.tally.rows.train);
  }
  await writer.close();

  const expected = rows.map((row) => `${JSON.stringify(row)}\n`).join("");
  assert.equal(readFileSync(file, "utf8"), expected);
  assert.equal(writer.rows, rows.length);
  assert.equal(writer.bytes, Buffer.byteLength(expected));
  assert.equal(statSync(file).size, writer.bytes);
});

test("a file that cannot be written fails the export instead of hanging it", async (t) => {
  const writer = new JsonlWriter(join(tempDir(t), "missing", "rows.jsonl"));
  const lines = new TextEncoder().encode(`${JSON.stringify({ text: "x".repeat(1000) })}\n`.repeat(40_000));
  await assert.rejects(async () => {
    await writer.writeLines(lines, 40_000);
    await writer.writeLines(lines, 40_000);
    await writer.close();
  }, /ENOENT/);
});
