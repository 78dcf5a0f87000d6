/**
 * Lever prioritisation (METRICS.md §1): which rules fire, and which lever has the highest leverage —
 * the velocity gained by closing its gap to the benchmark alone.
 */
import { DAYS_PER_MONTH } from "./period";
import { velocityOf, type LeverKey, type LeverValues } from "./velocity";

export interface PrioritisationSettings {
  /** Rule thresholds. */
  thresholds: { winRateBelow: number; cycleDaysAbove: number; opportunitiesPerMonthBelow: number };
  /**
   * Benchmarks the gaps are measured to. The deal-size benchmark is money; when it is not set (null)
   * the gap is measured to the comparison period's average deal size.
   */
  benchmarks: { winRate: number; opportunitiesPerMonth: number; cycleDays: number; averageDealSize: number | null };
}

export const defaultPrioritisation: PrioritisationSettings = {
  thresholds: { winRateBelow: 0.15, cycleDaysAbove: 60, opportunitiesPerMonthBelow: 30 },
  benchmarks: { winRate: 0.2, opportunitiesPerMonth: 30, cycleDays: 60, averageDealSize: null },
};

export const plays: Record<LeverKey | "none", string> = {
  winRate: "Fix qualification and competitive positioning",
  averageDealSize: "Buying-group orchestration and value selling",
  salesCycleDays: "Signal-based engagement and social-proof matching",
  qualifiedOpportunities: "Intent-based ABM and inbound demand generation",
  none: "Layer automation across all four levers",
};

export interface FiredRule {
  lever: LeverKey;
  /** The rule in words, with the figures that made it fire. */
  signal: string;
  play: string;
}

export interface LeverGap {
  lever: LeverKey;
  /** The lever's value moved to its benchmark. */
  benchmark: number;
  /** Velocity gained (money per day) by closing this gap alone. */
  gain: number;
  /** Where the benchmark comes from: a setting, or (deal size without one) the comparison period. */
  basis: "setting" | "comparison";
}

export interface Prioritisation {
  fired: FiredRule[];
  /** Gaps with a positive gain, largest first. */
  gaps: LeverGap[];
  /** The lever with the highest leverage, or null when every lever meets its benchmark. */
  highestLeverage: LeverGap | null;
  recommendedPlay: string;
}

export function opportunitiesPerMonth(qualified: number, periodDays: number): number {
  return (qualified * DAYS_PER_MONTH) / periodDays;
}

/**
 * `previousAverageDealSize` is the comparison period's ADS: the "ADS falling" rule reads it, and the
 * deal-size gap is measured to it only when no deal-size benchmark is set.
 */
export function prioritise(
  current: LeverValues,
  previousAverageDealSize: number | null,
  periodDays: number,
  settings: PrioritisationSettings = defaultPrioritisation,
): Prioritisation {
  const { thresholds, benchmarks } = settings;
  const perMonth = opportunitiesPerMonth(current.qualifiedOpportunities, periodDays);
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

  const fired: FiredRule[] = [];
  if (current.winRate < thresholds.winRateBelow) {
    fired.push({ lever: "winRate", signal: `Win rate ${pct(current.winRate)} is below ${pct(thresholds.winRateBelow)}`, play: plays.winRate });
  }
  if (previousAverageDealSize !== null && current.averageDealSize < previousAverageDealSize) {
    fired.push({ lever: "averageDealSize", signal: "Average deal size fell against the comparison period", play: plays.averageDealSize });
  }
  if (current.salesCycleDays > thresholds.cycleDaysAbove) {
    fired.push({
      lever: "salesCycleDays",
      signal: `Sales cycle ${current.salesCycleDays.toFixed(1)} days is above ${thresholds.cycleDaysAbove} days`,
      play: plays.salesCycleDays,
    });
  }
  if (perMonth < thresholds.opportunitiesPerMonthBelow) {
    fired.push({
      lever: "qualifiedOpportunities",
      // An average of counts, shown whole and rounded down so it never reads as the threshold it is below.
      signal: `Qualified opportunities average ${Math.floor(perMonth).toLocaleString("en-US")} a month, below ${thresholds.opportunitiesPerMonthBelow.toLocaleString("en-US")}`,
      play: plays.qualifiedOpportunities,
    });
  }

  const base = velocityOf(current).value ?? 0;
  const candidates: LeverGap[] = [];
  const gainWith = (values: LeverValues) => (velocityOf(values).value ?? base) - base;
  if (current.winRate < benchmarks.winRate) {
    candidates.push({ lever: "winRate", benchmark: benchmarks.winRate, gain: gainWith({ ...current, winRate: benchmarks.winRate }), basis: "setting" });
  }
  const opportunitiesBenchmark = (benchmarks.opportunitiesPerMonth * periodDays) / DAYS_PER_MONTH;
  if (current.qualifiedOpportunities < opportunitiesBenchmark) {
    candidates.push({
      lever: "qualifiedOpportunities",
      benchmark: opportunitiesBenchmark,
      gain: gainWith({ ...current, qualifiedOpportunities: opportunitiesBenchmark }),
      basis: "setting",
    });
  }
  if (current.salesCycleDays > benchmarks.cycleDays) {
    candidates.push({ lever: "salesCycleDays", benchmark: benchmarks.cycleDays, gain: gainWith({ ...current, salesCycleDays: benchmarks.cycleDays }), basis: "setting" });
  }
  const dealSizeBenchmark = benchmarks.averageDealSize ?? previousAverageDealSize;
  if (dealSizeBenchmark !== null && current.averageDealSize < dealSizeBenchmark) {
    candidates.push({
      lever: "averageDealSize",
      benchmark: dealSizeBenchmark,
      gain: gainWith({ ...current, averageDealSize: dealSizeBenchmark }),
      basis: benchmarks.averageDealSize === null ? "comparison" : "setting",
    });
  }
  const gaps = candidates.filter((g) => g.gain > 0).sort((a, b) => b.gain - a.gain);
  const highestLeverage = gaps[0] ?? null;
  return {
    fired,
    gaps,
    highestLeverage,
    recommendedPlay: highestLeverage ? plays[highestLeverage.lever] : fired[0]?.play ?? plays.none,
  };
}
