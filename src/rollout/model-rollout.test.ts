import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { kaizenConfig } from "../config/config-schema.js";
import { createChatClient } from "../models/chat-client.js";
import type { RolloutSettings, Task, Trajectory } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";
import { minedBugFixTask, type MinedBugFixTask } from "../testing/mined-bug-fix-task.js";
import { startFakeModelServer, type FakeScript } from "../testing/fake-model-server.js";
import { MAX_ARGUMENT_CHARS } from "./agent-loop.js";
import { daggerPolicy } from "./policies/dagger-policy.js";
import { modelPolicy } from "./policies/model-policy.js";
import { scriptedPolicy } from "./policies/scripted-policy.js";
import { runRollouts } from "./run-rollouts.js";

const config = kaizenConfig.parse({});
const settings: RolloutSettings = { contextWindow: 32_768, keepObservations: 10, maxSteps: 12, maxWallMs: 120_000, maxObservationChars: 10_000 };
let runDir = "";
let store: RunStore;
let task: Task;
let fixture: MinedBugFixTask;

before(async () => {
  fixture = await minedBugFixTask("kaizen-model-rollout-");
  ({ runDir, store, task } = fixture);
});
after(() => fixture.dispose());

async function rolloutAgainst(script: FakeScript, options: { timeoutMs?: number; keepObservations?: number; label: string }) {
  const server = await startFakeModelServer({ script, models: ["coder"] });
  try {
    const client = createChatClient({ baseUrl: server.url, model: "coder", retryBaseMs: 1, maxRetries: 2, timeoutMs: options.timeoutMs ?? 10_000 });
    const summary = await runRollouts({
      runDir,
      config,
      store,
      tasks: [task],
      makePolicy: () => modelPolicy({ client, temperature: 0.7, seed: 3, label: options.label }),
      describePolicy: () => ({ kind: "model", model: "coder", temperature: 0.7, seed: 3, sample: 0 }),
      samples: 1,
      settings: { ...settings, keepObservations: options.keepObservations ?? settings.keepObservations },
      jobs: 1,
      sandbox: true,
    });
    return { trajectory: store.trajectories.get(summary.trajectoryIds[0]!)! as Trajectory, requests: server.requests.filter((r) => r.body) };
  } finally {
    await server.close();
  }
}

test("malformed arguments, unknown tools, 1 MB arguments and 429s are each handled, and the rollout ends as the model submits", async () => {
  const huge = JSON.stringify({ path: "src/cart.js", old_string: "x".repeat(1_048_576), new_string: "" });
  const { trajectory, requests } = await rolloutAgainst(
    [
      { reasoning_content: "Let me look at the cart.", tool_calls: [{ id: "c1", name: "read_file", arguments: '{"path": "src/cart.js"' }] },
      { tool_calls: [{ id: "c2", name: "open_file", arguments: { path: "src/cart.js" } }] },
      { tool_calls: [{ id: "c3", name: "read_file", arguments: { path: "src/cart.js", start_line: 1, end_line: 9 } }] },
      { tool_calls: [{ id: "c4", name: "edit", arguments: huge }] },
      { status: 429, body: { error: { message: "rate limited" } }, headers: { "retry-after": "0" } },
      { tool_calls: [{ id: "c5", name: "edit", arguments: { path: "src/cart.js", old_string: "Math.floor((total", new_string: "Math.round((total" } }] },
      { tool_calls: [{ id: "c6", name: "run_tests", arguments: { files: ["test/cart.test.js"] } }] },
      { content: "Fixed the rounding.", tool_calls: [{ id: "c7", name: "submit", arguments: { summary: "round the discount" } }] },
    ],
    { label: "model:coder-a" },
  );
  assert.equal(trajectory.outcome?.exitReason, "submitted", JSON.stringify(trajectory.outcome));
  const [malformed, unknown, read, oversized, fixed] = trajectory.steps;
  assert.match(malformed!.formatError ?? "", /not valid JSON/);
  assert.equal(malformed!.toolCalls[0]!.argumentsText, '{"path": "src/cart.js"');
  assert.equal(malformed!.reasoning, "Let me look at the cart.");
  assert.ok(malformed!.rawOutput, "the raw response is kept");
  assert.match(unknown!.observations[0]!.content, /no tool named "open_file".*read_file/s);
  assert.equal(read!.formatError, undefined);
  assert.match(read!.observations[0]!.content, /Math\.floor/);
  assert.match(oversized!.formatError ?? "", new RegExp(`over the ${MAX_ARGUMENT_CHARS.toLocaleString("en-US")} limit`));
  assert.ok(oversized!.toolCalls[0]!.argumentsText!.length <= 4096, "a huge argument is not stored whole");
  assert.equal(fixed!.observations[0]!.isError, false);
  assert.match(trajectory.outcome!.patch, /Math\.round/);
  // The model saw its mistakes as tool results it can act on, and was asked with its settings.
  const second = requests[1]!.body!;
  const toolReply = second.messages.find((message) => message.role === "tool" && message.tool_call_id === "c1");
  assert.match(String(toolReply?.content), /not valid JSON/);
  assert.equal(second.temperature, 0.7);
  assert.equal(second.seed, 4, "the seed advances with the turn");
  assert.ok(second.tools?.some((tool) => tool.function.name === "find_symbol"));
  assert.equal(requests.length, 8, "the 429 was retried");
  assert.ok(trajectory.steps.every((step) => step.actor === "student" && step.provenance.sources.some((s) => s.kind === "model-output")));
});

