import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { O200K_TOKEN_SPLIT_REGEX } from "gpt-tokenizer/encodingParams/constants";
import { encodeOrdinaryText, harmonyEncoding } from "./harmony-encoding.js";
import { o200kPieceEnd } from "./o200k-piece-end.js";

const regexPieces = (text: string) => [...text.matchAll(new RegExp(O200K_TOKEN_SPLIT_REGEX.source, "gu"))].map((match) => match[0]);

function scannedPieces(text: string): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; ) {
    const end = o200kPieceEnd(text, start);
    assert.ok(end > start, `no progress at ${start} in ${JSON.stringify(text)}`);
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

const libraryIds = (text: string) => harmonyEncoding().encode(text, { disallowedSpecial: new Set<string>() });

/**
 * Short strings where the split rules meet: every ASCII character; the characters each rule
 * turns on (apostrophes and contraction letters, capitals, digits, line breaks, slashes); and
 * non-ASCII ones of every class the regex names — letters of each case, a title-case letter, a
 * modifier, a mark, non-ASCII digits and spaces, a surrogate pair, a lone surrogate.
 */
function tangledStrings(count: number, seed: number): string[] {
  const ascii = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code));
  const frequent = [" ", " ", "  ", "\n", "\r\n", "\n\n", "\t", "'", "'", "/", ".", "_", "{", "1", "9", "a", "e", "s", "t", "l", "v", "r", "d", "m", "A", "S", "L", "E", "<|end|>"];
  const wide = ["é", "É", "ß", "ǅ", "ʰ", "中", "\u0301", "²", "٣", "Ⅻ", "\u00a0", "\u3000", "\u2028", "\ufeff", "😀", "\ud800", "—", "€"];
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = (from: string[]) => from[Math.floor(random() * from.length)]!;
  return Array.from({ length: count }, () => {
    let text = "";
    for (let length = 1 + Math.floor(random() * 16); length > 0; length--) {
      const which = random();
      text += which < 0.5 ? pick(frequent) : which < 0.8 ? pick(ascii) : pick(wide);
    }
    return text;
  });
}

/** This repository's own sources: real code and prose, some of it non-ASCII. */
function sourceTexts(): string[] {
  const dir = join(import.meta.dirname, "..");
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((path) => path.endsWith(".ts"))
    .map((path) => readFileSync(join(dir, path), "utf8"));
}

describe("o200kPieceEnd", () => {
  it("cuts text exactly where the o200k split regex does", () => {
    const texts = [...tangledStrings(40_000, 7), ...sourceTexts()];
    assert.ok(texts.some((text) => /[^\x00-\x7f]/.test(text)));
    for (const text of texts) assert.deepEqual(scannedPieces(text), regexPieces(text), JSON.stringify(text));
  });

  it("keeps contractions, numbers in threes, and the space before a word", () => {
    const cases: [string, string[]][] = [
      ["We'LL  don't 12345\n\n  x", ["We'LL", " ", " don't", " ", "123", "45", "\n\n", " ", " x"]],
      ["a/*b*/\n/c  ", ["a", "/*", "b", "*/\n/", "c", "  "]],
      ["Ééé 中文 x²", ["Ééé", " 中文", " x", "²"]],
    ];
    for (const [text, pieces] of cases) {
      assert.deepEqual(scannedPieces(text), pieces);
      assert.deepEqual(regexPieces(text), pieces);
    }
  });
});

describe("encodeOrdinaryText", () => {
  it("gives gpt-tokenizer's ids, special-token text encoded as text", () => {
    const texts = [...tangledStrings(5_000, 11), ...sourceTexts(), "<|start|>user<|message|>hi<|end|>", ""];
    // gpt-tokenizer decodes merged bytes with a TextDecoder that drops a byte-order mark (below).
    for (const text of texts.filter((text) => !text.includes("\ufeff"))) {
      assert.deepEqual(encodeOrdinaryText(text), libraryIds(text), JSON.stringify(text.slice(0, 200)));
    }
  });

  it("merges a byte-order mark as tiktoken does, where gpt-tokenizer loses it", () => {
    // tiktoken 0.14.0 over the same o200k_base.tiktoken: [5574, 76]; gpt-tokenizer 4.0.0 gives [5416, 123, 76].
    assert.deepEqual(encodeOrdinaryText("\ufeffm"), [5574, 76]);
    assert.deepEqual(encodeOrdinaryText("a\ufeff"), [64, 5574]);
  });

  it("gives the same ids the second time, from remembered pieces", () => {
    const text = sourceTexts()[0]!;
    assert.deepEqual(encodeOrdinaryText(text), encodeOrdinaryText(text));
    assert.deepEqual(encodeOrdinaryText(text), libraryIds(text));
  });
});
