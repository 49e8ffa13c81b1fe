/**
 * Renders a conversation in gpt-oss's Harmony format, as text or as `o200k_harmony` token ids
 * with a loss mask for supervised fine-tuning.
 *
 * Structural tokens (`<|start|>`, `<|channel|>`, `<|message|>`, …) are emitted by id; every piece
 * of text — including repository content that happens to contain `<|end|>` — is encoded as plain
 * text, so content can never forge a message boundary.
 *
 * Differences from openai/harmony's defaults, on purpose for agent SFT:
 * - `analysis` messages are kept on every turn (the library drops those before the first `final`
 *   when the conversation ends in a `final`); `dropEarlierAnalysis: true` reproduces the library.
 * - An assistant tool call puts its recipient after the channel
 *   (`<|channel|>commentary to=functions.NAME <|constrain|>json`), as gpt-oss emits it;
 *   `recipientPlacement: "role"` puts it after the role, as the library renders history.
 */
import { encodeOrdinaryText, harmonyEncoding } from "./harmony-encoding.js";
import { harmonySpecialTokens, type HarmonySpecialToken } from "./harmony-special-tokens.js";
import { withJsonText } from "../shared-json.js";
import { renderToolNamespace, type HarmonyToolDefinition } from "./render-tool-namespace.js";

export type HarmonyChannel = "analysis" | "commentary" | "final";
export type HarmonyReasoningEffort = "low" | "medium" | "high";

export interface HarmonySystemMessage {
  role: "system";
  /** Default: the identity gpt-oss was trained with; `null` leaves it out. */
  modelIdentity?: string | null;
  /** `YYYY-MM`. Default `2024-06`; `null` leaves it out. */
  knowledgeCutoff?: string | null;
  /** `YYYY-MM-DD`, shown as "Current date". */
  currentDate?: string;
  /** Default `medium`. */
  reasoningEffort?: HarmonyReasoningEffort;
  /** Default `["analysis", "commentary", "final"]`. */
  validChannels?: string[];
  /** Default true: "Channel must be included for every message." */
  channelRequired?: boolean;
}

export interface HarmonyDeveloperMessage {
  role: "developer";
  instructions?: string;
  /** Declared as `namespace functions { … }`. */
  tools?: HarmonyToolDefinition[];
}

export interface HarmonyUserMessage {
  role: "user";
  content: string;
  /** The trajectory step it came from (a correction the harness sent); the renderer ignores it. */
  step?: number;
}

export interface HarmonyAssistantMessage {
  role: "assistant";
  channel: HarmonyChannel;
  content: string;
  /** A tool call's recipient, e.g. `functions.read_file`; the message then ends in `<|call|>`. */
  recipient?: string;
  /** Rendered as ` <|constrain|>{constrain}`, e.g. `json` for a function call's arguments. */
  constrain?: string;
  /** Default true; false keeps the message as context with loss mask 0 (a loss-masked step). */
  trainable?: boolean;
  /** The trajectory step it came from; exports cut and mask by it, the renderer ignores it. */
  step?: number;
}

export interface HarmonyToolMessage {
  role: "tool";
  /** The tool that answered, e.g. `functions.read_file`. */
  name: string;
  content: string;
  /** Default `commentary`; `null` leaves the channel out. */
  channel?: string | null;
  /** Default `assistant`; `null` leaves the recipient out. */
  recipient?: string | null;
  /** The trajectory step it came from; the renderer ignores it. */
  step?: number;
}

export type HarmonyMessage =
  | HarmonySystemMessage
  | HarmonyDeveloperMessage
  | HarmonyUserMessage
  | HarmonyAssistantMessage
  | HarmonyToolMessage;

export interface RenderHarmonyOptions {
  messages: HarmonyMessage[];
  /** The last assistant `final` message ends in `<|return|>` instead of `<|end|>`. */
  forTraining?: boolean;
  /** Append `<|start|>assistant`, the prompt for the model's next turn. */
  forCompletion?: boolean;
  /** Drop `analysis` messages before the first `final`, as openai/harmony does by default. */
  dropEarlierAnalysis?: boolean;
  /** Where an assistant message's ` to=RECIPIENT` goes; default `channel`. */
  recipientPlacement?: "channel" | "role";
}

export const defaultModelIdentity = "You are ChatGPT, a large language model trained by OpenAI.";

export function renderHarmony(options: RenderHarmonyOptions): string {
  return renderPieces(options)
    .map((piece) => piece.text)
    .join("");
}

/**
 * Token ids and a loss mask of the same length. The mask is 1 exactly on the tokens the model
 * samples at inference: every token of its assistant messages except the `<|start|>assistant`
 * that opens a turn (after a user, tool or system message), which the prompt supplies. Later
 * messages in the same turn (analysis → tool call, analysis → final) include their own
 * `<|start|>assistant`, because the model writes those. An assistant message marked
 * `trainable: false` is all 0: it stays in the text as context only.
 */
