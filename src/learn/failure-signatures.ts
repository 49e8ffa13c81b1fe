import { toolTimeline, type TimelineCall } from "../judge/shaped/tool-timeline.js";
import { countOf, listOf } from "../judge/shaped/trajectory-facts.js";
import { splitFileDiffs } from "../repo/file-diffs.js";
import type { Score, Task, Trajectory } from "../schema/records.js";
import { isTestPath } from "../tasks/is-test-path.js";

/** What each failure signature means, in the words a card's description uses. */
export const SIGNATURES = {
  "never-opened-bug-file": "never read, searched or edited a file of the fix",
  "edited-wrong-symbol": "edited code outside the fix's files and symbols",
  "never-ran-tests": "never ran a test (no test tool, no test command in bash)",
  "echo-loop": "repeated the same call with the same arguments",
  "broke-pass-to-pass": "broke tests that passed before (PASS_TO_PASS)",
  "ran-out-of-budget": "ran out of steps, tokens or wall time before submitting",
  "format-errors": "made malformed tool calls or replies without a call",
  "hack-flagged": "was flagged by a reward-hack detector",
  "incomplete-fix": "submitted with FAIL_TO_PASS tests still failing",
} as const;

export type SignatureName = keyof typeof SIGNATURES;
export const SIGNATURE_NAMES = Object.keys(SIGNATURES) as SignatureName[];

/** One failure pattern found in one trajectory, with the evidence a reader can check. */
export interface FailureSignature {
  signature: SignatureName;
  /** Cites steps, files, symbols and tests, e.g. `step 7: edited src/format.js; the fix changes src/cart.js`. */
  evidence: string;
}

/**
 * Below this, a resolved trajectory's shaped signals (everything but the outcome) are weak: it
 * got there without the habits seed 002 rewards (a plan, a test run after the last edit, …).
 */
export const WEAK_SHAPED_TOTAL = 0.2;

export type Standing = "failed" | "partial" | "clean";

/**
 * Whether a judged trajectory has something to learn from: failed (unresolved), partial (resolved
 * but hack-flagged, with a penalty signal fired, or with weak shaped signals), or clean.
 */
export function trajectoryStanding(score: Score): { standing: Standing; why: string } {
  if (!score.resolved) return { standing: "failed", why: "unresolved" };
  if (score.hackFlags.length > 0) return { standing: "partial", why: `resolved but hack-flagged (${score.hackFlags.map((flag) => flag.detector).join(", ")})` };
  const shaped = Object.entries(score.components).filter(([name]) => name !== "outcome");
  const penalties = shaped.filter(([, value]) => value < 0).map(([name]) => name);
  if (penalties.length > 0) return { standing: "partial", why: `resolved with penalties: ${listOf(penalties)}` };
  const total = shaped.reduce((sum, [, value]) => sum + value, 0);
  if (total < WEAK_SHAPED_TOTAL) return { standing: "partial", why: `resolved with weak shaped signals (${total.toFixed(2)} < ${WEAK_SHAPED_TOTAL})` };
  return { standing: "clean", why: "resolved with good shaped signals" };
}

export interface FailureSignaturesOptions {
  task: Task;
  trajectory: Trajectory;
  score: Score;
}

const BUDGET_EXITS = new Set(["step-limit", "token-budget", "wall-time"]);

/** A test command as agents type it into bash, for the frameworks kaizen runs. */
const TEST_COMMAND =
  /\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?test\b|\bnode\s+(?:[-\w=]+\s+)*--test\b|\b(?:pytest|py\.test|jest|vitest|mocha|nextest)\b|\bpython3?\s+-m\s+(?:pytest|unittest)\b|\bgo\s+test\b|\bcargo\s+test\b|\bdeno\s+test\b|\bmake\s+(?:test|check)\b/;

/**
 * The failure signatures of one judged trajectory. Pure: it reads the task, the recorded steps and
 * the Score. A clean trajectory has none worth learning from, but the detectors do not ask; the
 * caller decides which trajectories to look at (trajectoryStanding).
 */
export function failureSignatures({ task, trajectory, score }: FailureSignaturesOptions): FailureSignature[] {
  const calls = toolTimeline(trajectory);
  const found: (FailureSignature | undefined)[] = [
    neverOpenedBugFile(task, calls),
    editedWrongSymbol(task, trajectory, score, calls),
    neverRanTests(trajectory, calls),
    echoLoop(trajectory),
    brokePassToPass(task, score),
    ranOutOfBudget(trajectory, calls),
    formatErrors(trajectory),
    hackFlagged(score),
    incompleteFix(task, trajectory, score),
  ];
  return found.filter((signature): signature is FailureSignature => signature !== undefined);
}

