import assert from "node:assert/strict";
import { test } from "node:test";
import type { ChatMessage, ToolDefinition } from "../../models/chat-client.js";
import { countMessageTokens, countTokens } from "./count-tokens.js";

const readFile: ToolDefinition = {
  type: "function",
  function: { name: "read_file", description: "Read a file", parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] } },
};

test("text containing special tokens is counted as plain text, never refused", () => {
  const text = "before <|endoftext|> middle <|im_start|> after <|fim_prefix|>";
  assert.ok(countTokens(text) > 10);
  assert.ok(countTokens("<|endoftext|>") > 1, "a special token's text is several ordinary tokens");
  // The long path goes through the cache; it must not throw either, and must agree on a repeat.
  const long = `${"x = 1\n".repeat(50)}<|endoftext|>`;
  assert.equal(countTokens(long), countTokens(long));
  assert.equal(countTokens(""), 0);
});

test("a message costs its content and tool calls plus a fixed overhead; reasoning is free", () => {
  const empty = countMessageTokens({ messages: [] });
  const hello = countMessageTokens({ messages: [{ role: "user", content: "hello" }] });
  assert.equal(hello - empty, 4 + countTokens("hello"));

  const thinking: ChatMessage = { role: "assistant", content: "hello", reasoning_content: "a long chain of thought ".repeat(100) };
  assert.equal(countMessageTokens({ messages: [thinking] }), hello);

  const call: ChatMessage = {
    role: "assistant",
    content: null,
    tool_calls: [{ id: "call_1", type: "function", function: { name: "read_file", arguments: '{"path": "src/add.ts"}' } }],
  };
  const result: ChatMessage = { role: "tool", tool_call_id: "call_1", name: "read_file", content: "export const add = 1;" };
  const withCall = countMessageTokens({ messages: [call] }) - empty;
  assert.ok(withCall >= 4 + countTokens("read_file") + countTokens('{"path": "src/add.ts"}'));
  const withResult = countMessageTokens({ messages: [result] }) - empty;
  assert.equal(withResult, 4 + countTokens("export const add = 1;") + countTokens("read_file") + countTokens("call_1"));

  const tools = countMessageTokens({ messages: [], tools: [readFile] }) - empty;
  assert.equal(tools, countTokens(JSON.stringify([readFile])));
  assert.equal(countMessageTokens({ messages: [], tools: [] }), empty);
});

/** Code-like text that does not repeat, so the tokenizer's own merge cache cannot flatter the timing. */
function codeLikeText(seed: number, chars: number): string {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31);
  const words = ["const", "return", "function", "if", "else", "await", "import", "export", "=", "(", ")", "{", "}", ";", "=>", "+", "."];
  let text = "";
  while (text.length < chars) {
    const r = next();
    text += r % 3 === 0 ? words[r % words.length] : `id${(r % 99991).toString(36)}`;
    text += r % 11 === 0 ? "\n" : " ";
  }
  return text;
}

test("a 200-message, 300 KB context counts in well under 100 ms when only the newest message is new", (t) => {
  const messages: ChatMessage[] = Array.from({ length: 200 }, (_, index) => ({
    role: index % 2 === 0 ? "assistant" : "tool",
    content: codeLikeText(index + 1, 1500),
    ...(index % 2 === 1 && { tool_call_id: `call_${index}`, name: "read_file" }),
  }));
  let started = performance.now();
  const cold = countMessageTokens({ messages, tools: [readFile] });
  const coldMs = performance.now() - started;

  messages.push({ role: "tool", tool_call_id: "call_new", name: "read_file", content: codeLikeText(9999, 1500) });
  started = performance.now();
  const warm = countMessageTokens({ messages, tools: [readFile] });
  const warmMs = performance.now() - started;

  // A context rebuilt from stored records holds equal strings that are not the same objects.
  const copies = JSON.parse(JSON.stringify(messages)) as ChatMessage[];
  started = performance.now();
  assert.equal(countMessageTokens({ messages: copies, tools: [readFile] }), warm);
  const copiedMs = performance.now() - started;

  const chars = messages.reduce((sum, message) => sum + (message.content?.length ?? 0), 0);
  assert.ok(chars >= 300_000);
  assert.ok(warm > cold);
  assert.ok(warmMs < 100, `the recount took ${warmMs.toFixed(1)} ms`);
  assert.ok(copiedMs < 100, `the recount of copied texts took ${copiedMs.toFixed(1)} ms`);
  t.diagnostic(`token count: ${messages.length} messages, ${chars} chars: cold ${coldMs.toFixed(1)} ms, one new message ${warmMs.toFixed(1)} ms, copied texts ${copiedMs.toFixed(1)} ms`);
});
