/**
 * The calibration backtest's figures (METRICS.md §3): false positive and false negative rates of the
 * readiness score against how closed deals ended, each with its sample size and 95 % Wilson interval,
 * and the won/lost distribution by score bucket. Pure: the SQL counts, these functions divide.
 */
import { defined, undefinedBecause, type Figure } from "./figure";
import { SMALL_SAMPLE, wilsonInterval, type Interval } from "./statistics";

/** What the SQL hands over for one weighting and threshold. */
export interface CalibrationAggregates {
  won: number;
  lost: number;
  /** Deals whose account had no score before the deal was created (counted as 0). */
  wonUnscored: number;
  lostUnscored: number;
  /** Lost deals whose best score was at or above the threshold. */
  falsePositives: number;
  /** Won deals whose best score was below the threshold. */
  falseNegatives: number;
  medianWon: number | null;
  medianLost: number | null;
  /** Ten-point buckets 0–9 (0) … 90–100 (9); buckets with no deal may be missing. */
  buckets: { bucket: number; won: number; lost: number }[];
}

export interface CalibrationRate {
  hits: number;
  n: number;
  rate: Figure;
  interval: Interval | null;
  /** Fewer than 30 deals: shown with its sample size. */
  smallSample: boolean;
}

export interface ScoreBucket {
  bucket: number;
  /** "0–9", …, "90–100". */
  label: string;
  won: number;
  lost: number;
}

export interface Calibration {
  threshold: number;
  won: number;
  lost: number;
  wonUnscored: number;
  lostUnscored: number;
  /** Share of lost deals that scored ≥ threshold. */
  falsePositiveRate: CalibrationRate;
  /** Share of won deals that scored < threshold. */
  falseNegativeRate: CalibrationRate;
  medianWon: Figure;
  medianLost: Figure;
  /** Always the ten buckets, in order. */
  buckets: ScoreBucket[];
}

export const BUCKET_COUNT = 10;

export function bucketLabel(bucket: number): string {
  return bucket === BUCKET_COUNT - 1 ? "90–100" : `${bucket * 10}–${bucket * 10 + 9}`;
}

function rateOf(hits: number, n: number, noneReason: string): CalibrationRate {
  return {
    hits,
    n,
    rate: n > 0 ? defined(hits / n) : undefinedBecause(noneReason),
    interval: wilsonInterval(hits, n),
    smallSample: n < SMALL_SAMPLE,
  };
}

export function calibration(aggregates: CalibrationAggregates, threshold: number): Calibration {
  const byBucket = new Map(aggregates.buckets.map((b) => [b.bucket, b]));
  return {
    threshold,
    won: aggregates.won,
    lost: aggregates.lost,
    wonUnscored: aggregates.wonUnscored,
    lostUnscored: aggregates.lostUnscored,
    falsePositiveRate: rateOf(aggregates.falsePositives, aggregates.lost, "no lost deals in this period"),
    falseNegativeRate: rateOf(aggregates.falseNegatives, aggregates.won, "no won deals in this period"),
    medianWon: aggregates.won > 0 && aggregates.medianWon !== null ? defined(aggregates.medianWon) : undefinedBecause("no won deals in this period"),
    medianLost: aggregates.lost > 0 && aggregates.medianLost !== null ? defined(aggregates.medianLost) : undefinedBecause("no lost deals in this period"),
    buckets: Array.from({ length: BUCKET_COUNT }, (_, bucket) => ({
      bucket,
      label: bucketLabel(bucket),
      won: byBucket.get(bucket)?.won ?? 0,
      lost: byBucket.get(bucket)?.lost ?? 0,
    })),
  };
}

/** The change from the saved rate to the candidate's, in percentage points (0.05 for +5 pp). */
export function rateChange(candidate: CalibrationRate, saved: CalibrationRate): Figure {
  if (candidate.rate.value === null) return undefinedBecause(candidate.rate.reason);
  if (saved.rate.value === null) return undefinedBecause(saved.rate.reason);
  return defined(candidate.rate.value - saved.rate.value);
}

/** The bucket a threshold falls in, to mark it on the distribution. */
export function thresholdBucket(threshold: number): number {
  return Math.min(BUCKET_COUNT - 1, Math.max(0, Math.floor(threshold / 10)));
}

/** Weights typed as whole or decimal percentages: their sum, and the problem when it is not 100 %. */
export function percentWeightsProblem(percents: { fit: number; intent: number; engagement: number }): { sum: number; problem: string | null } {
  const values = [percents.fit, percents.intent, percents.engagement];
  if (values.some((v) => !Number.isFinite(v))) return { sum: NaN, problem: "Enter each weight as a number of percent" };
  if (values.some((v) => v < 0 || v > 100)) return { sum: values.reduce((a, b) => a + b, 0), problem: "Each weight is between 0 % and 100 %" };
  const sum = Math.round(values.reduce((a, b) => a + b, 0) * 10) / 10;
  return { sum, problem: sum === 100 ? null : `The weights add up to ${sum} %; they must add up to 100 %` };
}

/** Thresholds the quarterly review tries, beside the saved one. */
export const CANDIDATE_THRESHOLDS = [40, 50, 60, 70, 80, 90] as const;

export interface ThresholdRecommendation {
  /** The threshold to use: the saved one when the backtest gives no reason to move. */
  threshold: number;
  change: "keep" | "raise" | "lower";
  reason: string;
}

/**
 * The quarterly review's recommendation: the threshold whose false positive and false negative
 * rates add up least (the saved one on a tie), unless there are too few won or lost deals to tell.
 */
export function recommendThreshold(saved: Calibration, candidates: readonly Calibration[]): ThresholdRecommendation {
  if (saved.won < SMALL_SAMPLE || saved.lost < SMALL_SAMPLE) {
    return {
      threshold: saved.threshold,
      change: "keep",
      reason: `Too few closed deals to recalibrate (${saved.won} won, ${saved.lost} lost; at least ${SMALL_SAMPLE} of each are needed). Keep ${saved.threshold} and review next quarter.`,
    };
  }
  const cost = (c: Calibration) => (c.falsePositiveRate.rate.value ?? 0) + (c.falseNegativeRate.rate.value ?? 0);
  let best = saved;
  for (const c of candidates) if (cost(c) < cost(best) - 1e-9) best = c;
  const pct = (r: CalibrationRate) => (r.rate.value === null ? "—" : `${(r.rate.value * 100).toFixed(1)} %`);
  if (best.threshold === saved.threshold) {
    return {
      threshold: saved.threshold,
      change: "keep",
      reason: `${saved.threshold} already separates won from lost deals best among the thresholds tried (false positives ${pct(saved.falsePositiveRate)}, false negatives ${pct(saved.falseNegativeRate)}).`,
    };
  }
  return {
    threshold: best.threshold,
    change: best.threshold > saved.threshold ? "raise" : "lower",
    reason:
      `Moving the threshold from ${saved.threshold} to ${best.threshold} changes false positives from ${pct(saved.falsePositiveRate)} to ${pct(best.falsePositiveRate)} ` +
      `and false negatives from ${pct(saved.falseNegativeRate)} to ${pct(best.falseNegativeRate)}.`,
  };
}
