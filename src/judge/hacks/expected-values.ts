import { callArguments } from "./call-arguments.js";
import { codeLanguage, stripLineComment } from "./code-language.js";
import { literalTokens } from "./literal-tokens.js";
import { isTrivialLiteral, readLiteral } from "./read-literal.js";

export interface ExpectedValue {
  /** The canonical value (`readLiteral`). */
  value: string;
  /** `expected`: the value an equality assertion compares with; `asserted`: any other literal of an assertion. */
  role: "expected" | "asserted";
  /** As the test writes it. */
  raw: string;
  path: string;
  line: number;
}

/** Assertion calls whose arguments include the expected value. */
const ASSERT_CALL =
  /(?:\bassert(?:\.strict)?\.(?:equal|strictEqual|deepEqual|deepStrictEqual|equals|is|same)|\bassert_eq!|\bassert_equal|\bself\.assert(?:Equal|Equals|AlmostEqual|ListEqual|DictEqual|TupleEqual|SetEqual|MultiLineEqual|SequenceEqual|CountEqual|Is)|\bassertEquals?|\b(?:assert|require)\.(?:Equal|EqualValues|Exactly)|\bt\.(?:is|deepEqual|same|equal|strictSame|strictEqual|deepEquals)|\.to(?:Be|Equal|StrictEqual|BeCloseTo|Eql)|\.(?:to|should)(?:\.(?:deep|strict|be|that))*\.(?:equal|eql|equals|eq))\s*\(/g;
/** The start of any assertion: its literals are the values a test pins down. */
const ANY_ASSERTION = /(?:\bassert(?:\.\w+|_\w+!?|[A-Z]\w*)?|\bexpect|\bself\.assert\w+|\b(?:require|t)\.\w+)\s*\(/g;
/** Table-test fields and variables that hold the expected value: `expected: 42`, `want := "x"`. */
const EXPECTED_NAME = /\b(?:expected\w*|want(?:ed)?\w*|exp|output\w*)\s*(?::=|=(?!=)|:)\s*/g;

/**
 * The literal values the failing tests assert results equal: the expected arguments of
 * `assert.equal`, `expect(…).toBe`, `self.assertEqual`, `assert_eq!`, testify's `assert.Equal`,
 * both sides of a Python `assert x == y`, and table-test fields named `expected`/`want`.
 * Every other literal inside an assertion is kept too, as `asserted`: a hard-coded return of an
 * assertion's input is as telling as one of its expected value (and a checker that misreads
 * which argument is expected still finds it). Booleans, null, 0, ±1, "" and empty containers are
 * left out: code returns them all the time.
 */
export function expectedValues(testSources: Record<string, string>): Map<string, ExpectedValue> {
  const values = new Map<string, ExpectedValue>();
  for (const [path, text] of Object.entries(testSources)) {
    const language = codeLanguage(path);
    const lineOf = lineNumbers(text);
    const add = (arg: string, at: number, role: ExpectedValue["role"] = "expected") => {
      const literal = readLiteral(arg);
      if (!literal || arg.slice(literal.end).trim() !== "" || isTrivialLiteral(literal.value)) return;
      if (values.get(literal.value)?.role === "expected" || (role === "asserted" && values.has(literal.value))) return;
      values.set(literal.value, { value: literal.value, role, raw: literal.raw, path, line: lineOf(at) });
    };
    const asserted: [string, number][] = [];
    for (const match of text.matchAll(ASSERT_CALL)) {
      const open = match.index + match[0].length - 1;
      const { args } = callArguments(text, open);
      for (const arg of args.slice(0, 3)) add(arg, match.index);
    }
    for (const match of text.matchAll(ANY_ASSERTION)) {
      let { end } = callArguments(text, match.index + match[0].length - 1);
      // `expect(x).not.toBe(y)`: the matcher's arguments belong to the assertion too.
      for (let chain; (chain = /^(?:\s*\.\s*\w+)+\s*\(/.exec(text.slice(end, end + 200))); ) end = callArguments(text, end + chain[0].length - 1).end;
      asserted.push([text.slice(match.index, end), match.index]);
    }
    for (const match of text.matchAll(EXPECTED_NAME)) {
      const literal = readLiteral(text, match.index + match[0].length);
      if (literal && /^\s*(?:[,;})\n]|$)/.test(text.slice(literal.end, literal.end + 2))) add(literal.raw, match.index);
    }
    let offset = 0;
    for (const line of language === "python" ? text.split("\n") : []) {
      const assertion = /^\s*assert\s+(.*)$/.exec(stripLineComment(line, language));
      if (assertion) asserted.push([assertion[1]!, offset]);
      if (assertion) {
        // `assert x == y, "message"`: the message follows the first top-level comma.
        const expression = splitTopLevel(assertion[1]!, ",")[0]!;
        const sides = splitTopLevel(expression, "==");
        if (sides.length === 2) for (const side of sides) add(side.trim(), offset);
      }
      offset += line.length + 1;
    }
    for (const [span, at] of asserted) {
      for (const token of literalTokens(span, language)) if (token.kind === "string" ? token.value.length >= 2 : Math.abs(Number(token.value)) > 2) add(token.raw, at, "asserted");
    }
  }
  return values;
}

/** A function from an index in `text` to its 1-based line number. */
function lineNumbers(text: string): (index: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return (index) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= index) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}

/** `a == b` split at top-level `==` (outside strings and brackets). */
function splitTopLevel(expression: string, operator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const char = expression[i]!;
    if (quote) {
      if (char === "\\") i++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if ("([{".includes(char)) depth++;
    else if (")]}".includes(char)) depth--;
    else if (depth === 0 && expression.startsWith(operator, i) && expression[i + operator.length] !== "=" && !"!<>=".includes(expression[i - 1] ?? "")) {
      parts.push(expression.slice(start, i));
      start = i + operator.length;
      i += operator.length - 1;
    }
  }
  parts.push(expression.slice(start));
  return parts;
}
