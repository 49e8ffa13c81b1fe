import { maskedPlaceholder } from "../../rollout/context/masked-placeholder.js";
import type { Trajectory } from "../../schema/records.js";
import { stepMessages, type ExportMessage } from "./trajectory-messages.js";

/**
 * The conversation as the policy saw it when it chose the action of step `index`: the system and
 * task prompts, then every earlier step's turn and tool results. It differs from
 * `trajectoryMessages` (the view at the last turn) in two ways. The harness never sends reasoning
 * back, so earlier turns carry none. And observations are masked as that turn's context masked
 * them: a result is masked once it has `keepObservations` newer ones and is not short, so it was
 * masked at this state exactly when it is marked masked (it was by the end) and already had that
 * many newer results here. Without recorded settings the end's masking stands.
 */
export function stateMessages({ trajectory, index }: { trajectory: Trajectory; index: number }): ExportMessage[] {
  const earlier = trajectory.steps.filter((step) => step.index < index);
  const keep = trajectory.settings?.keepObservations;
  const total = earlier.reduce((sum, step) => sum + step.observations.length, 0);
  let seen = 0;
  const messages: ExportMessage[] = [
    { role: "system", content: trajectory.prompt?.system ?? "" },
    { role: "user", content: trajectory.prompt?.user ?? "" },
  ];
  for (const step of earlier) {
    for (const message of stepMessages(step)) {
      if (message.role === "assistant") {
        messages.push({ ...message, reasoning: "" });
      } else if (message.role === "tool") {
        const observation = step.observations.find((entry) => entry.toolCallId === message.tool_call_id);
        const newer = total - ++seen;
        const masked = observation !== undefined && observation.masked && (keep === undefined || newer >= keep);
        messages.push({ ...message, content: masked ? maskedPlaceholder(observation.content) : (observation?.content ?? message.content) });
      } else {
        messages.push(message);
      }
    }
  }
  return messages;
}