function neverOpenedBugFile(task: Task, calls: TimelineCall[]): FailureSignature | undefined {
  const scope = task.scope.files.filter((path) => !isTestPath(path));
  if (scope.length === 0) return undefined;
  const opened = calls.some((call) => {
    if (call.failed) return false;
    if (call.read && scope.includes(call.read.path)) return true;
    if (call.edited.some((path) => scope.includes(path))) return true;
    // A search whose results name the file found it; a shell command naming it (cat, sed) read it.
    if (call.kind === "search") return scope.some((path) => call.observation?.content.includes(path));
    if (call.kind === "shell") return scope.some((path) => String(call.call.arguments.command ?? "").includes(path));
    return false;
  });
  if (opened) return undefined;
  const read = unique(calls.flatMap((call) => (call.read ? [call.read.path] : [])));
  const edited = unique(calls.flatMap((call) => call.edited));
  const instead = [read.length > 0 && `read ${listOf(read.slice(0, 5))}`, edited.length > 0 && `edited ${listOf(edited.slice(0, 5))}`].filter(Boolean);
  return {
    signature: "never-opened-bug-file",
    evidence: `never read, searched or edited ${listOf(scope)} (the fix's files)${instead.length > 0 ? `; ${instead.join(", ")} instead` : `; opened no file in ${countOf(calls.length, "call")}`}`,
  };
}

function editedWrongSymbol(task: Task, trajectory: Trajectory, score: Score, calls: TimelineCall[]): FailureSignature | undefined {
  const edited = splitFileDiffs({ patch: trajectory.outcome?.patch ?? "" })
    .map((file) => file.path)
    .filter((path) => !isTestPath(path));
  if (edited.length === 0) return undefined;
  const scope = task.scope.files.filter((path) => !isTestPath(path));
  const outside = edited.filter((path) => !scope.includes(path));
  const missed = scope.filter((path) => !edited.includes(path));
  const symbols = parseSymbolScope(score.evidence.scope_symbols);
  const wrongSymbols = symbols !== undefined && symbols.changed.length > 0 && symbols.truth.length > 0 && symbols.common === 0;
  if (outside.length === 0 && missed.length === 0 && !wrongSymbols) return undefined;
  const where = outside[0] ?? edited[0]!;
  const editCall = calls.filter((call) => call.edited.includes(where)).at(-1);
  const truthSymbols = task.scope.symbols.filter((symbol) => !isTestPath(symbol.file)).map((symbol) => symbol.name);
  const changed = symbols && symbols.changed.length > 0 ? ` (${listOf(symbols.changed.slice(0, 4))})` : "";
  const parts = [
    `${editCall ? `step ${editCall.step}: ` : ""}edited ${listOf(outside.length > 0 ? outside : edited)}${changed}`,
    `the fix changes ${listOf(scope)}${truthSymbols.length > 0 ? ` (${listOf(truthSymbols.slice(0, 4))})` : ""}`,
    ...(missed.length > 0 ? [`never edited ${listOf(missed)}`] : []),
    ...(score.scope ? [`scope precision ${score.scope.precision.toFixed(2)}, recall ${score.scope.recall.toFixed(2)}`] : []),
  ];
  return { signature: "edited-wrong-symbol", evidence: parts.join("; ") };
}

/** The judge's `scope_symbols` evidence: `changed a, b; the fix changes c; 1 in common`. */
export function parseSymbolScope(text: string | undefined): { changed: string[]; truth: string[]; common: number } | undefined {
  const match = /^changed (.*); the fix changes (.*); (\d+) in common$/.exec(text ?? "");
  if (!match) return undefined;
  const names = (list: string) => (list === "nothing" ? [] : list.replace(/ and \d+ more$/, "").split(", ").filter(Boolean));
  return { changed: names(match[1]!), truth: names(match[2]!), common: Number(match[3]) };
}

