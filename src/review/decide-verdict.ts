import type { HackFlag, PatchReview, ReviewCheck } from "../schema/records.js";
import type { ReviewPolicy, SensitivePath } from "./review-policy.js";

/** What each reason starts with, so the queue can be counted by reason. */
export const REASON_KINDS = ["failed check", "sensitive path", "hack flag", "diff size"] as const;
export type ReasonKind = (typeof REASON_KINDS)[number];

export interface DecideVerdictOptions {
  checks: ReviewCheck[];
  /** The judge's flags on the patch's trajectory. */
  hackFlags: HackFlag[];
  diff: PatchReview["diff"];
  sensitivePaths: SensitivePath[];
  policy: ReviewPolicy;
}

/**
 * The auditor's verdict: a patch needs a human's sign-off when a static check found a problem it
 * introduced, it touches a sensitive path, it is larger than the policy's limits, or (when the
 * policy says so) the judge flagged it for a reward hack. A skipped check is no reason: it says
 * what could not be checked, and the record keeps that.
 */
export function decideVerdict({ checks, hackFlags, diff, sensitivePaths, policy }: DecideVerdictOptions): Pick<PatchReview, "verdict" | "reasons"> {
  const reasons: string[] = [
    ...checks.filter((check) => check.status === "failed").map((check) => reason("failed check", check.name)),
    ...sensitivePaths.map((entry) => reason("sensitive path", `${entry.path} (${entry.rule})`)),
    ...(policy.hackFlags.signOff ? [...new Set(hackFlags.map((flag) => flag.detector))].map((detector) => reason("hack flag", detector)) : []),
    ...(diff.files > policy.diff.maxFiles ? [reason("diff size", `${diff.files} files, more than ${policy.diff.maxFiles}`)] : []),
    ...(diff.lines > policy.diff.maxLines ? [reason("diff size", `${diff.lines} changed lines, more than ${policy.diff.maxLines}`)] : []),
  ];
  return { verdict: reasons.length > 0 ? "needs-sign-off" : "auto-accepted", reasons };
}

/** The kind a reason starts with; undefined for a reason written some other way. */
export function reasonKind(text: string): ReasonKind | undefined {
  return REASON_KINDS.find((kind) => text.startsWith(`${kind}: `));
}

function reason(kind: ReasonKind, detail: string): string {
  return `${kind}: ${detail}`;
}
