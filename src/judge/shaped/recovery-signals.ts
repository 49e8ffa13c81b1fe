import { findReverts } from "./find-reverts.js";
import type { TimelineCall } from "./tool-timeline.js";
import { listOf, type SignalFinding, type TrajectoryFacts } from "./trajectory-facts.js";

export type RecoverySignal =
  | "recovery"
  | "clean_revert"
  | "correct_backtrack"
  | "echo_penalty"
  | "strategy_diversity"
  | "verify_before_proceed"
  | "infinite_retry"
  | "escalation";

const GAVE_UP = /\b(?:could not|couldn't|cannot|can't|unable to|was not able to|wasn't able to|did not manage to|failed to)\b[^.\n]{0,40}?\b(?:fix|resolve|reproduce|find|determine|make)\b|\bnot (?:fixed|resolved)\b/i;

/** Seed 002's error-recovery table: recovering from failed attempts without looping. */
export function recoverySignals(facts: TrajectoryFacts): Record<RecoverySignal, SignalFinding> {
  const { calls, resolved, failedAttempts, thresholds } = facts;
  const edits = calls.filter((call) => call.edited.length > 0);

  const recovered = failedAttempts.find((failure) => edits.some((edit) => edit.position > failure.position));
  const recovery: SignalFinding = !resolved
    ? { count: 0, evidence: "not resolved" }
    : recovered
      ? { count: 1, evidence: `resolved after the failing test run at step ${recovered.step} and further edits` }
      : { count: 0, evidence: "resolved with no failing test run between edits" };

  const reverts = findReverts(calls);
  let clean_revert: SignalFinding = { count: 0, evidence: reverts.length > 0 ? "no different edit followed a revert" : "no revert" };
  for (const revert of reverts) {
    const before = revert.undone.length > 0 ? revert.undone : edits.filter((edit) => edit.position < revert.call.position);
    const retry = edits.find((edit) => edit.position > revert.call.position && !before.some((old) => old.key === edit.key));
    if (!retry) continue;
    clean_revert = { count: 1, evidence: `step ${revert.call.step} reverted (${revert.how}), then step ${retry.step} tried a different edit` };
    break;
  }

  let correct_backtrack: SignalFinding = { count: 0, evidence: reverts.length > 0 ? "no revert followed a failing test run of the reverted change" : "no revert" };
  for (const revert of reverts) {
    const reverted = revert.undone.at(-1) ?? edits.filter((edit) => edit.position < revert.call.position).at(-1);
    const failure = reverted && calls.find((call) => call.testRun?.verdict === "failed" && call.position > reverted.position && call.position < revert.call.position);
    if (!failure) continue;
    correct_backtrack = resolved
      ? { count: 1, evidence: `step ${revert.call.step} backtracked after the failing run at step ${failure.step}, and the task was resolved` }
      : { count: 0, evidence: `step ${revert.call.step} backtracked after the failing run at step ${failure.step}, but the task was not resolved` };
    if (resolved) break;
  }

  const echo = findEcho(calls, thresholds.echoRepeats);
  const echo_penalty: SignalFinding = echo
    ? { count: 1, evidence: `${echo.key} made ${thresholds.echoRepeats} times with no edit in between (steps ${listOf(echo.steps.map(String))})` }
    : { count: 0, evidence: `no call repeated ${thresholds.echoRepeats} times on unchanged files` };

  let strategy_diversity: SignalFinding = { count: 0, evidence: failedAttempts.length > 0 ? "no retry with a different tool sequence after a failing run" : "no failed attempt to retry" };
  for (const failure of failedAttempts) {
    const attempt = sequence(calls, failure, -1);
    const retry = sequence(calls, failure, 1);
    if (!retry.some((call) => call.edited.length > 0)) continue;
    const before = tools(attempt);
    const after = tools(retry);
    if (before === after) continue;
    strategy_diversity = { count: 1, evidence: `after the failing run at step ${failure.step}, the retry used ${after} instead of ${before}` };
    break;
  }

  const lastEdit = edits.at(-1);
  const check = lastEdit && calls.find((call) => call.position > lastEdit.position && call.kind === "test" && !call.failed);
  const verify_before_proceed: SignalFinding = !lastEdit
    ? { count: 0, evidence: "no edit to verify" }
    : check
      ? { count: 1, evidence: `step ${check.step} ran ${check.call.name} after the last edit (step ${lastEdit.step})` }
      : { count: 0, evidence: `no test run after the last edit (step ${lastEdit.step})` };

  const retried = mostRepeatedError(calls);
  const infinite_retry: SignalFinding =
    retried && retried.steps.length > thresholds.sameErrorRepeats
      ? { count: 1, evidence: `the same error came back ${retried.steps.length} times (steps ${listOf(retried.steps.map(String))}): ${retried.firstLine}` }
      : { count: 0, evidence: `no error repeated more than ${thresholds.sameErrorRepeats} times${retried ? ` (at most ${retried.steps.length})` : ""}` };

  const last = facts.trajectory.steps.at(-1);
  const summaries = [...calls.filter((call) => call.call.name === "submit").map((call) => String(call.call.arguments.summary ?? "")), last?.content ?? ""];
  const admission = summaries.map((text) => GAVE_UP.exec(text)?.[0]).find(Boolean);
  const escalation: SignalFinding = admission
    ? { count: 1, evidence: `the agent said it could not finish: "${admission}" (neutral)` }
    : { count: 0, evidence: "the agent did not say it was stuck" };

  return { recovery, clean_revert, correct_backtrack, echo_penalty, strategy_diversity, verify_before_proceed, infinite_retry, escalation };
}

/**
 * The first call made `repeats` times with the same arguments and no file change in between. A
 * successful edit resets the count (running the tests after each edit is not an echo); a bash
 * command resets the others' counts but not its own, since it may have changed files. The
 * harness's own `echo` events count repeats across edits too, so they are not used here.
 */
function findEcho(calls: TimelineCall[], repeats: number): { key: string; steps: number[] } | undefined {
  const seen = new Map<string, number[]>();
  for (const call of calls) {
    if (call.edited.length > 0) {
      seen.clear();
      continue;
    }
    if (call.kind === "shell") for (const key of seen.keys()) if (key !== call.key) seen.delete(key);
    const steps = [...(seen.get(call.key) ?? []), call.step];
    seen.set(call.key, steps);
    if (steps.length >= repeats) return { key: call.key, steps };
  }
  return undefined;
}

/** The calls, other than test runs, from the test run before `failure` to it (-1) or after it to the next (1). */
function sequence(calls: TimelineCall[], failure: TimelineCall, direction: -1 | 1): TimelineCall[] {
  const picked: TimelineCall[] = [];
  for (let i = failure.position + direction; i >= 0 && i < calls.length; i += direction) {
    const call = calls[i]!;
    if (call.kind === "test" || call.kind === "submit") break;
    picked.push(call);
  }
  return direction === -1 ? picked.reverse() : picked;
}

/** Tool names in order, a run of the same tool written once: `read_file → edit`. */
function tools(calls: TimelineCall[]): string {
  const names = calls.map((call) => call.call.name).filter((name, i, all) => name !== all[i - 1]);
  return names.length > 0 ? names.join(" → ") : "nothing";
}

/** The error output seen most often: refused calls and failing test runs, with timings blanked. */
function mostRepeatedError(calls: TimelineCall[]): { steps: number[]; firstLine: string } | undefined {
  const byText = new Map<string, { steps: number[]; firstLine: string }>();
  for (const call of calls) {
    const content = call.observation?.content;
    if (content === undefined || !(call.observation?.isError || call.testRun?.verdict === "failed")) continue;
    const text = `${call.call.name}\n${content.replace(/\d+(?:\.\d+)?\s?(?:ms|s)\b/g, "<time>").trim()}`;
    const entry = byText.get(text) ?? { steps: [], firstLine: content.split("\n")[0]!.slice(0, 120) };
    entry.steps.push(call.step);
    byText.set(text, entry);
  }
  return [...byText.values()].sort((a, b) => b.steps.length - a.steps.length)[0];
}