function neverRanTests(trajectory: Trajectory, calls: TimelineCall[]): FailureSignature | undefined {
  const ran = calls.some((call) => call.kind === "test" || (call.kind === "shell" && TEST_COMMAND.test(String(call.call.arguments.command ?? ""))));
  if (ran) return undefined;
  const lastEdit = calls.filter((call) => call.edited.length > 0).at(-1);
  const ending = trajectory.outcome?.submitted ? "submitted" : `stopped (${trajectory.outcome?.exitReason ?? "unfinished"})`;
  return {
    signature: "never-ran-tests",
    evidence: lastEdit
      ? `step ${lastEdit.step}: edited ${listOf(lastEdit.edited)} and ${ending} without running a test in ${countOf(trajectory.steps.length, "step")}`
      : `no test run and no edit in ${countOf(trajectory.steps.length, "step")}; ${ending}`,
  };
}

function echoLoop(trajectory: Trajectory): FailureSignature | undefined {
  const echoes = trajectory.steps.flatMap((step) => step.events.filter((event) => event.kind === "echo").map((event) => ({ step: step.index, detail: event.detail })));
  if (echoes.length === 0) return undefined;
  return {
    signature: "echo-loop",
    evidence: `step ${echoes[0]!.step}: ${echoes[0]!.detail}${echoes.length > 1 ? ` (${echoes.length} echo events, steps ${unique(echoes.map((echo) => String(echo.step))).join(", ")})` : ""}`,
  };
}

function brokePassToPass(task: Task, score: Score): FailureSignature | undefined {
  // Only tests the judge reports on: a patch that did not apply ran nothing, which is not breaking.
  const broken = task.passToPass.filter((id) => score.tests[id] !== undefined && score.tests[id] !== "passed");
  if (broken.length === 0) return undefined;
  return {
    signature: "broke-pass-to-pass",
    evidence: `${countOf(broken.length, "PASS_TO_PASS test")} of ${task.passToPass.length} no longer pass: ${listOf(broken.slice(0, 4).map((id) => `${id} (${score.tests[id]})`))}`,
  };
}

function ranOutOfBudget(trajectory: Trajectory, calls: TimelineCall[]): FailureSignature | undefined {
  const outcome = trajectory.outcome;
  if (!outcome || !BUDGET_EXITS.has(outcome.exitReason)) return undefined;
  const recent = calls.slice(-3).map((call) => call.call.name);
  return {
    signature: "ran-out-of-budget",
    evidence: `stopped after ${countOf(trajectory.steps.length, "step")} on ${outcome.exitReason}${outcome.detail ? ` (${outcome.detail})` : ""}${recent.length > 0 ? `; last calls ${recent.join(", ")}` : ""}`,
  };
}

function formatErrors(trajectory: Trajectory): FailureSignature | undefined {
  const steps = trajectory.steps.filter((step) => step.formatError !== undefined || step.events.some((event) => event.kind === "format-error"));
  const exited = trajectory.outcome?.exitReason === "format-errors";
  if (steps.length === 0 && !exited) return undefined;
  const first = steps[0];
  const what = first ? (first.formatError ?? first.events.find((event) => event.kind === "format-error")?.detail ?? "") : "";
  return {
    signature: "format-errors",
    evidence: `${countOf(steps.length, "step")} with format errors${steps.length > 0 ? ` (steps ${steps.slice(0, 6).map((step) => step.index).join(", ")})` : ""}${exited ? "; the rollout ended on repeated format errors" : ""}${what ? `; step ${first!.index}: ${oneLine(what)}` : ""}`,
  };
}

function hackFlagged(score: Score): FailureSignature | undefined {
  if (score.hackFlags.length === 0) return undefined;
  return {
    signature: "hack-flagged",
    evidence: score.hackFlags
      .slice(0, 3)
      .map((flag) => `${flag.detector}${flag.file ? ` in ${flag.file}${flag.line ? `:${flag.line}` : ""}` : ""}: ${oneLine(flag.evidence)}`)
      .join("; "),
  };
}

function incompleteFix(task: Task, trajectory: Trajectory, score: Score): FailureSignature | undefined {
  if (!trajectory.outcome?.submitted || task.failToPass.length === 0) return undefined;
  const failing = task.failToPass.filter((id) => score.tests[id] !== "passed");
  if (failing.length === 0) return undefined;
  const empty = (trajectory.outcome.patch ?? "").trim() === "";
  return {
    signature: "incomplete-fix",
    evidence: `submitted at step ${trajectory.steps.at(-1)?.index ?? 0}${empty ? " an empty patch" : ""} with ${failing.length} of ${task.failToPass.length} FAIL_TO_PASS tests not passing: ${listOf(failing.slice(0, 4).map((id) => `${id} (${score.tests[id] ?? "not run"})`))}`,
  };
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function oneLine(text: string, max = 160): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
