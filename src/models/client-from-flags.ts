import type { KaizenConfig } from "../config/config-schema.js";
import { UserError } from "../user-error.js";
import { chatClientFromConfig, createChatClient, type ChatClient } from "./chat-client.js";

/** How a command names a model: `--base-url URL --model NAME [--api-key-env VAR]`, or `--model NAME` from the config. */
export interface ModelFlags {
  model?: string | undefined;
  baseUrl?: string | undefined;
  apiKeyEnv?: string | undefined;
}

/** The client the flags name, or undefined when they name none. */
export function clientFromFlags(config: KaizenConfig, flags: ModelFlags): ChatClient | undefined {
  if (flags.baseUrl) {
    if (!flags.model) throw new UserError("--base-url needs --model NAME, the model the server serves", "for example --base-url http://127.0.0.1:8000/v1 --model qwen3-coder");
    const apiKey = flags.apiKeyEnv ? process.env[flags.apiKeyEnv] : undefined;
    if (flags.apiKeyEnv && !apiKey) throw new UserError(`${flags.apiKeyEnv} is not set`, `export ${flags.apiKeyEnv}=… or leave out --api-key-env`);
    return createChatClient({ baseUrl: flags.baseUrl, model: flags.model, ...(apiKey ? { apiKey } : {}) });
  }
  return flags.model ? namedClient(config, flags.model) : undefined;
}

/** A model from the config's `models` section, by its short name. */
export function namedClient(config: KaizenConfig, name: string): ChatClient {
  const endpoint = config.models[name];
  if (!endpoint) {
    const known = Object.keys(config.models);
    throw new UserError(`no model named "${name}" in the config's models section`, known.length > 0 ? `use one of: ${known.join(", ")}, or --base-url URL --model NAME` : "add it under models in kaizen.config.json, or pass --base-url URL --model NAME");
  }
  return chatClientFromConfig(endpoint)!;
}
