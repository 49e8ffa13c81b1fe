/**
 * o200k's mergeable tokens (Harmony's vocabulary without its special tokens) as a compact table,
 * and BPE over it: ~4 MB, read from the `o200k_base.tiktoken` file gpt-tokenizer ships. Its own
 * encoder holds the same vocabulary as 200k JavaScript strings and a Map, ~65 MB of memory in
 * every thread that loads it, and a Harmony export formats on several threads.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** Slots in the hash table: a power of two, about 2.6 slots per token so probes stay short. */
const SLOTS = 1 << 19;
const NO_RANK = -1;

export class O200kVocabulary {
  /** Every token's bytes, one after another, by rank. */
  private readonly bytes: Uint8Array;
  /** Where rank r's bytes start (offsets[r]) and end (offsets[r + 1]). */
  private readonly offsets: Uint32Array;
  /** rank + 1 by hash of the bytes, linear probing; 0 is empty. */
  private readonly slots = new Int32Array(SLOTS);
  private readonly encoder = new TextEncoder();
  private scratch = new Uint8Array(1024);

  /**
   * From a tiktoken ranks file, one `base64-token rank` per line, read straight from its bytes: a
   * string and an object per token would take ~90 MB on the way, more than the table keeps.
   */
  constructor(file: Uint8Array) {
    // Each line's start, the space after its token, and its rank.
    const lineCount = file.reduce((count, byte) => count + (byte === NEWLINE ? 1 : 0), 1);
    const starts = new Uint32Array(lineCount);
    const spaces = new Uint32Array(lineCount);
    const lineRanks = new Int32Array(lineCount).fill(-1);
    let ranks = 0;
    for (let line = 0, start = 0; start < file.length; line++) {
      let end = file.indexOf(NEWLINE, start);
      if (end < 0) end = file.length;
      const space = file.indexOf(SPACE, start);
      if (space > start && space < end) {
        let rank = 0;
        for (let index = space + 1; index < end; index++) rank = rank * 10 + file[index]! - 0x30;
        starts[line] = start;
        spaces[line] = space;
        lineRanks[line] = rank;
        ranks = Math.max(ranks, rank + 1);
      }
      start = end + 1;
    }
    this.offsets = new Uint32Array(ranks + 1);
    for (let line = 0; line < lineCount; line++) {
      if (lineRanks[line]! >= 0) this.offsets[lineRanks[line]! + 1] = base64Length(file, starts[line]!, spaces[line]!);
    }
    for (let rank = 0; rank < ranks; rank++) this.offsets[rank + 1] = this.offsets[rank + 1]! + this.offsets[rank]!;
    this.bytes = new Uint8Array(this.offsets[ranks]!);
    for (let line = 0; line < lineCount; line++) {
      const rank = lineRanks[line]!;
      if (rank < 0) continue;
      decodeBase64(file, starts[line]!, spaces[line]!, this.bytes, this.offsets[rank]!);
      let slot = hash(this.bytes, this.offsets[rank]!, this.offsets[rank + 1]!) & (SLOTS - 1);
      while (this.slots[slot] !== 0) slot = (slot + 1) & (SLOTS - 1);
      this.slots[slot] = rank + 1;
    }
  }

  /** The o200k vocabulary gpt-tokenizer ships. */
  static load(): O200kVocabulary {
    const file = createRequire(import.meta.url).resolve("gpt-tokenizer/data/o200k_base.tiktoken");
    return new O200kVocabulary(readFileSync(file));
  }

  /** The ids of one pre-tokenized piece (see o200kPieceEnd), as tiktoken's byte-pair merge gives them. */
  encodePiece(piece: string): number[] {
    if (this.scratch.length < piece.length * 3) this.scratch = new Uint8Array(piece.length * 3);
    const length = this.encoder.encodeInto(piece, this.scratch).written;
    const bytes = this.scratch;
    const whole = this.rank(bytes, 0, length);
    if (whole !== NO_RANK) return [whole];
    return this.bytePairMerge(bytes, length);
  }