test("a model that never answers ends the rollout with a policy error, and the trajectory is kept", async () => {
  const { trajectory } = await rolloutAgainst([{ tool_calls: [{ name: "repo_tree", arguments: {} }] }, { delayMs: 5_000 }, { delayMs: 5_000 }, { delayMs: 5_000 }], { timeoutMs: 300, label: "model:coder-b" });
  assert.equal(trajectory.outcome?.exitReason, "policy-error");
  assert.match(trajectory.outcome?.detail ?? "", /time|did not answer|timed out/i);
  assert.equal(trajectory.steps.length, 1);
});

test("three replies in a row without a usable call end the rollout; repeated calls are flagged as echoes and old outputs masked", async () => {
  const same = { tool_calls: [{ name: "read_file", arguments: { path: "src/cart.js", start_line: 1, end_line: 3 } }] };
  const { trajectory, requests } = await rolloutAgainst(
    [same, same, same, "I think the bug is in the cart.", { tool_calls: [{ name: "nope", arguments: {} }] }, { tool_calls: [{ name: "edit", arguments: "[1, 2]" }] }],
    { keepObservations: 1, label: "model:coder-c" },
  );
  assert.equal(trajectory.outcome?.exitReason, "format-errors");
  assert.equal(trajectory.steps.length, 6);
  assert.ok(trajectory.steps[2]!.events.some((event) => event.kind === "echo"));
  assert.match(trajectory.steps[3]!.formatError ?? "", /no tool call/);
  assert.match(trajectory.steps[5]!.formatError ?? "", /must be a JSON object/);
  assert.ok(trajectory.steps[0]!.observations[0]!.masked, "the oldest output was masked in later context");
  const last = requests.at(-1)!.body!;
  assert.ok(last.messages.some((message) => message.role === "tool" && /^Old environment output: \(\d+ lines omitted\)$/.test(String(message.content))));
});

test("a model can be DAgger's teacher: it labels the states the scripted student reached, and acts on its own turns", async () => {
  const server = await startFakeModelServer({
    models: ["teacher"],
    script: (request) => {
      const toolResults = request.messages.filter((message) => message.role === "tool").length;
      return toolResults >= 2
        ? { reasoning_content: "Enough seen.", tool_calls: [{ name: "submit", arguments: { summary: "nothing to do" } }] }
        : { reasoning_content: "Look around first.", tool_calls: [{ name: "repo_tree", arguments: { depth: 2 } }] };
    },
  });
  try {
    const teacher = modelPolicy({ client: createChatClient({ baseUrl: server.url, model: "teacher", retryBaseMs: 1 }), actor: "teacher", label: "model:teacher" });
    const student = scriptedPolicy({ script: [{ reasoning: "Check the status.", calls: [{ name: "git_status", arguments: {} }] }] });
    const policy = daggerPolicy({ student, teacher, beta: 0.5, seed: 0, chooseActor: (turn) => (turn === 0 ? "student" : "teacher") });
    const summary = await runRollouts({ runDir, config, store, tasks: [task], makePolicy: () => policy, describePolicy: () => ({ kind: "dagger", teacher: "model:teacher", beta: 0.5 }), samples: 1, settings, jobs: 1, sandbox: true });
    const trajectory = store.trajectories.get(summary.trajectoryIds[0]!)!;
    assert.deepEqual(trajectory.steps.map((step) => `${step.actor}:${step.toolCalls[0]?.name}`), ["student:git_status", "teacher:repo_tree", "teacher:submit"]);
    assert.equal(trajectory.steps[0]!.teacherLabel?.toolCalls[0]?.name, "repo_tree");
    assert.equal(trajectory.steps[0]!.teacherLabel?.reasoning, "Look around first.");
    assert.ok(trajectory.steps[1]!.provenance.sources.some((source) => source.kind === "model-output" && source.model === "teacher"), "the teacher's output is a model's");
    assert.equal(trajectory.outcome?.exitReason, "submitted");
  } finally {
    await server.close();
  }
});
