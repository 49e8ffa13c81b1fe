import type { Trajectory } from "../../schema/records.js";
import { chatRowMessages, type ChatRowMessage } from "../chat/chat-row-messages.js";
import { toolsForTrajectory } from "../chat/tools-for-trajectory.js";
import { trajectoryMessages } from "../chat/trajectory-messages.js";
import type { FormatContext, FormatOutput, SkippedInput, TaskGroup } from "../export-format.js";
import { pairTrajectories, type PreferencePair } from "./pair-trajectories.js";

export interface PreferenceRowsOptions {
  group: TaskGroup;
  context: FormatContext;
  /** The format's own rule for which pairs it emits: undefined keeps the pair, a string is the reason it does not. */
  exclude?: (pair: PreferencePair) => string | undefined;
}

/**
 * TRL preference rows (conversational, explicit prompt) for one task's pairs:
 * `{prompt, chosen, rejected, tools}` in the trl-sft/kto message shape, plus the pair's
 * dimension, dimensions, why and ids. DPOTrainer keeps only the columns it tokenizes, so the
 * extra ones cost nothing in training and are there for filtering and audit.
 */
export function preferenceRows({ group, context, exclude }: PreferenceRowsOptions): FormatOutput[] {
  const { pairs, skipped } = pairTrajectories({ group });
  const outputs: FormatOutput[] = skipped.map((reason) => ({ skipped: reason }));
  for (const pair of pairs) {
    const reason = exclude?.(pair);
    if (reason) {
      outputs.push({ skipped: reason });
      continue;
    }
    const chosen = conversation(pair.chosen.trajectory, context);
    const rejected = conversation(pair.rejected.trajectory, context);
    if ("skipped" in chosen || "skipped" in rejected) {
      outputs.push({ skipped: `pair: ${"skipped" in chosen ? chosen.skipped : (rejected as SkippedInput).skipped}` });
      continue;
    }
    // A preference is only defined between answers to the same prompt, tools included.
    if (!sameTools(chosen.tools, rejected.tools) || JSON.stringify(chosen.prompt) !== JSON.stringify(rejected.prompt)) {
      outputs.push({ skipped: "pair: chosen and rejected had different prompts or tools" });
      continue;
    }
    outputs.push({
      split: pair.split,
      kind: `pair:${pair.dimension}`,
      value: {
        prompt: chosen.prompt,
        chosen: chosen.completion,
        rejected: rejected.completion,
        tools: chosen.tools,
        dimension: pair.dimension,
        dimensions: pair.dimensions,
        why: pair.why,
        task_id: pair.task.id,
        chosen_id: pair.chosen.trajectory.id,
        rejected_id: pair.rejected.trajectory.id,
      },
    });
  }
  return outputs;
}

interface Conversation {
  prompt: ChatRowMessage[];
  completion: ChatRowMessage[];
  tools: readonly unknown[];
}

function conversation(trajectory: Trajectory, context: FormatContext): Conversation | SkippedInput {
  const tools = toolsForTrajectory({ trajectory, tools: context.tools });
  if ("skipped" in tools) return tools;
  const rows = chatRowMessages({ messages: trajectoryMessages(trajectory) });
  if ("skipped" in rows) return rows;
  return { prompt: rows.messages.slice(0, 2), completion: rows.messages.slice(2), tools: tools.tools };
}

/** Both lists pick their definitions from the same context, so the same tools are the same objects. */
function sameTools(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((tool, index) => tool === b[index]);
}
