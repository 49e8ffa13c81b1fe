import assert from "node:assert/strict";
import { test } from "node:test";
import { trajectory as trajectorySchema, type Step, type Trajectory } from "../schema/records.js";
import { renderTranscript } from "./render-transcript.js";

const now = "2026-11-21T10:00:00.000Z";
const raw = `sha256:${"a".repeat(64)}`;
const provenance = { tier: "transparent" as const, sources: [] };

function step(fields: Partial<Step> & Pick<Step, "index" | "actor">): Step {
  return {
    reasoning: "",
    content: "",
    toolCalls: [],
    observations: [],
    tokens: { prompt: 1204, completion: 88 },
    provenance,
    events: [],
    startedAt: now,
    durationMs: 340,
    policyMs: 0,
    ...fields,
  };
}

const longFile = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n");
const patch = `diff --git a/src/calc.js b/src/calc.js
index 1111111..2222222 100644
--- a/src/calc.js
+++ b/src/calc.js
@@ -1,3 +1,3 @@
 export function add(a, b) {
-  return a - b;
+  return a + b;
 }
`;

const trajectory: Trajectory = trajectorySchema.parse({
  id: "traj-7",
  taskId: "local__calc-1",
  roundId: "round-0",
  policy: { kind: "dagger", model: "qwen3-coder", temperature: 0.7, seed: 7, sample: 2, teacher: "big-teacher", beta: 0.5 },
  prompt: {
    system: Array.from({ length: 30 }, (_, i) => `system rule ${i + 1}`).join("\n"),
    user: "Fix add: it subtracts.\nThe tests in test/calc.test.js show it.",
  },
  tools: ["read_file", "edit", "run_tests", "submit"],
  settings: { contextWindow: 32768, keepObservations: 10, maxSteps: 50, maxWallMs: 1_800_000, maxObservationChars: 10_000 },
  steps: [
    step({
      index: 0,
      actor: "teacher",
      reasoning: "Look at the code first.\nThen the tests.",
      content: "Reading the file.",
      toolCalls: [{ id: "c1", name: "read_file", arguments: { path: "src/a.ts", start_line: 1 } }],
      observations: [{ toolCallId: "c1", tool: "read_file", content: longFile, raw, truncated: true, masked: true, isError: false, sources: [] }],
      events: [
        { kind: "echo", detail: "the output repeats the file you read at step 0", toolCallId: "c1" },
        { kind: "budget-warning", detail: "80% of the token budget used" },
      ],
      policyMs: 300,
    }),
    step({
      index: 1,
      actor: "student",
      reasoning: "Edit it.",
      toolCalls: [
        { id: "c2", name: "edit", arguments: { path: "src/calc.js", old: "return a - b;", new: `return a + b; // ${"x".repeat(200)}` } },
        { id: "c3", name: "edit", arguments: {}, argumentsText: '{"path": "src/calc.js", "old": ' },
      ],
      observations: [
        { toolCallId: "c2", tool: "edit", content: "refused: .git is read-only", truncated: false, masked: false, isError: true, sources: [] },
        { toolCallId: "c3", tool: "edit", content: "arguments are not valid JSON", truncated: false, masked: false, isError: true, sources: [] },
      ],
      events: [{ kind: "guard-blocked", detail: "writes under .git are not allowed", toolCallId: "c2" }],
      teacherLabel: { reasoning: "fix it", toolCalls: [{ id: "t1", name: "edit", arguments: { path: "src/calc.js", old: "a - b", new: "a + b" } }] },
    }),
    step({ index: 2, actor: "student", reasoning: "", formatError: "no tool call in the answer" }),
    step({
      index: 3,
      actor: "student",
      toolCalls: [{ id: "c4", name: "submit", arguments: {} }],
      observations: [{ toolCallId: "c4", tool: "submit", content: "submitted", truncated: false, masked: false, isError: false, sources: [] }],
      teacherLabel: { reasoning: "", toolCalls: [{ id: "t2", name: "submit", arguments: {} }] },
    }),
  ],
  outcome: { patch, submitted: true, exitReason: "submitted", detail: "the policy called submit" },
  usage: { promptTokens: 12345, completionTokens: 678, wallTimeMs: 62_000 },
  sandboxed: true,
  createdAt: now,
});

