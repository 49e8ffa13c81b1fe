import type { Task, Trajectory } from "../../schema/records.js";
import { contextSignals } from "./context-signals.js";
import { formatSignals } from "./format-signals.js";
import { gitSignals } from "./git-signals.js";
import { navigationSignals } from "./navigation-signals.js";
import { changedFiles, planSignals, plannedFiles } from "./plan-signals.js";
import { recoverySignals } from "./recovery-signals.js";
import { SIGNAL_NAMES, type RewardConfig, type SignalName } from "./reward-config.js";
import { roundReward } from "./round-reward.js";
import { testSignals } from "./test-signals.js";
import { trajectoryFacts, type SignalFinding } from "./trajectory-facts.js";

export interface ShapedSignalsOptions {
  trajectory: Trajectory;
  task: Task;
  resolved: boolean;
  config: RewardConfig;
  /** Median step count of the task's other trajectories, for "fewer iterations" (absent: that signal is 0). */
  medianSteps?: number;
}

export interface ShapedSignals {
  /** Each enabled signal's contribution: weight × count, the count capped at the signal's maxCount. */
  components: Record<string, number>;
  /** Why each component has its value, citing step numbers. */
  evidence: Record<string, string>;
  /** Files named in the plan vs files the agent edited. */
  plan: { planned: string[]; executed: string[] } | null;
}

/**
 * Seed 002's shaped reward signals for one trajectory. The detectors count what happened; the
 * config decides what each count is worth, so every signal is present (zero when it did not fire)
 * unless the config disables it. Gating by outcome is totalReward's business, not this one's.
 */
export function shapedSignals({ trajectory, task, resolved, config, medianSteps }: ShapedSignalsOptions): ShapedSignals {
  const facts = trajectoryFacts({ trajectory, task, resolved, thresholds: config.thresholds, ...(medianSteps === undefined ? {} : { medianSteps }) });
  const findings: Record<SignalName, SignalFinding> = {
    ...navigationSignals(facts),
    ...planSignals(facts),
    ...recoverySignals(facts),
    ...testSignals(facts),
    ...gitSignals(facts),
    ...contextSignals(facts),
    ...formatSignals(facts),
  };

  const components: Record<string, number> = {};
  const evidence: Record<string, string> = {};
  for (const name of SIGNAL_NAMES) {
    const setting = config.signals[name];
    if (!setting.enabled) continue;
    const { count, evidence: why } = findings[name];
    const counted = setting.maxCount === undefined ? count : Math.min(count, setting.maxCount);
    components[name] = roundReward(setting.weight * counted);
    evidence[name] = counted < count ? `${why} (${count} counted as ${counted}, the cap)` : why;
  }

  const planned = plannedFiles(facts);
  return {
    components,
    evidence,
    plan: facts.plans.length > 0 ? { planned, executed: changedFiles(facts) } : null,
  };
}