  /**
   * tiktoken's merge: start from single bytes, and merge the adjacent pair whose joined bytes have
   * the lowest rank (the leftmost of equals) until no joined pair is a token.
   */
  private bytePairMerge(bytes: Uint8Array, length: number): number[] {
    // starts[i] is where part i begins; pairRanks[i] the rank of parts i and i + 1 joined.
    const starts: number[] = [];
    const pairRanks: number[] = [];
    for (let index = 0; index <= length; index++) starts.push(index);
    for (let index = 0; index < length; index++) pairRanks.push(this.pairRank(bytes, starts, index));
    for (;;) {
      let lowest = Infinity;
      let at = -1;
      for (let index = 0; index < pairRanks.length; index++) {
        if (pairRanks[index]! < lowest) {
          lowest = pairRanks[index]!;
          at = index;
        }
      }
      if (at < 0) break;
      starts.splice(at + 1, 1);
      pairRanks.splice(at + 1, 1);
      pairRanks[at] = this.pairRank(bytes, starts, at);
      if (at > 0) pairRanks[at - 1] = this.pairRank(bytes, starts, at - 1);
    }
    const ids: number[] = [];
    for (let index = 0; index + 1 < starts.length; index++) {
      const rank = this.rank(bytes, starts[index]!, starts[index + 1]!);
      // Every single byte is a token, so every part is one.
      if (rank === NO_RANK) throw new Error(`o200k has no token for bytes ${starts[index]}–${starts[index + 1]} of a piece`);
      ids.push(rank);
    }
    return ids;
  }

  /** The rank of parts index and index + 1 joined; Infinity when index is the last part or the joined bytes are no token. */
  private pairRank(bytes: Uint8Array, starts: readonly number[], index: number): number {
    const end = starts[index + 2];
    if (end === undefined) return Infinity;
    const rank = this.rank(bytes, starts[index]!, end);
    return rank === NO_RANK ? Infinity : rank;
  }

  private rank(bytes: Uint8Array, start: number, end: number): number {
    for (let slot = hash(bytes, start, end) & (SLOTS - 1); ; slot = (slot + 1) & (SLOTS - 1)) {
      const entry = this.slots[slot]!;
      if (entry === 0) return NO_RANK;
      if (this.equals(entry - 1, bytes, start, end)) return entry - 1;
    }
  }

  private equals(rank: number, bytes: Uint8Array, start: number, end: number): boolean {
    const from = this.offsets[rank]!;
    if (this.offsets[rank + 1]! - from !== end - start) return false;
    for (let index = 0; index < end - start; index++) if (this.bytes[from + index] !== bytes[start + index]) return false;
    return true;
  }
}

const NEWLINE = 0x0a;
const SPACE = 0x20;
const BASE64_VALUES = new Uint8Array(128);
for (const [index, char] of [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].entries()) BASE64_VALUES[char.charCodeAt(0)] = index;
const PAD = 0x3d;

/** The bytes that file[start..end), standard base64, decodes to. */
function base64Length(file: Uint8Array, start: number, end: number): number {
  let padding = 0;
  while (end - padding > start && file[end - padding - 1] === PAD) padding++;
  return ((end - start) / 4) * 3 - padding;
}

function decodeBase64(file: Uint8Array, start: number, end: number, into: Uint8Array, offset: number): void {
  const length = base64Length(file, start, end);
  let bits = 0;
  let count = 0;
  let written = 0;
  for (let index = start; index < end && written < length; index++) {
    bits = (bits << 6) | BASE64_VALUES[file[index]!]!;
    count += 6;
    if (count >= 8) {
      count -= 8;
      into[offset + written++] = (bits >> count) & 0xff;
    }
  }
}

/** FNV-1a. */
function hash(bytes: Uint8Array, start: number, end: number): number {
  let value = 0x811c9dc5;
  for (let index = start; index < end; index++) value = Math.imul(value ^ bytes[index]!, 0x01000193);
  return value >>> 0;
}
