import { readFileSync } from "node:fs";
import { Document, isMap, isScalar, parse as parseYaml } from "yaml";
import { z } from "zod";
import { summarizeIssues } from "../../schema/describe-issues.js";
import { UserError } from "../../user-error.js";

interface SignalDefault {
  capability: "navigation" | "plan" | "recovery" | "testing" | "git" | "context" | "format";
  /** Seed 002's reward. */
  weight: number;
  /** For signals counted per occurrence: occurrences counted at most. */
  maxCount?: number;
  /** When it fires, in one line (printed into the starting file). */
  rule: string;
}

/**
 * Seed 002's GRPO reward tables, one entry per shaped signal: the only place the defaults live.
 * A signal counted per occurrence contributes weight × min(count, maxCount); the rest fire once.
 */
export const SIGNAL_DEFAULTS = {
  navigation_efficiency: { capability: "navigation", weight: 0.1, rule: "a file of the fix was read or edited after at most thresholds.maxSearches search calls" },
  targeted_read: { capability: "navigation", weight: 0.05, rule: "the first read of a file of the fix asked for a line range (also seed 002's context row)" },
  strategic_exploration: { capability: "navigation", weight: 0.05, rule: "repo_tree or list_directory before the first repo_search/find_symbol" },
  redundant_search: { capability: "navigation", weight: -0.1, rule: "a search repeated with the same arguments and no edit in between (once per trajectory)" },
  plan_present: { capability: "plan", weight: 0.1, rule: "a **Plan** with numbered steps in the step of the first edit or before it" },
  plan_accurate: { capability: "plan", weight: 0.1, rule: "more than thresholds.planAccuracy of the latest plan's steps were carried out after it" },
  no_unnecessary_changes: { capability: "plan", weight: 0.05, rule: "every file the patch changes is named in a plan" },
  fewer_iterations: { capability: "plan", weight: 0.1, rule: "fewer steps than the median of the task's trajectories" },
  plan_confidence: { capability: "plan", weight: 0.02, rule: "a plan's step states **Confidence**: <number>" },
  replan_after_failure: { capability: "plan", weight: 0.1, rule: "a new plan after thresholds.failedRunsBeforeReplan failing test runs that followed an edit of non-test code" },
  recovery: { capability: "recovery", weight: 0.2, rule: "resolved, after a failing test run that followed an edit of non-test code and came before another edit" },
  clean_revert: { capability: "recovery", weight: 0.05, rule: "an edit undone (git checkout/restore/stash/reset --hard, a reversed edit or patch) before a different edit" },
  correct_backtrack: { capability: "recovery", weight: 0.1, rule: "resolved, with a revert made after the reverted approach failed a test run" },
  echo_penalty: { capability: "recovery", weight: -0.3, rule: "the same call with the same arguments thresholds.echoRepeats times with no edit in between" },
  strategy_diversity: { capability: "recovery", weight: 0.1, rule: "after a failed attempt, the retry used a different sequence of tools" },
  verify_before_proceed: { capability: "recovery", weight: 0.05, rule: "a test run after the last edit, before submitting" },
  infinite_retry: { capability: "recovery", weight: -0.5, rule: "the same error output more than thresholds.sameErrorRepeats times" },
  escalation: { capability: "recovery", weight: 0, rule: "the submit summary says the agent could not fix it (neutral; recorded for evidence)" },
  test_written: { capability: "testing", weight: 0.2, rule: "resolved, the patch adds test code, and a test run after the last edit passed that file" },
  test_catches_bug: { capability: "testing", weight: 0.3, rule: "resolved, and an agent-written test failed in a run before any non-test file was edited" },
  repro_test: { capability: "testing", weight: 0.3, rule: "an agent-written test failed before the first non-test edit and passed after it" },
  test_coverage: { capability: "testing", weight: 0.1, rule: "the patch adds test code and the last coverage run after the last edit shows all-files branch coverage ≥ thresholds.branchCoverage" },
  flaky_test: { capability: "testing", weight: -0.3, rule: "an agent-written test both failed and passed with no change in between" },
  redundant_test: { capability: "testing", weight: -0.1, rule: "an added assertion line repeats an assertion already in that test file" },
  conventional_commit: { capability: "git", weight: 0.05, rule: "every git_commit subject follows Conventional Commits (at least one commit)" },
  change_description: { capability: "git", weight: 0.05, rule: "the submit summary says what changed, why and how (seed 002's PR-description row)" },
  clean_diff: { capability: "git", weight: 0.05, rule: "the patch touches only the task's scope files and test files" },
  merge_conflict_resolved: { capability: "git", weight: 0.2, rule: "resolved after an observation showed a merge conflict, and the patch adds no conflict markers" },
  commit_related_files: { capability: "git", weight: 0.05, rule: "every file in the agent's commits is a scope file or a test file (at least one commit)" },
  context_efficiency: { capability: "context", weight: 0.1, rule: "tool output read (characters / 4) under thresholds.readShare of the context window" },
  no_context_overflow: { capability: "context", weight: 0.1, rule: "the rollout finished, not on the token budget, with no budget warning" },
  reread_penalty: { capability: "context", weight: -0.05, maxCount: 4, rule: "the same file range read again with no change to it in between and the first read not masked (per occurrence)" },
  invalid_format: { capability: "format", weight: -0.1, maxCount: 3, rule: "per format error (a malformed call or a reply with no call)" },
} as const satisfies Record<string, SignalDefault>;

