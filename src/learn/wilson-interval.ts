export interface WilsonIntervalOptions {
  successes: number;
  trials: number;
  /** The normal quantile; 1.96 for 95%. */
  z?: number;
}

/**
 * The Wilson score interval of a success rate: unlike the normal approximation it stays inside
 * [0, 1] and is honest about small samples (1 of 2 resolved is anywhere from 9% to 91%).
 * Undefined for no trials.
 */
export function wilsonInterval({ successes, trials, z = 1.96 }: WilsonIntervalOptions): [low: number, high: number] | undefined {
  if (trials <= 0) return undefined;
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const center = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return [Math.max(0, center - half), Math.min(1, center + half)];
}
