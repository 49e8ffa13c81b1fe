import type { ChatMessage, ToolDefinition } from "../../models/chat-client.js";
import type { Observation, Step } from "../../schema/records.js";
import { countMessageTokens } from "./count-tokens.js";
import { lineCount, maskedPlaceholder } from "./masked-placeholder.js";

export interface BuildContextOptions {
  system: string;
  /** The task prompt. */
  user: string;
  steps: readonly Step[];
  /** Observations kept verbatim, newest first counted; older ones masked. 0 masks all. */
  keepObservations: number;
  tools: readonly ToolDefinition[];
  /** Appended as a final user message (the harness's budget warning), when given. */
  notice?: string;
}

export interface BuiltContext {
  messages: ChatMessage[];
  /** `${stepIndex}:${toolCallId}` of every observation shown masked. */
  masked: Set<string>;
  promptTokens: number;
}

/** An output this small stays verbatim however old: its placeholder would save nothing. */
const SHORT_MAX_LINES = 2;
const SHORT_MAX_CHARS = 200;

/**
 * The context a model sees: system, task, then each step as an assistant message and its tool
 * results. Observation masking ("The Complexity Trap"): the newest `keepObservations` tool results
 * stay verbatim and older ones become a one-line placeholder, while every action stays. The window
 * counts positions, so "keep 10" means the last ten tool results whatever their size; short
 * results outside it (two lines and 200 characters at most, such as "Edit applied.") are shown
 * verbatim anyway, since masking them loses information without saving tokens. Reasoning is never
 * sent back.
 */
export function buildContext(options: BuildContextOptions): BuiltContext {
  const { steps, keepObservations, tools, notice } = options;
  const messages: ChatMessage[] = [
    { role: "system", content: options.system },
    { role: "user", content: options.user },
  ];
  const masked = new Set<string>();
  const total = steps.reduce((sum, step) => sum + step.observations.length, 0);
  let seen = 0;

  for (const step of steps) {
    if (step.toolCalls.length === 0) {
      messages.push({ role: "assistant", content: step.content });
      if (step.formatError) messages.push({ role: "user", content: step.formatError });
    } else {
      messages.push({
        role: "assistant",
        content: step.content || null,
        tool_calls: step.toolCalls.map((call) => ({
          id: call.id,
          type: "function",
          function: { name: call.name, arguments: call.argumentsText ?? JSON.stringify(call.arguments) },
        })),
      });
    }
    for (const observation of inCallOrder(step)) {
      const newerCount = total - ++seen;
      const mask = newerCount >= keepObservations && !isShort(observation.content);
      if (mask) masked.add(`${step.index}:${observation.toolCallId}`);
      const name = observation.tool ?? step.toolCalls.find((call) => call.id === observation.toolCallId)?.name;
      messages.push({
        role: "tool",
        tool_call_id: observation.toolCallId,
        ...(name !== undefined && { name }),
        content: mask ? maskedPlaceholder(observation.content) : observation.content,
      });
    }
  }
  if (notice !== undefined) messages.push({ role: "user", content: notice });
  return { messages, masked, promptTokens: countMessageTokens({ messages, tools }) };
}

function isShort(content: string): boolean {
  return content.length <= SHORT_MAX_CHARS && lineCount(content) <= SHORT_MAX_LINES;
}

/** Tool results must follow the order of the calls; one for an unknown call goes last. */
function inCallOrder(step: Step): Observation[] {
  const position = (observation: Observation) => {
    const index = step.toolCalls.findIndex((call) => call.id === observation.toolCallId);
    return index === -1 ? step.toolCalls.length : index;
  };
  return [...step.observations].sort((a, b) => position(a) - position(b));
}
