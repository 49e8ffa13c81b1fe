import assert from "node:assert/strict";
import { test } from "node:test";
import type { ToolDefinition } from "../../models/chat-client.js";
import { step as stepSchema, type Step } from "../../schema/records.js";
import { buildContext } from "./build-context.js";
import { maskedPlaceholder } from "./masked-placeholder.js";

const tools: ToolDefinition[] = [
  {
    type: "function",
    function: { name: "read_file", description: "Read a file", parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] } },
  },
];

interface StepSketch {
  content?: string;
  reasoning?: string;
  calls?: { id: string; name: string; arguments?: Record<string, unknown>; argumentsText?: string }[];
  observations?: { toolCallId: string; content: string; tool?: string }[];
  formatError?: string;
}

/** A valid step record, with the schema's defaults filled in. */
function stepAt(index: number, sketch: StepSketch): Step {
  return stepSchema.parse({
    index,
    actor: "student",
    reasoning: sketch.reasoning ?? "",
    content: sketch.content ?? "",
    toolCalls: (sketch.calls ?? []).map((call) => ({ arguments: {}, ...call })),
    observations: (sketch.observations ?? []).map((observation) => ({ truncated: false, masked: false, ...observation })),
    ...(sketch.formatError !== undefined && { formatError: sketch.formatError }),
    tokens: { prompt: 0, completion: 0 },
    provenance: { tier: "transparent", sources: [] },
    startedAt: "2025-01-01T00:00:00.000Z",
    durationMs: 1,
  });
}

/** A step that reads one file whose output has `lines` lines. */
function readStep(index: number, lines: number): Step {
  const id = `call_${index}`;
  const content = Array.from({ length: lines }, (_, line) => `${line + 1}\tline ${line + 1} of step ${index}`).join("\n");
  return stepAt(index, {
    calls: [{ id, name: "read_file", arguments: { path: `src/file${index}.ts` } }],
    observations: [{ toolCallId: id, tool: "read_file", content }],
  });
}

const base = { system: "You are a coding agent.", user: "Fix the bug.", tools };

test("keeping 10 of 15 observations masks the 5 oldest with their line counts", () => {
  const steps = Array.from({ length: 15 }, (_, index) => readStep(index, index + 3));
  const { messages, masked } = buildContext({ ...base, steps, keepObservations: 10 });

  const results = messages.filter((message) => message.role === "tool");
  assert.equal(results.length, 15);
  assert.deepEqual(
    results.slice(0, 5).map((message) => message.content),
    [3, 4, 5, 6, 7].map((lines) => `Old environment output: (${lines} lines omitted)`),
  );
  results.slice(5).forEach((message, offset) => assert.equal(message.content, steps[offset + 5]!.observations[0]!.content));
  assert.deepEqual([...masked], ["0:call_0", "1:call_1", "2:call_2", "3:call_3", "4:call_4"]);
  // Every action stays, masked or not.
  assert.equal(messages.filter((message) => message.role === "assistant").length, 15);
  assert.equal(messages.length, 2 + 15 * 2);
});

test("the window counts observations across steps, newest first, and 0 masks every long one", () => {
  const twoCalls = stepAt(0, {
    calls: [
      { id: "a", name: "read_file", arguments: { path: "a.ts" } },
      { id: "b", name: "read_file", arguments: { path: "b.ts" } },
    ],
    observations: [
      { toolCallId: "a", tool: "read_file", content: "a\n".repeat(5) },
      { toolCallId: "b", tool: "read_file", content: "b\n".repeat(6) },
    ],
  });
  const steps = [twoCalls, readStep(1, 4)];
  assert.deepEqual([...buildContext({ ...base, steps, keepObservations: 2 }).masked], ["0:a"]);
  assert.deepEqual([...buildContext({ ...base, steps, keepObservations: 3 }).masked], []);
  const none = buildContext({ ...base, steps, keepObservations: 0 });
  assert.deepEqual([...none.masked], ["0:a", "0:b", "1:call_1"]);
  assert.deepEqual(
    none.messages.filter((message) => message.role === "tool").map((message) => message.content),
    ["Old environment output: (5 lines omitted)", "Old environment output: (6 lines omitted)", "Old environment output: (4 lines omitted)"],
  );
});

test("short outputs stay verbatim outside the window: a placeholder would save nothing", () => {
  const edit = stepAt(0, {
    calls: [{ id: "e", name: "edit_file", arguments: { path: "a.ts" } }],
    observations: [{ toolCallId: "e", tool: "edit_file", content: "Edit applied." }],
  });
  const twoLines = stepAt(1, {
    calls: [{ id: "t", name: "run_tests", arguments: {} }],
    observations: [{ toolCallId: "t", tool: "run_tests", content: "1 failed\nadd.test.ts > adds" }],
  });
  const longLine = stepAt(2, {
    calls: [{ id: "l", name: "read_file", arguments: { path: "min.js" } }],
    observations: [{ toolCallId: "l", tool: "read_file", content: "x".repeat(201) }],
  });
  const { messages, masked } = buildContext({ ...base, steps: [edit, twoLines, longLine, readStep(3, 3)], keepObservations: 1 });
  assert.deepEqual([...masked], ["2:l"]);
  assert.deepEqual(
    messages.filter((message) => message.role === "tool").map((message) => message.content),
    ["Edit applied.", "1 failed\nadd.test.ts > adds", "Old environment output: (1 lines omitted)", readStep(3, 3).observations[0]!.content],
  );
});

