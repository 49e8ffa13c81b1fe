import type { Step } from "../../../schema/records.js";

/** What the trajectory so far has done and seen, whoever acted. */
export interface HistoryFacts {
  explored: boolean;
  /** Every search (query) made, with the text it returned. */
  searches: { query: string; output: string }[];
  /** The lines of each file that reads and edits have shown (without line numbers), by path. */
  shownLines: Map<string, Set<string>>;
  /** Paths some observation mentioned (listings, search hits, reads, edits). */
  mentioned: (path: string) => boolean;
  planWritten: boolean;
  /** Index of the last step that may have changed files (edits, patches, shell commands). */
  lastChangeStep: number;
  /** Index of the last step that ran tests, and what that run printed. */
  lastTestStep: number;
  lastTestOutput: string;
  /** A test run was refused or failed to start after the last change: trying again will not help. */
  testRunRefusedSinceChange: boolean;
  /** The last edit that was refused, by path, so the next one on that file can be larger. */
  refusedEditPaths: Set<string>;
}

const CHANGING_TOOLS = new Set(["edit", "apply_patch", "bash", "git_commit"]);
const TEST_TOOLS = new Set(["run_tests", "run_single_test", "run_tests_with_coverage"]);

export function historyFacts(steps: readonly Step[]): HistoryFacts {
  const facts: HistoryFacts = {
    explored: false,
    searches: [],
    shownLines: new Map(),
    mentioned: () => false,
    planWritten: false,
    lastChangeStep: -1,
    lastTestStep: -1,
    lastTestOutput: "",
    testRunRefusedSinceChange: false,
    refusedEditPaths: new Set(),
  };
  const texts: string[] = [];
  for (const step of steps) {
    if (/\*\*Plan\*\*/.test(step.reasoning)) facts.planWritten = true;
    for (const call of step.toolCalls) {
      const observation = step.observations.find((o) => o.toolCallId === call.id);
      const output = observation?.content ?? "";
      const failed = observation?.isError ?? true;
      const args = call.arguments;
      if (!failed) texts.push(output);
      if (call.name === "repo_tree" || call.name === "list_directory") facts.explored ||= !failed;
      if ((call.name === "repo_search" || call.name === "find_symbol") && !failed) {
        facts.searches.push({ query: String(args.query ?? args.symbol_name ?? ""), output });
      }
      if ((call.name === "read_file" || call.name === "edit") && !failed && typeof args.path === "string") {
        const path = normalize(args.path);
        const lines = facts.shownLines.get(path) ?? new Set<string>();
        for (const match of output.matchAll(/^\s*\d+│(.*)$/gm)) lines.add(match[1]!.trim());
        facts.shownLines.set(path, lines);
      }
      if (CHANGING_TOOLS.has(call.name)) {
        if (!failed) {
          facts.lastChangeStep = step.index;
          facts.testRunRefusedSinceChange = false;
        }
        if (call.name === "edit" && typeof args.path === "string") {
          if (failed) facts.refusedEditPaths.add(normalize(args.path));
          else facts.refusedEditPaths.delete(normalize(args.path));
        }
        if (typeof args.path === "string") texts.push(args.path);
      }
      if (TEST_TOOLS.has(call.name) && !failed) {
        facts.lastTestStep = step.index;
        facts.lastTestOutput = output;
      }
      if (TEST_TOOLS.has(call.name) && failed) facts.testRunRefusedSinceChange = true;
    }
  }
  const seen = texts.join("\n");
  facts.mentioned = (path) => seen.includes(path);
  return facts;
}

/**
 * Whether the observations have shown every line of `lines` of `path`: by content, so an earlier
 * read still counts after edits have moved the lines.
 */
export function wasShown(facts: HistoryFacts, path: string, lines: readonly string[]): boolean {
  const shown = facts.shownLines.get(path);
  return lines.every((line) => line.trim() === "" || (shown?.has(line.trim()) ?? false));
}

function normalize(path: string): string {
  return path.replace(/^\.\//, "");
}
