import { maskedPlaceholder } from "../../rollout/context/masked-placeholder.js";
import type { Step, Trajectory } from "../../schema/records.js";

/** A tool call as OpenAI-compatible chat APIs write it: arguments as JSON text. */
export interface ExportToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** One message of an exported conversation; `step` says which trajectory step produced it. */
export type ExportMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string }
  | { role: "assistant"; content: string; reasoning: string; tool_calls: ExportToolCall[]; step: number }
  | { role: "tool"; tool_call_id: string; name: string; content: string; step: number };

/**
 * A trajectory as the conversation the policy had at its last turn: system and task prompts,
 * then per step the assistant turn (with its reasoning, which exports may keep or drop) and the
 * tool results in call order. Observations masked in later context appear as their placeholder,
 * exactly as the model last saw them, so the conversation fits the window it ran in.
 */
export function trajectoryMessages(trajectory: Trajectory): ExportMessage[] {
  const messages: ExportMessage[] = [
    { role: "system", content: trajectory.prompt?.system ?? "" },
    { role: "user", content: trajectory.prompt?.user ?? "" },
  ];
  for (const step of trajectory.steps) messages.push(...stepMessages(step));
  return messages;
}

/** The assistant turn of one step and the tool results that answered it. */
export function stepMessages(step: Step): ExportMessage[] {
  const messages: ExportMessage[] = [
    {
      role: "assistant",
      content: step.content,
      reasoning: step.reasoning,
      tool_calls: step.toolCalls.map((call) => ({
        id: call.id,
        type: "function",
        function: { name: call.name, arguments: call.argumentsText ?? JSON.stringify(call.arguments) },
      })),
      step: step.index,
    },
  ];
  const position = (toolCallId: string) => {
    const index = step.toolCalls.findIndex((call) => call.id === toolCallId);
    return index === -1 ? step.toolCalls.length : index;
  };
  const ordered = [...step.observations].sort((a, b) => position(a.toolCallId) - position(b.toolCallId));
  for (const observation of ordered) {
    messages.push({
      role: "tool",
      tool_call_id: observation.toolCallId,
      name: observation.tool ?? step.toolCalls.find((call) => call.id === observation.toolCallId)?.name ?? "unknown",
      content: observation.masked ? maskedPlaceholder(observation.content) : observation.content,
      step: step.index,
    });
  }
  // A refused turn (no valid call) was answered with a correction, which the policy saw next.
  if (step.toolCalls.length === 0 && step.formatError) messages.push({ role: "user", content: step.formatError });
  return messages;
}

/** The teacher's labelled action at a state, as the assistant turn a DAgger example trains on. */
export function teacherMessage(step: Step): Extract<ExportMessage, { role: "assistant" }> | undefined {
  if (!step.teacherLabel) return undefined;
  return {
    role: "assistant",
    content: "",
    reasoning: step.teacherLabel.reasoning,
    tool_calls: step.teacherLabel.toolCalls.map((call) => ({
      id: call.id,
      type: "function",
      // A label the teacher wrote as invalid JSON keeps its text, as the step's own calls do.
      function: { name: call.name, arguments: call.argumentsText ?? JSON.stringify(call.arguments) },
    })),
    step: step.index,
  };
}
