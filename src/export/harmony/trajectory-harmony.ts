import type { ToolDefinition } from "../../models/chat-client.js";
import type { Step } from "../../schema/records.js";
import { stepMessages } from "../chat/trajectory-messages.js";
import type { CuratedExample } from "../export-format.js";
import type { HarmonyMessage, HarmonyReasoningEffort } from "./render-harmony.js";
import type { HarmonyToolDefinition, JsonSchema } from "./render-tool-namespace.js";

export interface TrajectoryHarmonyOptions {
  example: CuratedExample;
  /** The tools the trajectory was offered (`toolsForTrajectory`), declared in the developer message. */
  tools: readonly ToolDefinition[];
  /** The system message's `Reasoning:` line; default `medium`, gpt-oss's own default. */
  reasoningEffort?: HarmonyReasoningEffort;
}

/**
 * A curated trajectory as the Harmony conversation gpt-oss is trained on: system (reasoning
 * effort, channels, the rollout's date), developer (the rollout's system prompt and a `functions`
 * namespace of its tools), the task prompt, then per step the reasoning on `analysis` — kept on
 * every turn — the tool calls on `commentary`, each followed by its result.
 *
 * A step curation loss-masked, or one the harness refused (a malformed call, a reply with no
 * call), stays in the text as context but is not trained on. The conversation ends on the last
 * assistant message: a trajectory that ends in `submit` ends in its `<|call|>` (the "submitted"
 * result would only add untrained tokens), and one that ends in a plain reply ends in a `final`
 * message, which training renders with `<|return|>`.
 */
export function trajectoryHarmony({ example, tools, reasoningEffort = "medium" }: TrajectoryHarmonyOptions): HarmonyMessage[] {
  const { trajectory, task, decision } = example;
  const untrained = new Set([...decision.maskedSteps, ...trajectory.steps.filter(refused).map((step) => step.index)]);
  const instructions = trajectory.prompt?.system ?? "";
  const messages: HarmonyMessage[] = [
    { role: "system", reasoningEffort, currentDate: trajectory.createdAt.slice(0, 10) },
    {
      role: "developer",
      ...(instructions.trim() === "" ? {} : { instructions }),
      tools: harmonyTools(tools),
    },
    { role: "user", content: trajectory.prompt?.user || task.problemStatement },
  ];
  for (const step of trajectory.steps) messages.push(...stepHarmony({ step, trainable: !untrained.has(step.index) }));
  return endOnAssistantTurn(messages);
}

/** Drops what follows the last assistant message (tool results, a correction): nothing there is trained. */
export function endOnAssistantTurn(messages: HarmonyMessage[]): HarmonyMessage[] {
  let last = messages.length - 1;
  while (last >= 0 && messages[last]!.role !== "assistant") last--;
  return last < 0 ? messages : messages.slice(0, last + 1);
}

/** One step's messages. Several calls in one step are written one call and its result at a time, as Harmony has no parallel calls. */
function stepHarmony({ step, trainable }: { step: Step; trainable: boolean }): HarmonyMessage[] {
  const [assistant, ...answers] = stepMessages(step);
  if (assistant?.role !== "assistant") return [];
  const own = { trainable, step: step.index };
  const messages: HarmonyMessage[] = [];
  if (assistant.reasoning.trim() !== "") messages.push({ role: "assistant", channel: "analysis", content: assistant.reasoning, ...own });
  const calls = assistant.tool_calls;
  // Text beside a call is a preamble (commentary); a reply with no call is the final answer.
  if (assistant.content.trim() !== "") messages.push({ role: "assistant", channel: calls.length > 0 ? "commentary" : "final", content: assistant.content, ...own });
  const results = answers.filter((answer) => answer.role === "tool");
  for (const call of calls) {
    messages.push({ role: "assistant", channel: "commentary", recipient: `functions.${call.function.name}`, constrain: "json", content: call.function.arguments, ...own });
    for (const result of results) {
      if (result.tool_call_id === call.id) messages.push({ role: "tool", name: `functions.${result.name}`, content: result.content, step: step.index });
    }
  }
  for (const result of results) {
    if (!calls.some((call) => call.id === result.tool_call_id)) messages.push({ role: "tool", name: `functions.${result.name}`, content: result.content, step: step.index });
  }
  for (const answer of answers) if (answer.role === "user") messages.push({ role: "user", content: answer.content, step: step.index });
  return messages;
}

/** A turn the harness refused: training on it would teach the format error. */
function refused(step: Step): boolean {
  return step.formatError !== undefined || step.events.some((event) => event.kind === "format-error");
}

/** An OpenAI-format tool as Harmony declares it; one without arguments is `() => any`, as gpt-oss's own tools are. */
/** Converted once per tool list: every row of an export declares the same few lists. */
const converted = new WeakMap<readonly ToolDefinition[], HarmonyToolDefinition[]>();

function harmonyTools(tools: readonly ToolDefinition[]): HarmonyToolDefinition[] {
  let list = converted.get(tools);
  if (!list) converted.set(tools, (list = Object.freeze(tools.map(harmonyTool)) as HarmonyToolDefinition[]));
  return list;
}

function harmonyTool({ function: { name, description, parameters } }: ToolDefinition): HarmonyToolDefinition {
  const schema = parameters as JsonSchema;
  const properties = schema.properties as JsonSchema | undefined;
  const empty = properties === undefined || Object.keys(properties).length === 0;
  return { name, description: description.trim(), ...(empty ? {} : { parameters: schema }) };
}
