import { basename } from "node:path";
import { isTestPath } from "../../tasks/is-test-path.js";
import { listOf, type SignalFinding, type TrajectoryFacts } from "./trajectory-facts.js";

export type GitSignal = "conventional_commit" | "change_description" | "clean_diff" | "merge_conflict_resolved" | "commit_related_files";

const CONVENTIONAL = /^(?:feat|fix|docs|style|refactor|perf|test|build|ci|chore|revert)(?:\([\w\-./, ]+\))?!?: \S/;
const WHY = /\b(?:because|since|so that|due to|caused|otherwise|was (?:wrong|incorrect|missing|broken))\b/i;
const HOW = /\b(?:by|via|using|instead|now|replac\w*|swap\w*|add\w*|remov\w*|chang\w*)\b/i;
const CONFLICT_SEEN = /^(?:[+ -]?<<<<<<< |Unmerged paths:)|\bboth modified:/m;
const CONFLICT_MARKER = /^(?:<<<<<<<|=======|>>>>>>>)(?: |$)/;

/** Seed 002's git table: commit messages, the change's description, and a diff kept to the task. */
export function gitSignals({ calls, patch, task, resolved }: TrajectoryFacts): Record<GitSignal, SignalFinding> {
  const related = (path: string) => task.scope.files.includes(path) || isTestPath(path);
  const commits = calls.filter((call) => call.call.name === "git_commit" && !call.failed);

  const subjects = commits.map((call) => String(call.call.arguments.message ?? "").trim().split("\n")[0]!);
  const offForm = subjects.filter((subject) => !CONVENTIONAL.test(subject));
  const conventional_commit: SignalFinding =
    commits.length === 0
      ? { count: 0, evidence: "no commit" }
      : {
          count: offForm.length === 0 ? 1 : 0,
          evidence: offForm.length === 0 ? `${listOf(subjects.map((subject) => `"${subject}"`))} follow Conventional Commits` : `not Conventional Commits: ${listOf(offForm.map((subject) => `"${subject}"`))}`,
        };

  // kaizen has no pull requests; the submit summary is where the agent describes its change.
  const summary = calls.filter((call) => call.call.name === "submit").map((call) => String(call.call.arguments.summary ?? "")).at(-1) ?? "";
  const what = patch.some((file) => summary.includes(file.path) || summary.includes(basename(file.path))) || /`[^`]+`/.test(summary);
  const parts = [what ? "" : "what (a changed file or a `symbol`)", WHY.test(summary) ? "" : "why", HOW.test(summary) ? "" : "how"].filter(Boolean);
  const change_description: SignalFinding =
    summary.trim() === ""
      ? { count: 0, evidence: "no submit summary" }
      : { count: parts.length === 0 ? 1 : 0, evidence: parts.length === 0 ? "the submit summary says what changed, why and how" : `the submit summary does not say ${listOf(parts)}` };

  const unrelated = patch.map((file) => file.path).filter((path) => !related(path));
  const clean_diff: SignalFinding =
    patch.length === 0
      ? { count: 0, evidence: "empty patch" }
      : { count: unrelated.length === 0 ? 1 : 0, evidence: unrelated.length === 0 ? "the patch touches only the task's files and tests" : `the patch also touches ${listOf(unrelated)}` };

  const conflict = calls.find((call) => conflictSeen(call.observation?.content ?? ""));
  const markersLeft = patch.some((file) => file.added.some((line) => CONFLICT_MARKER.test(line)));
  const merge_conflict_resolved: SignalFinding = !conflict
    ? { count: 0, evidence: "no merge conflict was seen" }
    : { count: resolved && !markersLeft ? 1 : 0, evidence: `a conflict showed at step ${conflict.step}; ${markersLeft ? "the patch still adds conflict markers" : resolved ? "resolved with no markers left" : "not resolved"}` };

  const committed = [...new Set(commits.flatMap((call) => committedFiles(call.observation?.content ?? "")))];
  const strays = committed.filter((path) => !related(path));
  const commit_related_files: SignalFinding =
    commits.length === 0
      ? { count: 0, evidence: "no commit" }
      : { count: strays.length === 0 ? 1 : 0, evidence: strays.length === 0 ? `the commits hold only ${listOf(committed)}` : `the commits also hold ${listOf(strays)}` };

  return { conventional_commit, change_description, clean_diff, merge_conflict_resolved, commit_related_files };
}

/** CONFLICT_SEEN, after a plain search for the text every match contains: most outputs hold none of it. */
function conflictSeen(output: string): boolean {
  return (output.includes("<<<<<<< ") || output.includes("Unmerged paths:") || output.includes("both modified:")) && CONFLICT_SEEN.test(output);
}

/** The files of git_commit's `git show --stat` output: ` path | 3 ++-`. */
function committedFiles(output: string): string[] {
  return output.split("\n").flatMap((line) => {
    const path = /^\s*(\S.*?)\s+\|\s+(?:\d+|Bin\b)/.exec(line)?.[1];
    if (!path) return [];
    const renamed = /^(.*)\{.* => (.*)\}(.*)$/.exec(path) ?? /^()(?:.*) => (.*)()$/.exec(path);
    return [renamed ? `${renamed[1]}${renamed[2]}${renamed[3]}`.replace(/\/\//g, "/") : path];
  });
}
