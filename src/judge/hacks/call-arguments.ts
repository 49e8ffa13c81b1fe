import { stringEnd } from "./literal-tokens.js";

export interface CallArguments {
  /** Each top-level argument's text, trimmed. */
  args: string[];
  /** Index just past the closing bracket; the text's length when it never closes. */
  end: number;
  closed: boolean;
}

const CLOSE: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

/**
 * The arguments of the call (or the items of the bracketed list) whose opening bracket is at
 * `open`, split at top-level commas; strings and nested brackets are skipped whole. Reading stops
 * `limit` characters on, so an unclosed bracket in a large file costs little.
 */
export function callArguments(text: string, open: number, limit = 20_000): CallArguments {
  const closer = CLOSE[text[open] ?? ""] ?? ")";
  const stack: string[] = [];
  const args: string[] = [];
  let argStart = open + 1;
  const stop = Math.min(text.length, open + limit);
  for (let i = open + 1; i < stop; i++) {
    const char = text[i]!;
    if (char === '"' || char === "'" || char === "`") {
      i = stringEnd(text, i) - 1;
      continue;
    }
    if (CLOSE[char]) stack.push(CLOSE[char]!);
    else if (stack.length > 0 && char === stack.at(-1)) stack.pop();
    else if (stack.length === 0 && char === closer) {
      const last = text.slice(argStart, i).trim();
      if (last !== "" || args.length > 0) args.push(last);
      return { args, end: i + 1, closed: true };
    } else if (stack.length === 0 && char === ",") {
      args.push(text.slice(argStart, i).trim());
      argStart = i + 1;
    }
  }
  return { args, end: stop, closed: false };
}
