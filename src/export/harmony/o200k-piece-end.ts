/**
 * o200k's pre-tokenizer: where the split regex (tiktoken's, as gpt-tokenizer ships it) cuts a text
 * into pieces, each of which BPE then encodes on its own. Harmony exports tokenise gigabytes, and
 * the Unicode-property regex was most of that time; this scans ASCII with a table and asks the
 * regex only for a piece whose bounds depend on a non-ASCII character.
 *
 * The regex, alternative by alternative (P = a character that is not \r, \n, a letter or a digit):
 *   1. P? Upper* Lower+ Contraction?      2. P? Upper+ Lower* Contraction?
 *   3. \p{N}{1,3}                         4. " "? [^\s\p{L}\p{N}]+ [\r\n/]*
 *   5. \s*[\r\n]+                         6. \s+(?!\S)                       7. \s+
 * In ASCII, Upper is A–Z, Lower is a–z, and the classes do not overlap, so no alternative needs to
 * backtrack further than the rules below say.
 */
import { O200K_TOKEN_SPLIT_REGEX } from "gpt-tokenizer/encodingParams/constants";

const UPPER = 1;
const LOWER = 2;
const DIGIT = 4;
/** \s */
const SPACE = 8;
/** \r or \n */
const NEWLINE = 16;
/** Neither \s, a letter nor a digit. */
const OTHER = 32;
/** Not ASCII: the regex decides. */
const NON_ASCII = 64;
const LETTER = UPPER | LOWER;
/** P above: may open a word (alternatives 1 and 2). */
const PREFIX = OTHER | SPACE;

const ASCII_CLASS = new Uint8Array(128).map((_, code) => {
  const char = String.fromCharCode(code);
  if (/[A-Z]/.test(char)) return UPPER;
  if (/[a-z]/.test(char)) return LOWER;
  if (/[0-9]/.test(char)) return DIGIT;
  if (char === "\r" || char === "\n") return SPACE | NEWLINE;
  if (/\s/.test(char)) return SPACE;
  return OTHER;
});

/** The class of the character at index; 0 past the end. */
function classAt(text: string, index: number): number {
  if (index >= text.length) return 0;
  const code = text.charCodeAt(index);
  return code < 128 ? ASCII_CLASS[code]! : NON_ASCII;
}

/** A piece's end when a non-ASCII character could move it. */
const NEEDS_REGEX = -1;
const sticky = new RegExp(O200K_TOKEN_SPLIT_REGEX.source, "uy");

function regexPieceEnd(text: string, start: number): number {
  sticky.lastIndex = start;
  const match = sticky.exec(text);
  // Every character is a letter, a digit, a space or none of those, so some alternative matches.
  if (match === null) throw new Error(`the o200k split regex matched nothing at index ${start}`);
  return start + match[0].length;
}

/**
 * Where the piece that starts at start ends. From 0, piece after piece, the pieces cover the text
 * exactly as the split regex's matches do.
 */
export function o200kPieceEnd(text: string, start: number): number {
  const end = asciiPieceEnd(text, start);
  return end === NEEDS_REGEX ? regexPieceEnd(text, start) : end;
}

/** Where the piece starting at start ends, or NEEDS_REGEX when a non-ASCII character could change it. */
function asciiPieceEnd(text: string, start: number): number {
  const first = classAt(text, start);
  if (first === NON_ASCII) return NEEDS_REGEX;
  if (first & LETTER) return wordEnd(text, start);
  const second = classAt(text, start + 1);
  if (first & PREFIX && !(first & NEWLINE)) {
    if (second === NON_ASCII) return NEEDS_REGEX;
    if (second & LETTER) return wordEnd(text, start + 1);
  }
  if (first & DIGIT) {
    let end = start + 1;
    while (end < start + 3 && classAt(text, end) === DIGIT) end++;
    return end < start + 3 && classAt(text, end) === NON_ASCII ? NEEDS_REGEX : end;
  }
  if (first & OTHER) return symbolsEnd(text, start);
  if (text.charCodeAt(start) === 0x20 && second === OTHER) return symbolsEnd(text, start + 1);
  return spacesEnd(text, start);
}

/** Alternatives 1 and 2 from a letter at index: capitals, then lower case, then a contraction. */
function wordEnd(text: string, index: number): number {
  let end = index;
  let kind = classAt(text, end);
  while (kind === UPPER) kind = classAt(text, ++end);
  while (kind === LOWER) kind = classAt(text, ++end);
  if (kind === NON_ASCII) return NEEDS_REGEX;
  return contractionEnd(text, end);
}

/** `'s`, `'d`, `'m`, `'t`, `'ll`, `'ve` or `'re` in any case, if one starts at index. */
function contractionEnd(text: string, index: number): number {
  if (text.charCodeAt(index) !== 0x27) return index;
  const next = String.fromCharCode(text.charCodeAt(index + 1) | 0x20);
  if ("sdmt".includes(next)) return index + 2;
  const pair = next + String.fromCharCode(text.charCodeAt(index + 2) | 0x20);
  return pair === "ll" || pair === "ve" || pair === "re" ? index + 3 : index;
}

/** Alternative 4 from a symbol at index: the symbols, then any \r, \n or /. */
function symbolsEnd(text: string, index: number): number {
  let end = index;
  let kind = classAt(text, end);
  while (kind === OTHER) kind = classAt(text, ++end);
  if (kind === NON_ASCII) return NEEDS_REGEX;
  for (let code = text.charCodeAt(end); code === 0x0d || code === 0x0a || code === 0x2f; code = text.charCodeAt(++end));
  return end;
}

/** Alternatives 5 to 7 from a space at start. */
function spacesEnd(text: string, start: number): number {
  let end = start;
  let lastNewline = -1;
  let kind = classAt(text, end);
  while (kind & SPACE) {
    if (kind & NEWLINE) lastNewline = end;
    kind = classAt(text, ++end);
  }
  if (kind === NON_ASCII) return NEEDS_REGEX;
  // \s*[\r\n]+ : the spaces up to the last line break of the run.
  if (lastNewline >= 0) return lastNewline + 1;
  // \s+(?!\S) : all of them at the end of the text, else all but the one before the next word.
  if (end === text.length || end - start === 1) return end;
  return end - 1;
}
