import type { ChatClient } from "../../models/chat-client.js";
import { MalformedModelResponseError } from "../../models/model-errors.js";
import type { Actor } from "../../schema/records.js";
import { singleActorPolicy, type Policy } from "./policy.js";

export interface ModelPolicyOptions {
  client: ChatClient;
  temperature?: number;
  /** Offset by the turn, so each turn samples afresh yet a rerun repeats the same trajectory. */
  seed?: number;
  /** student (default) or teacher */
  actor?: Actor;
  /** Default `model:<client.model>`. */
  label?: string;
}

/**
 * A policy that asks a chat model for each action. Client errors (after its own retries)
 * propagate: the loop ends the rollout with a `policy-error` exit.
 */
export function modelPolicy(options: ModelPolicyOptions): Policy {
  const { client, temperature, seed, actor = "student" } = options;
  return singleActorPolicy({
    kind: "model",
    label: options.label ?? `model:${client.model}`,
    actor,
    model: client.model,
    outputSource: { kind: "model-output", provider: providerOf(client.baseUrl), model: client.model },
    async act(state, { signal } = {}) {
      const response = await client.complete(
        {
          messages: state.messages,
          tools: state.tools,
          temperature,
          seed: seed === undefined ? undefined : seed + state.turn,
          maxTokens: state.maxCompletionTokens,
        },
        { signal },
      );
      const message = response.choices[0]?.message;
      // The client demands at least one choice; this guards the type, not a case seen in practice.
      if (!message) throw new MalformedModelResponseError(client.baseUrl, "no choices", "");
      return {
        reasoning: message.reasoning_content ?? "",
        content: message.content ?? "",
        toolCalls: (message.tool_calls ?? []).map((call, index) => ({
          id: call.id || `call_${state.turn}_${index}`,
          name: call.function.name,
          argumentsText: call.function.arguments,
        })),
        raw: response.raw,
        usage: response.usage ? { prompt: response.usage.promptTokens, completion: response.usage.completionTokens } : undefined,
        latencyMs: response.latencyMs,
      };
    },
  });
}

/** The host serving the model names its provider (api.openai.com, 127.0.0.1:8000 for a local server). */
function providerOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}
