import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ScriptedStep } from "../../testing/scripted-trajectory.js";
import { UserError } from "../../user-error.js";
import { scriptedContext, scriptedExample } from "../chat/scripted-example.js";
import { isSkipped, type CuratedExample, type ExportRow, type FormatContext } from "../export-format.js";
import { decodeHarmonyTokens } from "../harmony/render-harmony.js";
import { rowJson } from "../shared-json.js";
import { harmony } from "./harmony.js";

const steps: ScriptedStep[] = [
  { reasoning: "Find the money code.", calls: [["repo_search", { query: "add" }, "src/money.ts:3: export function add"]] },
  { reasoning: "Read it.", calls: [["read_file", { path: "src/money.ts" }, 'export const add = (a, b) => a - b; // "<|end|>" in a file']] },
  { reasoning: "add subtracts; make it add.", calls: [["edit", { path: "src/money.ts", old_string: "a - b", new_string: "a + b" }, "edited src/money.ts"]] },
  { reasoning: "Check.", calls: [["run_tests", {}, "3 tests: 3 passed"]] },
  { reasoning: "Done.", calls: [["submit", { summary: "add adds" }, "submitted"]] },
];

/** REFERENCE's o200k_harmony ids of the structural tokens. */
const SPECIAL_IDS: Record<string, number> = {
  "<|return|>": 200002,
  "<|constrain|>": 200003,
  "<|channel|>": 200005,
  "<|start|>": 200006,
  "<|end|>": 200007,
  "<|message|>": 200008,
  "<|call|>": 200012,
};

function harmonyRows(example: CuratedExample, context: FormatContext) {
  if (harmony.input !== "examples") throw new Error("harmony reads examples");
  return harmony.rows(example, context);
}

async function rowOf(example: CuratedExample, context: FormatContext = scriptedContext()): Promise<ExportRow> {
  const [output, ...rest] = await harmonyRows(example, context);
  assert.equal(rest.length, 0);
  assert.ok(output && !isSkipped(output), `skipped: ${output && isSkipped(output) ? output.skipped : "nothing"}`);
  // The row's line is assembled from cached parts (the ids of long texts, runs of the mask); it must be what JSON.stringify writes.
  assert.equal(rowJson(output.value), JSON.stringify(output.value));
  return output;
}

/** The decoded runs of tokens with the given mask bit. */
function runs(value: Record<string, unknown>, bit: 0 | 1): string[] {
  const tokens = value.tokens as number[];
  const mask = value.loss_mask as number[];
  const out: string[] = [];
  let run: number[] = [];
  tokens.forEach((id, index) => {
    if (mask[index] === bit) run.push(id);
    else if (run.length > 0) (out.push(decodeHarmonyTokens(run)), (run = []));
  });
  if (run.length > 0) out.push(decodeHarmonyTokens(run));
  return out;
}

describe("harmony format", () => {
  it("writes text, o200k_harmony tokens that decode back to it and a loss mask of the same length", async () => {
    const { split, kind, value } = await rowOf(scriptedExample({ steps }));
    assert.equal(split, "train");
    assert.equal(kind, "harmony:agent");
    const tokens = value.tokens as number[];
    assert.equal(decodeHarmonyTokens(tokens), value.text);
    assert.equal((value.loss_mask as number[]).length, tokens.length);
    assert.equal(value.n_tokens, tokens.length);
    assert.equal(value.n_trainable, (value.loss_mask as number[]).filter((bit) => bit === 1).length);
    assert.deepEqual([value.capability, value.trajectory_id, value.task_id], ["agent", "trajectory-1", "task-1"]);
    assert.ok((value.text as string).endsWith('<|start|>assistant<|channel|>commentary to=functions.submit <|constrain|>json<|message|>{"summary":"add adds"}<|call|>'));
  });

  it("writes the structural tokens as REFERENCE's ids and a file's <|end|> as plain text", async () => {
    const { value } = await rowOf(scriptedExample({ steps }));
    const tokens = value.tokens as number[];
    const text = value.text as string;
    for (const [token, id] of Object.entries(SPECIAL_IDS)) {
      assert.equal(decodeHarmonyTokens([id]), token);
      const structural = text.split(token).length - 1 - (token === "<|end|>" ? 1 : 0);
      assert.equal(tokens.filter((t) => t === id).length, structural, token);
    }
    assert.equal(tokens[0], 200006);
    assert.equal(tokens.at(-1), 200012);
  });

  it("trains only the assistant's tokens", async () => {
    const { value } = await rowOf(scriptedExample({ steps }));
    const trained = runs(value, 1);
    assert.equal(trained.length, steps.length);
    for (const run of trained) {
      assert.ok(run.startsWith("<|channel|>analysis<|message|>"), run);
      assert.ok(!/<\|start\|>(?:user|system|developer|functions\.)/.test(run), run);
    }
    const context = runs(value, 0).join("");
    for (const output of ["src/money.ts:3: export function add", "3 tests: 3 passed", "Money.add subtracts", "You fix issues through tools."]) {
      assert.ok(context.includes(output));
      assert.ok(!trained.join("").includes(output));
    }
  });

  it("keeps a loss-masked step as context and trains none of it", async () => {
    const { value } = await rowOf(scriptedExample({ steps, maskedSteps: [1, 2] }));
    const full = await rowOf(scriptedExample({ steps }));
    assert.equal(value.text, full.value.text);
    const trained = runs(value, 1).join("");
    assert.ok(!trained.includes("Read it.") && !trained.includes("a + b"));
    assert.ok(trained.includes("Find the money code.") && trained.includes("Check."));
    assert.ok((value.n_trainable as number) < (full.value.n_trainable as number));
  });

  it("skips negatives and a trajectory with nothing left to train", async () => {
    assert.deepEqual(await harmonyRows(scriptedExample({ steps, label: "negative" }), scriptedContext()), [{ skipped: "negative: not resolved or hack-flagged" }]);
    const allMasked = scriptedExample({ steps, maskedSteps: [0, 1, 2, 3, 4] });
    assert.deepEqual(await harmonyRows(allMasked, scriptedContext()), [{ skipped: "nothing to train on: every assistant turn is loss-masked" }]);
  });

  it("with a capability, selects and shapes by its formatter and sets the capability column", async () => {
    const context = { ...scriptedContext(), capability: "navigation" };
    const { kind, value } = await rowOf(scriptedExample({ steps }), context);
    assert.equal(kind, "harmony:navigation");
    assert.equal(value.capability, "navigation");
    assert.ok((value.text as string).endsWith("<|start|>assistant<|channel|>analysis<|message|>add subtracts; make it add.<|end|>"));
    assert.ok(!(value.text as string).includes("functions.edit <|constrain|>"));

    const refactor = await harmonyRows(scriptedExample({ steps }), { ...scriptedContext(), capability: "refactor" });
    assert.deepEqual(refactor, [{ skipped: "refactor: the task is bug-fix, not a refactor" }]);
    assert.throws(() => harmonyRows(scriptedExample({ steps }), { ...scriptedContext(), capability: "poetry" }), UserError);
  });
});