test("the placeholder counts lines as an editor does", () => {
  assert.equal(maskedPlaceholder("one\ntwo\nthree"), "Old environment output: (3 lines omitted)");
  assert.equal(maskedPlaceholder("one\ntwo\nthree\n"), "Old environment output: (3 lines omitted)");
  assert.equal(maskedPlaceholder("one\n\n"), "Old environment output: (2 lines omitted)");
  assert.equal(maskedPlaceholder(""), "Old environment output: (0 lines omitted)");
});

test("a step renders as one assistant message and its tool results in call order, without reasoning", () => {
  const step = stepAt(0, {
    reasoning: "I should look at both files.",
    content: "Reading the sources.",
    calls: [
      { id: "first", name: "read_file", arguments: { path: "a.ts" } },
      { id: "second", name: "read_file", arguments: { path: "b.ts" }, argumentsText: '{"path": "b.ts", }' },
      { id: "third", name: "no_such_tool", arguments: {} },
    ],
    observations: [
      { toolCallId: "third", content: "Unknown tool no_such_tool." },
      { toolCallId: "second", tool: "read_file", content: "Invalid arguments." },
      { toolCallId: "first", tool: "read_file", content: "export const a = 1;" },
    ],
  });
  const { messages } = buildContext({ ...base, steps: [step], keepObservations: 10 });
  assert.deepEqual(messages, [
    { role: "system", content: "You are a coding agent." },
    { role: "user", content: "Fix the bug." },
    {
      role: "assistant",
      content: "Reading the sources.",
      tool_calls: [
        { id: "first", type: "function", function: { name: "read_file", arguments: '{"path":"a.ts"}' } },
        { id: "second", type: "function", function: { name: "read_file", arguments: '{"path": "b.ts", }' } },
        { id: "third", type: "function", function: { name: "no_such_tool", arguments: "{}" } },
      ],
    },
    { role: "tool", tool_call_id: "first", name: "read_file", content: "export const a = 1;" },
    { role: "tool", tool_call_id: "second", name: "read_file", content: "Invalid arguments." },
    { role: "tool", tool_call_id: "third", name: "no_such_tool", content: "Unknown tool no_such_tool." },
  ]);
  assert.ok(!JSON.stringify(messages).includes("look at both files"));
});

test("an assistant with tool calls and no text sends null content", () => {
  const { messages } = buildContext({ ...base, steps: [readStep(0, 3)], keepObservations: 10 });
  assert.equal(messages[2]?.content, null);
});

test("a plain-text step is followed by its format error as a user message; the notice comes last", () => {
  const chatty = stepAt(0, { content: "I think the bug is in add().", reasoning: "hmm", formatError: "Call a tool: every turn must call exactly one tool." });
  const silent = stepAt(1, { content: "" });
  const { messages } = buildContext({ ...base, steps: [chatty, silent, readStep(2, 3)], keepObservations: 10, notice: "Context budget: 80% used." });
  assert.deepEqual(messages.slice(2, 5), [
    { role: "assistant", content: "I think the bug is in add()." },
    { role: "user", content: "Call a tool: every turn must call exactly one tool." },
    { role: "assistant", content: "" },
  ]);
  assert.equal(messages[5]?.role, "assistant");
  assert.deepEqual(messages.at(-1), { role: "user", content: "Context budget: 80% used." });
  assert.ok(messages.every((message) => !("tool_calls" in message) || message.tool_calls!.length > 0), "no empty tool_calls list");
});

test("promptTokens counts the rendered context with the tools, and grows with content", () => {
  const short = buildContext({ ...base, steps: [readStep(0, 3)], keepObservations: 10 });
  const longer = buildContext({ ...base, steps: [readStep(0, 300)], keepObservations: 10 });
  const maskedLonger = buildContext({ ...base, steps: [readStep(0, 300)], keepObservations: 0 });
  const noTools = buildContext({ ...base, tools: [], steps: [readStep(0, 3)], keepObservations: 10 });
  assert.ok(longer.promptTokens > short.promptTokens + 1000);
  assert.ok(maskedLonger.promptTokens < short.promptTokens + 20);
  assert.ok(noTools.promptTokens < short.promptTokens);
  const withNotice = buildContext({ ...base, steps: [readStep(0, 3)], keepObservations: 10, notice: "Budget low." });
  assert.ok(withNotice.promptTokens > short.promptTokens);
});
