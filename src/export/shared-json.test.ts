import assert from "node:assert/strict";
import { test } from "node:test";
import { rowJson, shareJson } from "./shared-json.js";

test("a row is written exactly as JSON.stringify writes it, shared values included", () => {
  const tools = shareJson([{ type: "function", function: { name: "read_file", parameters: { type: "object", properties: { path: { type: "string" } } } } }]);
  const rows: Record<string, unknown>[] = [
    { messages: [{ role: "user", content: "fix \"it\"\n→ 🙂" }], tools },
    { prompt: [], tools, label: true, score: 0.5, none: null },
    { gone: undefined, fn: () => 1, kept: "yes", nested: { gone: undefined, list: [undefined, 1] } },
    { gone: undefined },
    {},
    { "quoted \"key\"": 1, tools },
  ];
  for (const row of rows) assert.equal(rowJson(row), JSON.stringify(row));
});

test("a shared value is frozen, so its text cannot drift from it", () => {
  const tools = shareJson([{ name: "a" }]);
  assert.equal(rowJson({ tools }), '{"tools":[{"name":"a"}]}');
  assert.throws(() => (tools as { name: string }[]).push({ name: "b" }), TypeError);
  assert.throws(() => ((tools[0] as { name: string }).name = "b"), TypeError);
  assert.equal(rowJson({ tools }), '{"tools":[{"name":"a"}]}');
});
