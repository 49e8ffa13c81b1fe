import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import type { Step, Trajectory } from "../../schema/records.js";
import { openRunStore } from "../../store/run-store.js";
import { tempDir } from "../../testing/temp-dir.js";
import { UserError } from "../../user-error.js";
import type { CommandContext } from "../command-context.js";
import { NoRunStoreError, TrajectoriesUsageError, TrajectoryNotFoundError, trajectoriesCommand, type TrajectorySummary } from "./trajectories.js";

const now = "2026-11-21T10:00:00.000Z";

function step(index: number): Step {
  return {
    index,
    actor: "student",
    reasoning: `step ${index} thinking`,
    content: "",
    toolCalls: [{ id: `c${index}`, name: "read_file", arguments: { path: "src/calc.js" } }],
    observations: [{ toolCallId: `c${index}`, tool: "read_file", content: "export function add(a, b) {}", truncated: false, masked: false, isError: false, sources: [] }],
    tokens: { prompt: 1000, completion: 50 },
    provenance: { tier: "transparent", sources: [] },
    events: [],
    startedAt: now,
    durationMs: 120,
    policyMs: 100,
  };
}

function trajectory(id: string, fields: Partial<Trajectory> = {}): Trajectory {
  return {
    id,
    taskId: "local__calc-1",
    policy: { kind: "model", model: "qwen3-coder", sample: 0 },
    tools: ["read_file", "submit"],
    steps: [step(0), step(1)],
    outcome: { patch: "", submitted: true, exitReason: "submitted" },
    usage: { promptTokens: 2000, completionTokens: 100, wallTimeMs: 4200 },
    sandboxed: true,
    createdAt: now,
    ...fields,
  };
}

function setup(t: Parameters<typeof tempDir>[0]) {
  const runDir = join(tempDir(t), "run");
  const store = openRunStore({ dir: runDir });
  store.trajectories.save(trajectory("traj-a"));
  store.trajectories.save(trajectory("traj-b", { taskId: "local__calc-2", policy: { kind: "oracle" }, steps: [step(0)], outcome: undefined }));
  store.close();
  const logged: string[] = [];
  const context = (json = false): CommandContext => ({ command: "trajectories", runDir, json, log: (line) => logged.push(line) });
  return { runDir, context, logged };
}

test("list prints one line per trajectory and a count; --json data are summaries without steps", async (t) => {
  const { context } = setup(t);
  const result = await trajectoriesCommand(context(), ["list"], {});
  assert.equal(result.exitCode, 0);
  assert.deepEqual(result.human, [
    "traj-a  local__calc-1  model qwen3-coder #0  2 steps  submitted  2,100 tokens  4.2 s",
    "traj-b  local__calc-2  oracle  1 step  running/killed  2,100 tokens  4.2 s",
    "2 trajectories (1 without an outcome)",
  ]);
  const data = result.data as TrajectorySummary[];
  assert.deepEqual(data.map((summary) => [summary.id, summary.steps, summary.exitReason]), [["traj-a", 2, "submitted"], ["traj-b", 1, null]]);
  assert.ok(data.every((summary) => !("steps" in summary && Array.isArray(summary.steps))));
});

test("list filters by task, policy kind and unfinished; an unknown kind is a usage error", async (t) => {
  const { context } = setup(t);
  const ids = async (options: object) => ((await trajectoriesCommand(context(), [], options)).data as TrajectorySummary[]).map((summary) => summary.id);
  assert.deepEqual(await ids({ task: "local__calc-1" }), ["traj-a"]);
  assert.deepEqual(await ids({ policy: "oracle" }), ["traj-b"]);
  assert.deepEqual(await ids({ unfinished: true }), ["traj-b"]);
  assert.deepEqual(await ids({ task: "nope" }), []);
  await assert.rejects(trajectoriesCommand(context(), ["list"], { policy: "robot" }), (error) => error instanceof TrajectoriesUsageError && /unknown policy kind robot \(kinds: model, oracle, dagger, scripted\)/.test(error.message));
});

test("show prints the transcript, and --json data is the whole record", async (t) => {
  const { context } = setup(t);
  const result = await trajectoriesCommand(context(), ["show", "traj-a"], {});
  assert.equal(result.exitCode, 0);
  assert.equal(result.human[0], `trajectory traj-a · ${now}`);
  assert.ok(result.human.includes("── step 1 · student · 1,000+50 tokens · 120 ms (policy 100 ms)"), result.human.join("\n"));
  assert.ok(result.human.includes('  → read_file {"path":"src/calc.js"}'));
  assert.equal((result.data as Trajectory).steps.length, 2);

  const short = await trajectoriesCommand(context(true), ["show", "traj-b"], { lines: "0" });
  assert.ok(short.human.includes("      … 1 more line"), short.human.join("\n"));
  await assert.rejects(trajectoriesCommand(context(), ["show", "traj-b"], { lines: "many" }), TrajectoriesUsageError);
});

test("unknown ids, actions and a missing store are errors the user can fix", async (t) => {
  const { context } = setup(t);
  await assert.rejects(trajectoriesCommand(context(), ["show", "traj-zzz"], {}), (error) => error instanceof TrajectoryNotFoundError && error.hint === "kaizen trajectories list shows the ids");
  await assert.rejects(trajectoriesCommand(context(), ["show"], {}), TrajectoriesUsageError);
  await assert.rejects(trajectoriesCommand(context(), ["delete"], {}), (error) => error instanceof TrajectoriesUsageError && /unknown action delete \(actions: list, show\)/.test(error.message));
  const nowhere = { ...context(), runDir: join(tempDir(t), "missing") };
  await assert.rejects(trajectoriesCommand(nowhere, ["list"], {}), (error) => error instanceof NoRunStoreError && error instanceof UserError && /no run store in .*missing/.test(error.message));
});