test("a transcript shows the header, prompts, every step's parts and the final patch", () => {
  const text = renderTranscript({ trajectory });
  const lines = text.split("\n");
  const has = (line: string) => assert.ok(lines.includes(line), `missing line:\n${line}\n\nin:\n${text}`);

  has("trajectory traj-7 · round round-0 · 2026-11-21T10:00:00.000Z");
  has("task: local__calc-1");
  has("policy: dagger · model qwen3-coder · temperature 0.7 · seed 7 · sample 2 · teacher big-teacher (beta 0.5)");
  has("exit: submitted — the policy called submit");
  has("steps 4 · tokens 12,345 prompt + 678 completion · wall 1m 02s · sandboxed");
  has("tools: read_file, edit, run_tests, submit");
  has("settings: context 32,768 tokens · keep 10 observations · max 50 steps · max wall 30m 00s · observations cut at 10,000 chars");
  // The system prompt is summarised, the user prompt shown whole.
  has("── system prompt (first 8 of 30 lines)");
  has("system rule 8");
  assert.ok(!lines.includes("system rule 9"));
  has("… 22 more lines");
  has("The tests in test/calc.test.js show it.");

  has("── step 0 · teacher · 1,204+88 tokens · 340 ms (policy 300 ms)");
  has("  thinking: Look at the code first.");
  has("            Then the tests.");
  has("  Reading the file.");
  has('  → read_file {"path":"src/a.ts","start_line":1}');
  has("    ← read_file · 30 lines [cut for the model] [masked in later context]");
  has("      line 20");
  assert.ok(!lines.includes("      line 21"));
  has(`      … 10 more lines (full output: ${raw})`);
  has("    ! echo: the output repeats the file you read at step 0");
  has("  ! budget-warning: 80% of the token budget used");

  has("── step 1 · student · 1,204+88 tokens · 340 ms");
  assert.ok(lines.some((line) => line.startsWith('  → edit {"path":"src/calc.js","old":"return a - b;","new":"return a + b; // xxx') && line.endsWith('x…"}')));
  has("    ← edit · 1 line [error]");
  has("    ! guard-blocked: writes under .git are not allowed");
  has('  → edit (malformed arguments) {"path": "src/calc.js", "old": ');
  has('  teacher would: → edit {"path":"src/calc.js","old":"a - b","new":"a + b"}');

  has("  ! format error: no tool call in the answer");
  // The teacher agreed at step 3: no label shown.
  assert.equal(lines.filter((line) => line.startsWith("  teacher would:")).length, 1);

  has("── final patch: 1 file (src/calc.js), +1 −1 lines");
  has("+  return a + b;");
});

test("options: fewer observation lines, masked content hidden; an unfinished trajectory says so", () => {
  const short = renderTranscript({ trajectory, maxObservationLines: 3 }).split("\n");
  assert.ok(short.includes("      line 3") && !short.includes("      line 4"));
  assert.ok(short.includes(`      … 27 more lines (full output: ${raw})`));

  const hidden = renderTranscript({ trajectory, showMasked: false }).split("\n");
  assert.ok(hidden.includes("    ← read_file · 30 lines [cut for the model] [masked in later context]"));
  assert.ok(!hidden.includes("      line 1"));

  const { outcome: _, ...running } = trajectory;
  const text = renderTranscript({ trajectory: { ...running, steps: [] } });
  assert.match(text, /^exit: running\/killed \(no outcome recorded\)$/m);
  assert.match(text, /^── no outcome: the rollout is still running, or was killed before it ended$/m);
  assert.doesNotMatch(text, /\u001b\[/, "no colours");
});
