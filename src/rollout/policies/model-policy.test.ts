import assert from "node:assert/strict";
import { test, type TestContext } from "node:test";
import { createChatClient, type ChatClientOptions, type ToolDefinition } from "../../models/chat-client.js";
import { ModelRequestError, ModelTimeoutError } from "../../models/model-errors.js";
import { task as taskSchema } from "../../schema/records.js";
import { startFakeModelServer, type FakeModelServer, type FakeModelServerOptions } from "../../testing/fake-model-server.js";
import { modelPolicy } from "./model-policy.js";
import type { PolicyState } from "./policy.js";

async function serve(t: TestContext, options: FakeModelServerOptions): Promise<FakeModelServer> {
  const server = await startFakeModelServer(options);
  t.after(() => server.close());
  return server;
}

function clientFor(server: FakeModelServer, options: Partial<ChatClientOptions> = {}) {
  return createChatClient({ baseUrl: server.url, model: "fake-model", retryBaseMs: 5, ...options });
}

const tools: ToolDefinition[] = [
  {
    type: "function",
    function: { name: "read_file", description: "Read a file", parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] } },
  },
];

const task = taskSchema.parse({
  id: "demo-1",
  repo: "example/calc",
  baseCommit: "a".repeat(40),
  problemStatement: "add() subtracts",
  createdAt: "2025-01-01T00:00:00.000Z",
  goldPatch: "",
  testPatch: "",
  failToPass: ["add.test.ts::adds"],
  passToPass: [],
  origin: "injected",
  scope: { files: ["src/add.ts"], symbols: [] },
  labels: { language: "typescript", kind: "injected-bug", size: { files: 1, lines: 1 } },
  validation: { gates: [], runs: [], flaky: false, sandboxed: true },
  provenance: { tier: "transparent", sources: [] },
});

function stateAt(turn: number): PolicyState {
  return {
    task,
    turn,
    steps: [],
    messages: [
      { role: "system", content: "You are a coding agent." },
      { role: "user", content: "Fix add()." },
    ],
    tools,
    workspace: "/tmp/workspace",
    maxCompletionTokens: 1024,
  };
}

test("the request carries the context, tools, temperature, per-turn seed and completion budget", async (t) => {
  const server = await serve(t, { script: [{ content: "Looking.", tool_calls: [{ id: "call_a", name: "read_file", arguments: { path: "src/add.ts" } }] }] });
  const policy = modelPolicy({ client: clientFor(server), temperature: 0.7, seed: 100 });
  assert.equal(policy.kind, "model");
  assert.equal(policy.label, "model:fake-model");
  assert.equal(policy.model, "fake-model");

  const decision = await policy.decide(stateAt(3));
  assert.equal(decision.actor, "student");
  assert.equal(decision.teacherLabel, undefined);
  const body = server.requests[0]?.body;
  assert.deepEqual(body?.messages, stateAt(3).messages);
  assert.deepEqual(body?.tools, tools);
  assert.equal(body?.temperature, 0.7);
  assert.equal(body?.seed, 103);
  assert.equal(body?.max_tokens, 1024);

  const { action } = decision;
  assert.equal(action.content, "Looking.");
  assert.equal(action.reasoning, "");
  assert.deepEqual(action.toolCalls, [{ id: "call_a", name: "read_file", argumentsText: '{"path":"src/add.ts"}' }]);
  assert.equal((action.raw as { id: string }).id, "chatcmpl-fake-1");
  assert.ok(action.usage && action.usage.prompt > 0 && action.usage.completion > 0);
  assert.ok(action.latencyMs >= 0);
});

test("without a seed none is sent; a teacher and a label are named as given", async (t) => {
  const server = await serve(t, { script: ["I give up."] });
  const policy = modelPolicy({ client: clientFor(server), actor: "teacher", label: "teacher:big" });
  const decision = await policy.decide(stateAt(0));
  assert.equal(decision.actor, "teacher");
  assert.equal(policy.label, "teacher:big");
  assert.equal(server.requests[0]?.body?.seed, undefined);
  assert.equal(server.requests[0]?.body?.temperature, undefined);
  assert.deepEqual(decision.action.toolCalls, []);
  assert.equal(decision.action.content, "I give up.");
});

test("malformed JSON arguments pass through untouched; reasoning is captured", async (t) => {
  const server = await serve(t, {
    script: [{ content: null, reasoning_content: "The file is src/add.ts.", tool_calls: [{ id: "call_b", name: "read_file", arguments: '{"path": "src/add.ts", ' }] }],
  });
  const { action } = await modelPolicy({ client: clientFor(server) }).decide(stateAt(1));
  assert.equal(action.reasoning, "The file is src/add.ts.");
  assert.equal(action.content, "");
  assert.deepEqual(action.toolCalls, [{ id: "call_b", name: "read_file", argumentsText: '{"path": "src/add.ts", ' }]);
});

test("calls without ids get distinct generated ones", async (t) => {
  const server = await serve(t, {
    script: [{ tool_calls: [{ id: "", name: "read_file", arguments: { path: "a.ts" } }, { id: "", name: "read_file", arguments: { path: "b.ts" } }] }],
  });
  const { action } = await modelPolicy({ client: clientFor(server) }).decide(stateAt(2));
  const ids = action.toolCalls.map((call) => call.id);
  assert.equal(ids.length, 2);
  assert.ok(ids.every((id) => id.length > 0), `ids: ${ids.join(", ")}`);
  assert.notEqual(ids[0], ids[1]);
});

test("a 429 then a success goes through on the client's retry", async (t) => {
  const server = await serve(t, { script: [{ status: 429, headers: { "retry-after-ms": "1" } }, "Done."] });
  const { action } = await modelPolicy({ client: clientFor(server) }).decide(stateAt(0));
  assert.equal(action.content, "Done.");
  assert.equal(server.requests.length, 2);
});

test("client errors propagate: a server that never answers in time, or refuses", async (t) => {
  const slow = await serve(t, { script: [{ delayMs: 5000 }] });
  const started = Date.now();
  await assert.rejects(modelPolicy({ client: clientFor(slow, { timeoutMs: 100, maxRetries: 0 }) }).decide(stateAt(0)), ModelTimeoutError);
  assert.ok(Date.now() - started < 2000);

  const refusing = await serve(t, { script: [{ status: 400, body: { error: { message: "maximum context length exceeded" } } }] });
  await assert.rejects(modelPolicy({ client: clientFor(refusing) }).decide(stateAt(0)), ModelRequestError);
});

test("the caller's signal reaches the request", async (t) => {
  const server = await serve(t, { script: [{ delayMs: 5000 }] });
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error("rollout interrupted")), 50);
  await assert.rejects(modelPolicy({ client: clientFor(server) }).decide(stateAt(0), { signal: controller.signal }), /rollout interrupted/);
});