export function renderHarmonyTokens(options: RenderHarmonyOptions): { tokens: number[]; lossMask: number[] } {
  return piecesToTokens(renderPieces(options));
}

/** renderHarmony and renderHarmonyTokens at once, rendering the conversation once (an export row needs both). */
export function renderHarmonyTextAndTokens(options: RenderHarmonyOptions): { text: string; tokens: number[]; lossMask: number[] } {
  const pieces = renderPieces(options);
  const text = pieces.map((piece) => piece.text).join("");
  return { text, ...piecesToTokens(pieces) };
}

/**
 * The ids and mask of the merged pieces, each array with its JSON text (see withJsonText): a long
 * text's ids are serialised once and reused (the tool namespace is about half of every row), and
 * the mask is runs of one value.
 */
function piecesToTokens(pieces: Piece[]): { tokens: number[]; lossMask: number[] } {
  const tokens: number[] = [];
  const lossMask: number[] = [];
  let tokensText = "";
  let maskText = "";
  for (const piece of mergeTextPieces(pieces)) {
    const encoded = piece.special ? specialIds(piece.text as HarmonySpecialToken) : encodeText(piece.text);
    const bit = piece.trained ? 1 : 0;
    for (const id of encoded.ids) {
      tokens.push(id);
      lossMask.push(bit);
    }
    if (encoded.ids.length === 0) continue;
    tokensText += `,${encoded.json}`;
    maskText += (bit ? ",1" : ",0").repeat(encoded.ids.length);
  }
  return { tokens: withJsonText(tokens, `[${tokensText.slice(1)}]`), lossMask: withJsonText(lossMask, `[${maskText.slice(1)}]`) };
}

/** A piece's ids, and them as JSON without the brackets: `1,2,3`. */
interface EncodedText {
  ids: readonly number[];
  json: string;
}

function encoded(ids: readonly number[]): EncodedText {
  // JSON.stringify writes numbers faster than join does.
  return { ids, json: JSON.stringify(ids).slice(1, -1) };
}

const specials = new Map<HarmonySpecialToken, EncodedText>();

function specialIds(token: HarmonySpecialToken): EncodedText {
  let known = specials.get(token);
  if (!known) specials.set(token, (known = encoded([harmonySpecialTokens[token]])));
  return known;
}

/** Texts this long are remembered once encoded; shorter ones cost less to encode again. */
const MIN_REMEMBERED_CHARS = 512;
const MAX_REMEMBERED_TEXTS = 64;
/** Recently encoded long texts, oldest first. */
const remembered = new Map<string, EncodedText>();

/**
 * A text piece's ids. An export renders the same system prompt and tool namespace (thousands of
 * tokens) into every row, so long texts are remembered: a handful recur, the rest are pushed out.
 */
function encodeText(text: string): EncodedText {
  if (text.length < MIN_REMEMBERED_CHARS) return encoded(encodeOrdinaryText(text));
  let known = remembered.get(text);
  if (known) {
    remembered.delete(text);
  } else {
    known = encoded(encodeOrdinaryText(text));
    if (remembered.size >= MAX_REMEMBERED_TEXTS) remembered.delete(remembered.keys().next().value!);
  }
  remembered.set(text, known);
  return known;
}

/** Decodes token ids back to text, structural tokens included. */
export function decodeHarmonyTokens(tokens: number[]): string {
  return harmonyEncoding().decode(tokens);
}

interface Piece {
  text: string;
  special: boolean;
  trained: boolean;
}

function renderPieces(options: RenderHarmonyOptions): Piece[] {
  const messages = options.dropEarlierAnalysis ? dropEarlierAnalysis(options.messages) : options.messages;
  const hasFunctionTools = messages.some((m) => m.role === "developer" && (m.tools?.length ?? 0) > 0);
  const lastAssistant = findLastIndex(messages, (m) => m.role === "assistant");
  const pieces: Piece[] = [];
  messages.forEach((message, index) => {
    const opensTurn = message.role === "assistant" && messages[index - 1]?.role !== "assistant";
    const returns =
      options.forTraining === true &&
      index === lastAssistant &&
      message.role === "assistant" &&
      message.channel === "final" &&
      message.recipient === undefined;
    pieces.push(...messagePieces(message, { hasFunctionTools, opensTurn, returns, options }));
  });
  if (options.forCompletion) pieces.push(special("<|start|>", false), text("assistant", false));
  return pieces;
}

