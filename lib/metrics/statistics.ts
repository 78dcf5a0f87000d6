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

/** A sample's size, mean and variance (the sample variance, n − 1 in the denominator). */
export interface SampleSummary {
  n: number;
  mean: number;
  variance: number;
}

export interface MeanDifference {
  /** a's mean − b's mean. */
  difference: number;
  /** Welch's t and its Welch–Satterthwaite degrees of freedom; null when it cannot be computed. */
  t: number | null;
  df: number | null;
  /** Whether |t| exceeds the two-sided 95 % critical value: a difference beyond noise. */
  beyondNoise: boolean;
}

/** Two-sided 95 % critical values of Student's t for 1–30 degrees of freedom. */
const T_975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** t's two-sided 95 % critical value: the table up to 30 degrees of freedom (rounded down), a Cornish–Fisher expansion beyond. */
export function tCritical95(df: number): number {
  if (df < 30) return T_975[Math.max(1, Math.floor(df)) - 1]!;
  const z = Z_95;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
}

/**
 * Welch's two-sample t test of a's mean against b's, at 95 % (docs/metrics.md §9). Needs two cases
 * on each side; when neither sample varies, any difference is beyond noise and t is not defined.
 */
export function welchTest(a: SampleSummary, b: SampleSummary): MeanDifference | null {
  if (a.n < 2 || b.n < 2) return null;
  const difference = a.mean - b.mean;
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  if (va + vb === 0) return { difference, t: null, df: null, beyondNoise: difference !== 0 };
  const t = difference / Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  return { difference, t, df, beyondNoise: Math.abs(t) > tCritical95(df) };
}

/** One proportion minus another, with its 95 % interval. */
export interface ProportionDifference {
  /** a's share − b's share. */
  difference: number;
  interval: Interval;
  /** The interval leaves out 0: a difference beyond noise. */
  beyondNoise: boolean;
}

/**
 * a's proportion minus b's with Newcombe's hybrid score interval (his method 10), built from each
 * side's Wilson interval, so it behaves at 0 %, 100 % and small n (docs/metrics.md §12). Null when
 * either side has no case.
 */
export function proportionDifference(aHits: number, aN: number, bHits: number, bN: number): ProportionDifference | null {
  const a = wilsonInterval(aHits, aN);
  const b = wilsonInterval(bHits, bN);
  if (!a || !b) return null;
  const pa = aHits / aN;
  const pb = bHits / bN;
  const difference = pa - pb;
  const low = difference - Math.sqrt((pa - a.low) ** 2 + (b.high - pb) ** 2);
  const high = difference + Math.sqrt((a.high - pa) ** 2 + (pb - b.low) ** 2);
  return { difference, interval: { low, high }, beyondNoise: low > 0 || high < 0 };
}
