import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { tempDir } from "../testing/temp-dir.js";
import { JsonlWriter } from "./jsonl-writer.js";

test("writes exactly one JSON line per row, whatever the rows' sizes and characters", async (t) => {
  const file = join(tempDir(t), "rows.jsonl");
  const writer = new JsonlWriter(file);
  const rows: unknown[] = [];
  // Small rows fill chunks; multi-byte text near a chunk's end and rows larger than a chunk cross them.
  for (let index = 0; index < 3000; index++) rows.push({ index, text: `${"é→🙂".repeat(index % 7)} row ${index} ${"x".repeat((index * 997) % 2000)}` });
  rows.splice(1500, 0, { big: "ü".repeat(1_500_000) }, { big: "a".repeat(3_000_000) });
  for (const row of rows) await writer.write(row);
  await writer.close();

  const expected = rows.map((row) => `${JSON.stringify(row)}\n`).join("");
  assert.equal(readFileSync(file, "utf8"), expected);
  assert.equal(writer.rows, rows.length);
  assert.equal(writer.bytes, Buffer.byteLength(expected));
  assert.equal(statSync(file).size, writer.bytes);
});