function messagePieces(
  message: HarmonyMessage,
  context: { hasFunctionTools: boolean; opensTurn: boolean; returns: boolean; options: RenderHarmonyOptions },
): Piece[] {
  switch (message.role) {
    case "system":
      return plainMessage("system", systemContent(message, context.hasFunctionTools));
    case "developer":
      return plainMessage("developer", developerContent(message));
    case "user":
      return plainMessage("user", message.content);
    case "tool": {
      const recipient = message.recipient === undefined ? "assistant" : message.recipient;
      const channel = message.channel === undefined ? "commentary" : message.channel;
      return [
        special("<|start|>", false),
        text(message.name, false),
        ...(recipient === null ? [] : [text(` to=${recipient}`, false)]),
        ...(channel === null ? [] : [special("<|channel|>", false), text(channel, false)]),
        special("<|message|>", false),
        text(message.content, false),
        special("<|end|>", false),
      ];
    }
    case "assistant": {
      const trained = message.trainable !== false;
      const recipient = message.recipient === undefined ? [] : [text(` to=${message.recipient}`, trained)];
      const inRole = context.options.recipientPlacement === "role";
      const end = message.recipient !== undefined ? "<|call|>" : context.returns ? "<|return|>" : "<|end|>";
      return [
        special("<|start|>", trained && !context.opensTurn),
        text("assistant", trained && !context.opensTurn),
        ...(inRole ? recipient : []),
        special("<|channel|>", trained),
        text(message.channel, trained),
        ...(inRole ? [] : recipient),
        ...(message.constrain === undefined
          ? []
          : [text(" ", trained), special("<|constrain|>", trained), text(message.constrain, trained)]),
        special("<|message|>", trained),
        text(message.content, trained),
        special(end, trained),
      ];
    }
  }
}

function plainMessage(role: string, content: string): Piece[] {
  return [
    special("<|start|>", false),
    text(role, false),
    special("<|message|>", false),
    text(content, false),
    special("<|end|>", false),
  ];
}

function systemContent(message: HarmonySystemMessage, hasFunctionTools: boolean): string {
  const identity = message.modelIdentity === undefined ? defaultModelIdentity : message.modelIdentity;
  const cutoff = message.knowledgeCutoff === undefined ? "2024-06" : message.knowledgeCutoff;
  const top = [
    ...(identity === null ? [] : [identity]),
    ...(cutoff === null ? [] : [`Knowledge cutoff: ${cutoff}`]),
    ...(message.currentDate === undefined ? [] : [`Current date: ${message.currentDate}`]),
  ];
  const sections = top.length > 0 ? [top.join("\n")] : [];
  sections.push(`Reasoning: ${message.reasoningEffort ?? "medium"}`);
  const channels = message.validChannels ?? ["analysis", "commentary", "final"];
  if (channels.length > 0) {
    let header = `# Valid channels: ${channels.join(", ")}.`;
    if (message.channelRequired ?? true) header += " Channel must be included for every message.";
    if (hasFunctionTools) header += "\nCalls to these tools must go to the commentary channel: 'functions'.";
    sections.push(header);
  }
  return sections.join("\n\n");
}

function developerContent(message: HarmonyDeveloperMessage): string {
  const sections: string[] = [];
  if (message.instructions !== undefined) sections.push("# Instructions", message.instructions);
  if (message.tools !== undefined && message.tools.length > 0) {
    sections.push(`# Tools\n\n${functionsNamespace(message.tools)}`);
  }
  return sections.join("\n\n");
}

/** Rendered once per tool list: an export declares the same list in every row. */
const namespaces = new WeakMap<HarmonyToolDefinition[], string>();

function functionsNamespace(tools: HarmonyToolDefinition[]): string {
  let text = namespaces.get(tools);
  if (text === undefined) namespaces.set(tools, (text = renderToolNamespace({ name: "functions", tools })));
  return text;
}

/** openai/harmony's default: when the conversation ends in a `final`, drop analysis before the first `final`. */
function dropEarlierAnalysis(messages: HarmonyMessage[]): HarmonyMessage[] {
  const lastAssistant = messages[findLastIndex(messages, (m) => m.role === "assistant")];
  if (lastAssistant?.role !== "assistant" || lastAssistant.channel !== "final") return messages;
  const firstFinal = messages.findIndex((m) => m.role === "assistant" && m.channel === "final");
  return messages.filter((m, index) => !(index < firstFinal && m.role === "assistant" && m.channel === "analysis"));
}

/** Adjacent text pieces with the same mask are encoded together, as a tokenizer would see them. */
function mergeTextPieces(pieces: Piece[]): Piece[] {
  const merged: Piece[] = [];
  for (const piece of pieces) {
    const previous = merged[merged.length - 1];
    if (previous && !previous.special && !piece.special && previous.trained === piece.trained) {
      previous.text += piece.text;
    } else {
      merged.push({ ...piece });
    }
  }
  return merged.filter((piece) => piece.special || piece.text.length > 0);
}

function findLastIndex<T>(items: T[], predicate: (item: T) => boolean): number {
  for (let index = items.length - 1; index >= 0; index--) if (predicate(items[index] as T)) return index;
  return -1;
}

function special(token: HarmonySpecialToken, trained: boolean): Piece {
  return { text: token, special: true, trained };
}

function text(value: string, trained: boolean): Piece {
  return { text: value, special: false, trained };
}