export type SignalName = keyof typeof SIGNAL_DEFAULTS;
export const SIGNAL_NAMES = Object.keys(SIGNAL_DEFAULTS) as SignalName[];

function signalSetting(defaults: SignalDefault) {
  return z
    .strictObject({
      weight: z.number().default(defaults.weight),
      enabled: z.boolean().default(true),
      maxCount: z
        .number()
        .int()
        .positive()
        .optional()
        .transform((count) => count ?? defaults.maxCount),
    })
    .prefault({});
}
type SignalSetting = ReturnType<typeof signalSetting>;

const signalsShape = Object.fromEntries(
  Object.entries(SIGNAL_DEFAULTS).map(([name, defaults]) => [name, signalSetting(defaults)]),
) as { [name in SignalName]: SignalSetting };

/** The reward table `kaizen judge --rewards <file>` reads; every field defaults to seed 002. */
export const rewardConfig = z.strictObject({
  /** The verifiable outcome's reward. */
  outcome: z.strictObject({ resolved: z.number().default(1), unresolved: z.number().default(0) }).prefault({}),
  /** The whole reward of a hack-flagged trajectory, whatever else it did. */
  hackPenalty: z.number().max(0, "a hack must never be rewarded: use a number ≤ 0").default(-1),
  /** p-grpo: shaped signals count only when the outcome is correct; none: always. */
  gating: z.enum(["p-grpo", "none"]).default("p-grpo"),
  /** The numbers in the signals' conditions. */
  thresholds: z
    .strictObject({
      maxSearches: z.number().int().nonnegative().default(3),
      planAccuracy: z.number().min(0).max(1).default(0.7),
      failedRunsBeforeReplan: z.number().int().positive().default(2),
      echoRepeats: z.number().int().min(2).default(3),
      sameErrorRepeats: z.number().int().positive().default(5),
      branchCoverage: z.number().min(0).max(1).default(0.8),
      readShare: z.number().positive().default(0.5),
    })
    .prefault({}),
  signals: z.strictObject(signalsShape).prefault({}),
});

export type RewardConfig = z.infer<typeof rewardConfig>;

/** The reward table in a file (YAML, or JSON by extension), or the defaults when no path is given. */
export function loadRewardConfig({ path }: { path?: string }): RewardConfig {
  if (path === undefined) return rewardConfig.parse({});
  const hint = `fix it in ${path}, or start again from kaizen judge --print-reward-config`;
  let raw: unknown;
  try {
    const text = readFileSync(path, "utf8");
    raw = path.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UserError(`reward config ${path} cannot be read: ${(error as Error).message.split("\n")[0]}`, hint);
  }
  const parsed = rewardConfig.safeParse(raw ?? {});
  if (!parsed.success) throw new UserError(`reward config ${path}: ${summarizeIssues(parsed.error)}`, hint);
  return parsed.data;
}

/** The table as a commented YAML file, a starting point for `--rewards`. */
export function rewardConfigYaml(config: RewardConfig): string {
  const doc = new Document(config);
  doc.commentBefore =
    " kaizen reward table (seed 002's GRPO reward signals). Every field is optional; missing ones take these defaults.\n" +
    " reward = outcome + the sum of enabled signals (only when resolved, with gating p-grpo); a hack-flagged trajectory gets hackPenalty.";
  if (isMap(doc.contents)) for (const pair of doc.contents.items.slice(1)) if (isScalar(pair.key)) pair.key.spaceBefore = true;
  const signals = doc.getIn(["signals"], true);
  if (isMap(signals)) {
    for (const pair of signals.items) {
      if (isMap(pair.value)) pair.value.flow = true;
      const name = isScalar(pair.key) ? String(pair.key.value) : "";
      const defaults = SIGNAL_DEFAULTS[name as SignalName];
      if (defaults && isScalar(pair.key)) pair.key.commentBefore = ` ${defaults.capability}: ${defaults.rule}`;
    }
  }
  return String(doc);
}
