import type { RewardConfig } from "./reward-config.js";
import { roundReward } from "./round-reward.js";

export interface TotalRewardOptions {
  resolved: boolean;
  components: Record<string, number>;
  hacked: boolean;
  config: RewardConfig;
}

export interface TotalReward {
  reward: number;
  /** The shaped components were left out because the outcome was not correct (P-GRPO). */
  gated: boolean;
}

/**
 * The scalar reward: the outcome plus the shaped components. With P-GRPO gating the shaped terms,
 * penalties included, count only for a resolved trajectory: an unresolved one gets the outcome
 * reward alone, so shaping can never make failing look better or worse than failing. A
 * hack-flagged trajectory gets hackPenalty (never above 0) whatever else it did.
 */
export function totalReward({ resolved, components, hacked, config }: TotalRewardOptions): TotalReward {
  const gated = !resolved && config.gating === "p-grpo";
  if (hacked) return { reward: Math.min(config.hackPenalty, 0), gated };
  const outcome = resolved ? config.outcome.resolved : config.outcome.unresolved;
  const shaped = gated ? 0 : Object.values(components).reduce((sum, value) => sum + value, 0);
  return { reward: roundReward(outcome + shaped), gated };
}
