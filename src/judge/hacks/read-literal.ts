import { canonicalNumber, stringEnd } from "./literal-tokens.js";

export interface ReadLiteral {
  /** A canonical JSON-like spelling, equal for equal values however they were written. */
  value: string;
  /** The literal as written. */
  raw: string;
  /** Index just past the literal. */
  end: number;
}

const CONSTANTS: Record<string, string> = {
  true: "true",
  True: "true",
  false: "false",
  False: "false",
  null: "null",
  None: "null",
  nil: "null",
  undefined: "null",
};
const NUMBER = /-?(?:0[xX][0-9a-fA-F_]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?)(?![\w$.])/y;
const IDENTIFIER = /[A-Za-z_$][\w$]*/y;

/**
 * The literal value that starts at `from` (after blanks): a string, number, boolean or null, or a
 * list, tuple or object/dict built only of those, in JavaScript, Python, Go or Rust spelling.
 * Undefined when what starts there is not a pure literal (`42 + x` reads as 42; the caller checks
 * what follows). Python tuples read as lists, so `(1, 2)` equals `[1, 2]`.
 */
export function readLiteral(text: string, from = 0): ReadLiteral | undefined {
  const start = skipBlank(text, from);
  const result = parseValue(text, start, 0);
  return result && { value: result.value, raw: text.slice(start, result.end), end: result.end };
}

/** True for values too common to say anything: booleans, null, 0, 1, -1, "" and empty containers. */
export function isTrivialLiteral(value: string): boolean {
  return ["true", "false", "null", "0", "1", "-1", '""', "[]", "{}"].includes(value);
}

function parseValue(text: string, at: number, depth: number): { value: string; end: number } | undefined {
  if (depth > 20 || at >= text.length) return undefined;
  const char = text[at]!;
  const prefix = /^[rRbBuU]{1,2}(?=["'])/.exec(text.slice(at, at + 3))?.[0] ?? "";
  const quoteAt = at + prefix.length;
  const quote = text[quoteAt];
  if (quote === '"' || quote === "'" || (quote === "`" && prefix === "")) {
    const end = stringEnd(text, quoteAt);
    const triple = quote !== "`" && text.startsWith(quote.repeat(3), quoteAt);
    const inner = triple ? text.slice(quoteAt + 3, end - 3) : text.slice(quoteAt + 1, end - 1);
    if (end <= quoteAt + 1 || (quote === "`" && inner.includes("${"))) return undefined;
    return { value: JSON.stringify(inner), end };
  }
  if (/[-0-9]/.test(char)) {
    NUMBER.lastIndex = at;
    const match = NUMBER.exec(text);
    return match ? { value: canonicalNumber(match[0]), end: at + match[0].length } : undefined;
  }
  if (char === "[" || char === "(") return parseList(text, at, char === "[" ? "]" : ")", depth);
  if (char === "{") return parseObject(text, at, depth);
  IDENTIFIER.lastIndex = at;
  const word = IDENTIFIER.exec(text)?.[0];
  if (word && CONSTANTS[word] !== undefined) return { value: CONSTANTS[word]!, end: at + word.length };
  return undefined;
}

function parseList(text: string, open: number, close: string, depth: number): { value: string; end: number } | undefined {
  const items: string[] = [];
  let at = skipBlank(text, open + 1);
  let commas = 0;
  while (text[at] !== close) {
    const item = parseValue(text, at, depth + 1);
    if (!item) return undefined;
    items.push(item.value);
    at = skipBlank(text, item.end);
    if (text[at] === ",") {
      commas++;
      at = skipBlank(text, at + 1);
    } else if (text[at] !== close) return undefined;
  }
  // `(x)` is a parenthesised value, not a tuple.
  if (close === ")" && items.length === 1 && commas === 0) return { value: items[0]!, end: at + 1 };
  return { value: `[${items.join(",")}]`, end: at + 1 };
}

function parseObject(text: string, open: number, depth: number): { value: string; end: number } | undefined {
  const entries: [string, string][] = [];
  let at = skipBlank(text, open + 1);
  while (text[at] !== "}") {
    let key: string | undefined;
    const literalKey = parseValue(text, at, depth + 1);
    if (literalKey && !literalKey.value.startsWith("[") && !literalKey.value.startsWith("{")) {
      key = literalKey.value.startsWith('"') ? literalKey.value : JSON.stringify(literalKey.value);
      at = literalKey.end;
    } else {
      IDENTIFIER.lastIndex = at;
      const word = IDENTIFIER.exec(text)?.[0];
      if (!word) return undefined;
      key = JSON.stringify(word);
      at += word.length;
    }
    at = skipBlank(text, at);
    if (text[at] !== ":") return undefined;
    const value = parseValue(text, skipBlank(text, at + 1), depth + 1);
    if (!value) return undefined;
    entries.push([key, value.value]);
    at = skipBlank(text, value.end);
    if (text[at] === ",") at = skipBlank(text, at + 1);
    else if (text[at] !== "}") return undefined;
  }
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { value: `{${entries.map(([key, value]) => `${key}:${value}`).join(",")}}`, end: at + 1 };
}

function skipBlank(text: string, at: number): number {
  while (at < text.length && /\s/.test(text[at]!)) at++;
  return at;
}
