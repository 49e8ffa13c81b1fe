import { createRequire } from "node:module";
import type { ChatMessage, ToolDefinition } from "../../models/chat-client.js";

type O200kBase = typeof import("gpt-tokenizer/encoding/o200k_base");
let encoding: O200kBase | undefined;

/**
 * Loaded on the first count: it takes ~230 ms and ~70 MB, and every kaizen command imports this
 * module (the CLI imports every command) though only rollouts and curation count tokens. Required
 * as CommonJS, as the Harmony export's o200k_harmony is, so a process that does both holds one
 * copy of the vocabulary.
 */
function countEncoded(text: string, options: { disallowedSpecial: Set<string> }): number {
  encoding ??= createRequire(import.meta.url)("gpt-tokenizer/encoding/o200k_base") as O200kBase;
  return encoding.countTokens(text, options);
}

/** Repository text may contain `<|endoftext|>` and the like; they are counted as plain text, never refused. */
const SPECIAL_TOKENS_AS_TEXT = { disallowedSpecial: new Set<string>() };

/** Roughly OpenAI's framing: role and separators per message, and the primed assistant reply. */
const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_TOOL_CALL = 3;
const TOKENS_FOR_REPLY = 3;

/** Texts shorter than this are cheaper to count again than to look up and keep. */
const MIN_CACHED_CHARS = 64;
const MAX_CACHED_TEXTS = 4096;
const MAX_CACHED_CHARS = 32 * 1024 * 1024;

// Insertion order is recency order: a hit moves its entry to the end, eviction takes the front.
const cache = new Map<string, number>();
let cachedChars = 0;

/**
 * Tokens in `text` under o200k_base. A context is re-counted every turn with only its newest
 * message new, so long texts are remembered.
 */
export function countTokens(text: string): number {
  if (text.length < MIN_CACHED_CHARS) return countEncoded(text, SPECIAL_TOKENS_AS_TEXT);
  const known = cache.get(text);
  if (known !== undefined) {
    cache.delete(text);
    cache.set(text, known);
    return known;
  }
  const counted = countEncoded(text, SPECIAL_TOKENS_AS_TEXT);
  cache.set(text, counted);
  cachedChars += text.length;
  for (const [oldest] of cache) {
    if (cache.size <= MAX_CACHED_TEXTS && cachedChars <= MAX_CACHED_CHARS) break;
    cache.delete(oldest);
    cachedChars -= oldest.length;
  }
  return counted;
}

/**
 * The prompt tokens of a chat request, roughly as OpenAI counts them: each message's content,
 * tool calls (name and arguments), tool name and call id, a fixed overhead per message, and the
 * tools' JSON schemas once. Reasoning is never sent back, so it is not counted.
 */
export function countMessageTokens(options: { messages: readonly ChatMessage[]; tools?: readonly ToolDefinition[] }): number {
  let total = TOKENS_FOR_REPLY;
  for (const message of options.messages) {
    total += TOKENS_PER_MESSAGE + countTokens(message.content ?? "");
    if (message.name) total += countTokens(message.name);
    if (message.tool_call_id) total += countTokens(message.tool_call_id);
    for (const call of message.tool_calls ?? []) {
      total += TOKENS_PER_TOOL_CALL + countTokens(call.function.name) + countTokens(call.function.arguments);
    }
  }
  // Stringifying a dozen schemas takes microseconds; counting the text is what the cache saves.
  if (options.tools?.length) total += countTokens(JSON.stringify(options.tools));
  return total;
}
