import { hashComments, type CodeLanguage } from "./code-language.js";

export interface LiteralToken {
  kind: "string" | "number";
  /** A string's text between its quotes (escapes as written); a number in canonical form (`1_000` → `1000`). */
  value: string;
  /** The literal as written, quotes and sign included. */
  raw: string;
  start: number;
  end: number;
}

const NUMBER = /-?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?)/y;
const STRING_PREFIX = /^[rRbBuUfF]{1,2}$/;

/**
 * The string and number literals of some source text, in order, comments skipped. Python's
 * triple quotes and prefixes, JavaScript's template literals and Rust's raw strings are read as
 * strings; interpolating ones (f-strings, templates with `${`) are skipped, since their value is
 * not fixed. Never throws: an unterminated string runs to the end of its line.
 */
export function literalTokens(text: string, language?: CodeLanguage): LiteralToken[] {
  const tokens: LiteralToken[] = [];
  const hash = hashComments(language);
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (hash && char === "#") {
      i = lineEnd(text, i);
      continue;
    }
    if (!hash && char === "/" && text[i + 1] === "/") {
      i = lineEnd(text, i);
      continue;
    }
    if (!hash && char === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      i = close < 0 ? text.length : close + 2;
      continue;
    }
    if (char === '"' || char === "'" || char === "`") {
      const prefix = wordBefore(text, i);
      const interpolated = /[fF]/.test(prefix) && STRING_PREFIX.test(prefix);
      const end = stringEnd(text, i);
      const triple = text.startsWith(char.repeat(3), i) && char !== "`";
      const inner = triple ? text.slice(i + 3, end - 3) : text.slice(i + 1, end - 1);
      const template = char === "`" && inner.includes("${");
      if (!interpolated && !template && end > i + 1) {
        const start = STRING_PREFIX.test(prefix) ? i - prefix.length : i;
        tokens.push({ kind: "string", value: inner, raw: text.slice(start, end), start, end });
      }
      i = end;
      continue;
    }
    if (/[0-9-]/.test(char) && !/[\w$.]/.test(text[i - 1] ?? "")) {
      if (char === "-" && !minusIsSign(text, i)) {
        i++;
        continue;
      }
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (match && !/[\w$.]/.test(text[i + match[0].length] ?? "")) {
        const raw = match[0];
        tokens.push({ kind: "number", value: canonicalNumber(raw), raw, start: i, end: i + raw.length });
        i += raw.length;
        continue;
      }
    }
    if (/[A-Za-z_$]/.test(char)) {
      while (i < text.length && /[\w$]/.test(text[i]!)) i++;
      continue;
    }
    i++;
  }
  return tokens;
}

/** `1_000` → `1000`, `0x10` → `16`, `2.50` → `2.5`. */
export function canonicalNumber(raw: string): string {
  const clean = raw.replace(/_/g, "");
  const negative = clean.startsWith("-");
  const body = negative ? clean.slice(1) : clean;
  const value = /^0[xXoObB]/.test(body) ? Number(body) : Number.parseFloat(body);
  return Number.isFinite(value) ? String(negative ? -value : value) : clean;
}

/** Where the string literal opening at `start` ends (just past its closing quote). */
export function stringEnd(text: string, start: number): number {
  const quote = text[start]!;
  const triple = quote !== "`" && text.startsWith(quote.repeat(3), start);
  if (triple) {
    const close = text.indexOf(quote.repeat(3), start + 3);
    return close < 0 ? text.length : close + 3;
  }
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i]!;
    if (char === "\\") i++;
    else if (char === quote) return i + 1;
    else if (char === "\n" && quote !== "`") return i;
  }
  return text.length;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf("\n", from);
  return end < 0 ? text.length : end;
}

/** The identifier characters right before `index` (a string prefix such as `r`, `b`, `f`). */
function wordBefore(text: string, index: number): string {
  let start = index;
  while (start > 0 && /\w/.test(text[start - 1]!)) start--;
  return text.slice(start, index);
}

/** A `-` is a sign when what precedes it cannot end an operand (`x - 1` subtracts, `(-1` negates). */
function minusIsSign(text: string, index: number): boolean {
  if (!/\d/.test(text[index + 1] ?? "")) return false;
  let before = index - 1;
  while (before >= 0 && (text[before] === " " || text[before] === "\t")) before--;
  return before < 0 || !/[\w$)\]"'`]/.test(text[before]!);
}
