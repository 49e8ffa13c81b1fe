import type { Task } from "../../../schema/records.js";
import type { TargetFile } from "./target-state.js";

export interface SearchTerm {
  /** The identifier, as the reasoning names it. */
  text: string;
  /** What to pass to repo_search (a regular expression). */
  pattern: string;
  /** True when the issue text itself names it, so the reasoning can say so. */
  fromStatement: boolean;
}

const IDENTIFIER = /[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/g;
const COMMON = new Set(["the", "and", "for", "with", "this", "that", "when", "from", "not", "are", "was", "should", "returns", "return", "test", "tests", "fail", "fails", "error", "expected", "actual", "true", "false", "null", "undefined", "none", "function", "const", "assert", "equal", "deepEqual"]);

/**
 * What to search for to find the code a task is about: an identifier the issue mentions that the
 * changed files contain (the symbols the fix changes first), or else the changed symbol's own
 * name. The search is then something an unprivileged agent could have chosen from the issue.
 */
export function searchTerm({ task, targets }: { task: Task; targets: TargetFile[] }): SearchTerm | undefined {
  const changedText = targets.map((file) => file.base ?? file.target ?? "").join("\n");
  const symbolNames = task.scope.symbols.map((symbol) => symbol.name.split(".").at(-1)!).filter((name) => name.length >= 3);
  const mentioned = [...new Set([...task.problemStatement.matchAll(IDENTIFIER)].map((match) => match[0]))]
    .flatMap((name) => [name, name.split(".").at(-1)!])
    .filter((name) => name.length >= 3 && !COMMON.has(name.toLowerCase()) && containsWord(changedText, name));
  const best = symbolNames.find((name) => mentioned.includes(name)) ?? mentioned.sort((a, b) => score(b) - score(a))[0];
  if (best) return { text: best, pattern: wordPattern(best), fromStatement: true };
  const symbol = symbolNames[0];
  return symbol ? { text: symbol, pattern: wordPattern(symbol), fromStatement: false } : undefined;
}

/** Identifiers that look like code (camelCase, snake_case, dotted) are better search terms than words. */
function score(name: string): number {
  return (/[a-z][A-Z]|_|\./.test(name) ? 10 : 0) + Math.min(name.length, 20);
}

function containsWord(text: string, word: string): boolean {
  return new RegExp(`(^|[^\\w$])${escape(word)}($|[^\\w$])`).test(text);
}

function wordPattern(word: string): string {
  return escape(word);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
