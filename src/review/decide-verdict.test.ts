import assert from "node:assert/strict";
import { test } from "node:test";
import type { ReviewCheck } from "../schema/records.js";
import { decideVerdict, reasonKind } from "./decide-verdict.js";
import { DEFAULT_REVIEW_POLICY, type ReviewPolicy } from "./review-policy.js";

const passed: ReviewCheck = { name: "tsc --noEmit", status: "passed", detail: "no new problems" };
const clean = { checks: [passed], hackFlags: [], diff: { files: 1, lines: 4 }, sensitivePaths: [], policy: DEFAULT_REVIEW_POLICY };

test("a small patch with passing checks, no flags and no sensitive path is auto-accepted", () => {
  assert.deepEqual(decideVerdict(clean), { verdict: "auto-accepted", reasons: [] });
  const unchecked: ReviewCheck = { name: "eslint", status: "skipped", detail: "eslint is not among the repository's installed dependencies" };
  assert.equal(decideVerdict({ ...clean, checks: [passed, unchecked] }).verdict, "auto-accepted", "a check that could not run is recorded, not a reason");
});

test("each sign-off reason is given, named and counted by kind", () => {
  const failed: ReviewCheck = { name: "tsc --noEmit", status: "failed", detail: "1 new problem" };
  const { verdict, reasons } = decideVerdict({
    checks: [failed, { name: "eslint", status: "passed", detail: "" }],
    hackFlags: [
      { detector: "edited-tests", evidence: "test/a.test.ts changed" },
      { detector: "edited-tests", evidence: "test/b.test.ts changed" },
    ],
    diff: { files: 11, lines: 301 },
    sensitivePaths: [{ path: ".github/workflows/ci.yml", rule: "CI configuration" }],
    policy: DEFAULT_REVIEW_POLICY,
  });
  assert.equal(verdict, "needs-sign-off");
  assert.deepEqual(reasons, [
    "failed check: tsc --noEmit",
    "sensitive path: .github/workflows/ci.yml (CI configuration)",
    "hack flag: edited-tests",
    "diff size: 11 files, more than 10",
    "diff size: 301 changed lines, more than 300",
  ]);
  assert.deepEqual(reasons.map(reasonKind), ["failed check", "sensitive path", "hack flag", "diff size", "diff size"]);
  assert.equal(reasonKind("something else"), undefined);
});

test("the limits are inclusive, and the policy decides whether hack flags need sign-off", () => {
  assert.equal(decideVerdict({ ...clean, diff: { files: 10, lines: 300 } }).verdict, "auto-accepted");
  const flagged = { ...clean, hackFlags: [{ detector: "special-cased-input", evidence: "if (x === 3)" }] };
  assert.deepEqual(decideVerdict(flagged).reasons, ["hack flag: special-cased-input"]);
  const lenient: ReviewPolicy = { ...DEFAULT_REVIEW_POLICY, hackFlags: { signOff: false, rationale: "gated by the judge" } };
  assert.equal(decideVerdict({ ...flagged, policy: lenient }).verdict, "auto-accepted");
  const strict: ReviewPolicy = { ...DEFAULT_REVIEW_POLICY, diff: { maxFiles: 1, maxLines: 3, rationale: "tiny" } };
  assert.deepEqual(decideVerdict({ ...clean, policy: strict }).reasons, ["diff size: 4 changed lines, more than 3"]);
});
