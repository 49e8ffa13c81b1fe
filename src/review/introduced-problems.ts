import type { CheckProblem } from "./static-check-tools.js";

/**
 * The problems after a patch that were not there before it, matched by file and message and
 * counted (a second identical error in one file is new): line numbers are not compared, since
 * every edit above a problem moves it.
 */
export function introducedProblems({ before, after }: { before: CheckProblem[]; after: CheckProblem[] }): CheckProblem[] {
  const remaining = new Map<string, number>();
  for (const problem of before) remaining.set(keyOf(problem), (remaining.get(keyOf(problem)) ?? 0) + 1);
  return after.filter((problem) => {
    const left = remaining.get(keyOf(problem)) ?? 0;
    if (left === 0) return true;
    remaining.set(keyOf(problem), left - 1);
    return false;
  });
}

function keyOf(problem: CheckProblem): string {
  return `${problem.file}\0${problem.message}`;
}
