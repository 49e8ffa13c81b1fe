/**
 * Plain text to o200k_harmony ids, as gpt-tokenizer encodes it but 2–3× faster and in ~4 MB
 * instead of ~65 MB: the pieces come from o200kPieceEnd (a table scan, the split regex only near
 * non-ASCII text), each distinct piece is merged once over O200kVocabulary and remembered (a
 * piece's ids depend on nothing but the piece, and code repeats its pieces endlessly). Decoding,
 * which only tests and tools need, still loads gpt-tokenizer.
 */
import { createRequire } from "node:module";
import { o200kPieceEnd } from "./o200k-piece-end.js";
import { O200kVocabulary } from "./o200k-vocabulary.js";

type HarmonyEncoding = typeof import("gpt-tokenizer/encoding/o200k_harmony");
let encoding: HarmonyEncoding | undefined;

/** gpt-tokenizer's o200k_harmony, loaded on first use (~200 ms, ~65 MB). */
export function harmonyEncoding(): HarmonyEncoding {
  encoding ??= createRequire(import.meta.url)("gpt-tokenizer/encoding/o200k_harmony") as HarmonyEncoding;
  return encoding;
}

let vocabulary: O200kVocabulary | undefined;

/** The pieces remembered at most (~10 MB); past that the memory starts again from empty. */
const MAX_REMEMBERED_PIECES = 100_000;
const pieceIds = new Map<string, readonly number[]>();

/**
 * The ids of text with no special tokens: what gpt-tokenizer's `encode(text, { disallowedSpecial:
 * new Set() })` gives. `<|end|>` inside repository content is text, never a structural token.
 */
export function encodeOrdinaryText(text: string): number[] {
  const ids: number[] = [];
  for (let start = 0; start < text.length; ) {
    const end = o200kPieceEnd(text, start);
    const piece = text.slice(start, end);
    let known = pieceIds.get(piece);
    if (known === undefined) {
      if (pieceIds.size >= MAX_REMEMBERED_PIECES) pieceIds.clear();
      vocabulary ??= O200kVocabulary.load();
      known = vocabulary.encodePiece(piece);
      pieceIds.set(piece, known);
    }
    if (known.length === 1) ids.push(known[0]!);
    else for (const id of known) ids.push(id);
    start = end;
  }
  return ids;
}
