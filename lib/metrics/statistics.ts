/** 95 % two-sided normal quantile. */
export const Z_95 = 1.959963984540054;

/** Rates on fewer deals than this show their sample size (METRICS.md §6). */
export const SMALL_SAMPLE = 30;

export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval for a proportion of `successes` out of `n`; null when n = 0. */
export function wilsonInterval(successes: number, n: number, z: number = Z_95): Interval | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const margin = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: Math.max(0, centre - margin), high: Math.min(1, centre + margin) };
}

/**
 * The warning a figure resting on fewer than SMALL_SAMPLE cases carries: "n = 2 won deals" (one
 * wording everywhere); null when the sample is large enough, or empty (the figure is then undefined
 * and says why).
 */
export function smallSampleNote(n: number, one: string, many = `${one}s`): string | null {
  if (n <= 0 || n >= SMALL_SAMPLE) return null;
  return `n = ${n} ${n === 1 ? one : many}`;
}
