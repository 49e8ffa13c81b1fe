/** A reward to six decimals, so 0.1 + 0.05 reads 0.15 (and -0 reads 0). */
export function roundReward(value: number): number {
  return Math.round(value * 1e6) / 1e6 + 0;
}
