export interface PlanStep {
  text: string;
  /** Repository paths the step names (in backticks, or bare with a slash and an extension). */
  files: string[];
  /** The tool the step names, e.g. the `(edit)` at its end. */
  tool: string | undefined;
}

export interface Plan {
  steps: PlanStep[];
  /** The `**Confidence**: 0.85` stated with it (a percentage becomes a fraction). */
  confidence: number | undefined;
}

const TOOL_NAMES = [
  "list_directory",
  "repo_tree",
  "find_symbol",
  "repo_search",
  "read_file",
  "edit",
  "apply_patch",
  "run_tests",
  "run_single_test",
  "run_tests_with_coverage",
  "git_status",
  "git_diff",
  "git_log",
  "git_blame",
  "git_commit",
  "bash",
  "submit",
];

const HEADER = /^[ \t]*(?:#{1,6}[ \t]*Plan\b[ \t]*:?|\*\*Plan\*\*[ \t]*:?|\*\*Plan:\*\*|Plan:)[ \t]*/im;
const NUMBERED = /^[ \t]*\d+[.)][ \t]+(.*)$/;
/** The next `**Section**:` of the reasoning ends the plan. */
const NEXT_SECTION = /^[ \t]*\*\*[^*\n]+\*\*[ \t]*:/;
const EXTENSION = /\.(?:[cm]?[jt]sx?|py|go|rs|java|kt|rb|php|cs|swift|c|h|cc|cpp|hpp|json|ya?ml|toml|md|txt|ini|cfg|sh|css|scss|html|vue|svelte|sql|lock)$/;
const CONFIDENCE = /\*{0,2}Confidence\*{0,2}[ \t]*:\*{0,2}[ \t]*(\d*\.?\d+)[ \t]*(%)?/i;

/**
 * The plan written in a step's reasoning, in seed 002's format: a `**Plan**:` header and numbered
 * steps under it (or on its line: `**Plan**: 1) … 2) …`), each naming files and a tool. Undefined
 * when there is no header with at least one numbered step.
 */
export function parsePlan(text: string): Plan | undefined {
  const header = HEADER.exec(text);
  if (!header) return undefined;
  const rest = text.slice(header.index + header[0].length);
  const [first = "", ...following] = rest.split("\n");
  const items: string[] = [];

  if (/^\d+[.)]\s/.test(first.trim())) {
    // Inline: `1) Extract validate_input(), 2) Extract transform_data()` — or the first numbered line.
    const inline = first.trim().split(/(?:^|[\s,;]+)\d+[.)]\s+/).map((item) => item.trim().replace(/[,;]$/, "")).filter(Boolean);
    items.push(...inline);
  }
  for (const line of following) {
    const numbered = NUMBERED.exec(line);
    if (numbered) items.push(numbered[1]!.trim());
    else if (items.length > 0 && (line.trim() === "" || NEXT_SECTION.test(line))) break;
    else if (items.length > 0 && /^\s+\S/.test(line)) items[items.length - 1] += ` ${line.trim()}`;
    else if (items.length > 0) break;
  }
  if (items.length === 0) return undefined;

  const confidence = CONFIDENCE.exec(text);
  const value = confidence ? Number(confidence[1]) / (confidence[2] ? 100 : 1) : undefined;
  return { steps: items.map(planStep), confidence: value !== undefined && value >= 0 && value <= 1 ? value : undefined };
}

function planStep(text: string): PlanStep {
  const quoted = [...text.matchAll(/`([^`\s]+)`/g)].map((match) => match[1]!);
  const bare = [...text.matchAll(/(?:^|[\s(])((?:\.\/)?[\w.-]+(?:\/[\w.-]+)+)/g)].map((match) => match[1]!);
  const files = [...new Set([...quoted, ...bare].map((path) => path.replace(/^\.\//, "")).filter((path) => EXTENSION.test(path)))];
  const named = /\((\w+)\)\s*\.?\s*$/.exec(text)?.[1] ?? quoted.find((word) => TOOL_NAMES.includes(word));
  return { text, files, tool: named && TOOL_NAMES.includes(named) ? named : undefined };
}
