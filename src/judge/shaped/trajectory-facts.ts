import { changedLines } from "../../code/changed-lines.js";
import { splitFileDiffs } from "../../repo/file-diffs.js";
import type { Task, Trajectory } from "../../schema/records.js";
import { isTestPath } from "../../tasks/is-test-path.js";
import { parsePlan, type Plan } from "./parse-plan.js";
import type { RewardConfig } from "./reward-config.js";
import { toolTimeline, type TimelineCall } from "./tool-timeline.js";

/** What a signal detector found: how many times it fired (0 or 1 for most), and why. */
export interface SignalFinding {
  count: number;
  evidence: string;
}

export interface PatchFile {
  path: string;
  /** A test file by its path (`isTestPath`). */
  isTest: boolean;
  added: string[];
  removed: string[];
  /** Unchanged lines shown around the hunks. */
  context: string[];
}

/** Everything the signal detectors read, worked out once per trajectory. */
export interface TrajectoryFacts {
  trajectory: Trajectory;
  task: Task;
  resolved: boolean;
  thresholds: RewardConfig["thresholds"];
  medianSteps: number | undefined;
  calls: TimelineCall[];
  /** Each step's plan, in order. */
  plans: { step: number; plan: Plan }[];
  /** The files of the final patch. */
  patch: PatchFile[];
  /** Failing test runs after the agent's first edit of non-test code: its failed attempts. */
  failedAttempts: TimelineCall[];
}

export interface TrajectoryFactsOptions {
  trajectory: Trajectory;
  task: Task;
  resolved: boolean;
  thresholds: RewardConfig["thresholds"];
  medianSteps?: number;
}

export function trajectoryFacts({ trajectory, task, resolved, thresholds, medianSteps }: TrajectoryFactsOptions): TrajectoryFacts {
  const calls = toolTimeline(trajectory);
  const plans = trajectory.steps.flatMap((step) => {
    const plan = parsePlan(`${step.reasoning}\n${step.content}`);
    return plan ? [{ step: step.index, plan }] : [];
  });
  // A test the agent wrote failing before its fix is a reproduction, not a failed attempt.
  const firstFix = calls.find((call) => call.edited.some((path) => !isTestPath(path)));
  const failedAttempts = firstFix ? calls.filter((call) => call.testRun?.verdict === "failed" && call.position > firstFix.position) : [];
  return { trajectory, task, resolved, thresholds, medianSteps, calls, plans, patch: patchFiles(trajectory.outcome?.patch ?? ""), failedAttempts };
}

function patchFiles(patch: string): PatchFile[] {
  return splitFileDiffs({ patch }).map((file) => {
    const changed = changedLines({ patch: file.patch });
    const lines = file.patch.split("\n");
    const body = file.hasHunks ? lines.slice(lines.findIndex((line) => line.startsWith("@@"))) : [];
    return {
      path: file.path,
      isTest: isTestPath(file.path),
      added: changed.filter((line) => line.side === "after").map((line) => line.text),
      removed: changed.filter((line) => line.side === "before").map((line) => line.text),
      context: body.filter((line) => line.startsWith(" ")).map((line) => line.slice(1)),
    };
  });
}

/** `a, b and c`, or `none`. */
export function listOf(items: readonly string[]): string {
  if (items.length === 0) return "none";
  if (items.length === 1) return items[0]!;
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** `1 search`, `2 searches`. */
export function countOf(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}
