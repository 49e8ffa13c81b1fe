import { capabilityFormatter } from "../capability/capability-formatters.js";
import { toolsForTrajectory } from "../chat/tools-for-trajectory.js";
import type { ExportFormat } from "../export-format.js";
import { renderHarmonyTextAndTokens } from "../harmony/render-harmony.js";
import { trajectoryHarmony } from "../harmony/trajectory-harmony.js";

const NEGATIVE = "negative: not resolved or hack-flagged";
const NOTHING_TRAINED = "nothing to train on: every assistant turn is loss-masked";
/** The `capability` column of a whole trajectory (seed 002's `harmony_agent`). */
export const WHOLE_TRAJECTORY = "agent";

/**
 * gpt-oss SFT in Harmony: one row per positive trajectory with the rendered text, its
 * `o200k_harmony` token ids and a loss mask that is 1 exactly on the tokens the model sampled
 * (loss-masked and refused steps stay as context at 0). With `--capability`, that seed 002
 * formatter picks the trajectories and cuts each to what teaches the capability.
 */
export const harmony: ExportFormat = {
  name: "harmony",
  summary:
    "gpt-oss Harmony SFT: `{text, tokens, loss_mask, …}` per resolved, never hack-flagged trajectory, o200k_harmony ids, " +
    "reasoning kept on every turn, loss-masked steps kept as context with mask 0; `--capability` picks a seed 002 formatter " +
    "(navigation, plan, recovery, test_gen, git, refactor).",
  loading: [
    "```python",
    "from datasets import load_dataset",
    "",
    'dataset = load_dataset("path/to/this/directory")',
    "def to_features(row):",
    '    labels = [t if m else -100 for t, m in zip(row["tokens"], row["loss_mask"])]',
    '    return {"input_ids": row["tokens"], "attention_mask": [1] * len(row["tokens"]), "labels": labels}',
    'train = dataset["train"].map(to_features, remove_columns=dataset["train"].column_names)',
    "```",
    "",
    "The ids are gpt-oss's own (`o200k_harmony`); `text` is the same conversation as a string, for inspection or re-tokenizing.",
  ].join("\n"),
  input: "examples",
  output: "jsonl",
  rows(example, context) {
    const { trajectory, task, decision } = example;
    if (decision.label !== "positive") return [{ skipped: NEGATIVE }];
    const formatter = context.capability === undefined ? undefined : capabilityFormatter({ name: context.capability });
    if (formatter) {
      const verdict = formatter.select(example);
      if (verdict !== true) return [{ skipped: `${formatter.name}: ${verdict}` }];
    }
    const tools = toolsForTrajectory({ trajectory, tools: context.tools });
    if ("skipped" in tools) return [tools];
    const conversation = trajectoryHarmony({ example, tools: tools.tools });
    const messages = formatter ? formatter.shape(example, conversation) : conversation;
    const { text, tokens, lossMask } = renderHarmonyTextAndTokens({ messages, forTraining: true });
    const trainable = lossMask.reduce((sum, bit) => sum + bit, 0);
    if (trainable === 0) return [{ skipped: NOTHING_TRAINED }];
    const capability = formatter?.name ?? WHOLE_TRAJECTORY;
    return [
      {
        split: decision.split,
        kind: `harmony:${capability}`,
        value: {
          text,
          tokens,
          loss_mask: lossMask,
          capability,
          trajectory_id: trajectory.id,
          task_id: task.id,
          n_tokens: tokens.length,
          n_trainable: trainable,
        },
      },
    ];
  },
};
