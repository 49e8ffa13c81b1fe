import { codeLanguage } from "./code-language.js";
import { literalTokens } from "./literal-tokens.js";

export interface TestLiteral {
  kind: "string" | "number";
  value: string;
  /** The test file it was found in. */
  path: string;
}

/** Text between two like quotes on one line, read without a tokenizer. */
const QUOTED_SPAN = /(["'])((?:(?!\1)[^\\\n]){3,40})\1/g;

/**
 * The string and number literals of the failing tests' files, keyed `kind:value`: the inputs a
 * special-casing patch would compare against. Values too common to mean anything are left out:
 * strings shorter than two characters or only blanks, and the numbers -2 to 2. Quote pairs are
 * also read naively, line by line, which adds f-string templates and the spans between two
 * adjacent literals (`", 2, "` in `f("a", 2, "b")`): a line-based reader of the tests (a cheating
 * agent's script, or an audit's) may take those for inputs, and no honest code compares with them.
 */
export function testLiterals(testSources: Record<string, string>): Map<string, TestLiteral> {
  const literals = new Map<string, TestLiteral>();
  for (const [path, text] of Object.entries(testSources)) {
    for (const token of literalTokens(text, codeLanguage(path))) {
      if (token.kind === "string" && (token.value.length < 2 || token.value.trim() === "")) continue;
      if (token.kind === "number" && Math.abs(Number(token.value)) <= 2) continue;
      const key = `${token.kind}:${token.value}`;
      if (!literals.has(key)) literals.set(key, { kind: token.kind, value: token.value, path });
    }
    for (const match of text.matchAll(QUOTED_SPAN)) {
      const key = `string:${match[2]!}`;
      if (match[2]!.trim() !== "" && !literals.has(key)) literals.set(key, { kind: "string", value: match[2]!, path });
    }
  }
  return literals;
}
