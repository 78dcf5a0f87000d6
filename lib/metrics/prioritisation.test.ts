import { describe, expect, it } from "vitest";
import { toCents } from "./figure";
import { defaultPrioritisation, plays, prioritise } from "./prioritisation";

// The METRICS §1 example over one 30.4375-day month: N 50, WR 22 %, ADS 18,000, L 45 → 4,400 / day.
const month = 365.25 / 12;
const healthy = { qualifiedOpportunities: 50, winRate: 0.22, averageDealSize: 18_000, salesCycleDays: 45 };

describe("lever prioritisation", () => {
  it("fires no rule for a healthy pipeline and recommends automation", () => {
    const p = prioritise(healthy, 18_000, month);
    expect(p.fired).toEqual([]);
    expect(p.highestLeverage).toBeNull();
    expect(p.recommendedPlay).toBe(plays.none);
  });

  it("fires each rule at its threshold, not before", () => {
    expect(prioritise({ ...healthy, winRate: 0.15 }, null, month).fired).toEqual([]);
    expect(prioritise({ ...healthy, winRate: 0.1499 }, null, month).fired.map((f) => f.lever)).toEqual(["winRate"]);
    expect(prioritise({ ...healthy, salesCycleDays: 60 }, null, month).fired).toEqual([]);
    expect(prioritise({ ...healthy, salesCycleDays: 61 }, null, month).fired.map((f) => f.lever)).toEqual(["salesCycleDays"]);
    expect(prioritise({ ...healthy, qualifiedOpportunities: 29 }, null, month).fired.map((f) => f.lever)).toEqual(["qualifiedOpportunities"]);
    expect(prioritise(healthy, 18_000.01, month).fired.map((f) => f.lever)).toEqual(["averageDealSize"]);
  });

  it("normalises qualified opportunities to a month", () => {
    // 80 opportunities in a 91-day quarter is 26.8 a month: below 30.
    expect(prioritise({ ...healthy, qualifiedOpportunities: 80 }, null, 91).fired.map((f) => f.lever)).toEqual(["qualifiedOpportunities"]);
    expect(prioritise({ ...healthy, qualifiedOpportunities: 95 }, null, 91).fired).toEqual([]);
  });

  it("says the monthly opportunities are an average, in whole opportunities", () => {
    // 80 in 91 days is 26.76 a month; 89 in 91 days is 29.77, which must not read as "30, below 30".
    expect(prioritise({ ...healthy, qualifiedOpportunities: 80 }, null, 91).fired[0]!.signal).toBe("Qualified opportunities average 26 a month, below 30");
    expect(prioritise({ ...healthy, qualifiedOpportunities: 89 }, null, 91).fired[0]!.signal).toBe("Qualified opportunities average 29 a month, below 30");
  });

  it("picks the lever whose gap to its benchmark is worth the most velocity", () => {
    // WR 10 % → 20 % doubles V (+2,000/day from 2,000); L 70 → 60 is worth less.
    const current = { qualifiedOpportunities: 50, winRate: 0.1, averageDealSize: 18_000, salesCycleDays: 45 };
    const p = prioritise(current, null, month);
    expect(p.highestLeverage?.lever).toBe("winRate");
    expect(toCents(p.highestLeverage!.gain)).toBe(2000);
    expect(p.recommendedPlay).toBe(plays.winRate);

    const slow = prioritise({ ...healthy, salesCycleDays: 90 }, null, month);
    // V = 50 × 0.22 × 18,000 / 90 = 2,200; at 60 days 3,300: +1,100.
    expect(slow.highestLeverage).toMatchObject({ lever: "salesCycleDays", benchmark: 60 });
    expect(toCents(slow.highestLeverage!.gain)).toBe(1100);
  });

  it("measures deal size to the comparison period when no benchmark is set", () => {
    const p = prioritise({ ...healthy, averageDealSize: 15_000 }, 18_000, month);
    expect(p.highestLeverage).toMatchObject({ lever: "averageDealSize", basis: "comparison" });
    // 50 × 0.22 × 3,000 / 45 = 733.33
    expect(toCents(p.highestLeverage!.gain)).toBe(733.33);
  });

  it("measures deal size to the benchmark set, not the comparison period, once one is set", () => {
    const withBenchmark = { ...defaultPrioritisation, benchmarks: { ...defaultPrioritisation.benchmarks, averageDealSize: 20_000 } };
    // ADS 18,000 equals the comparison period's: no gap there, but 2,000 short of the benchmark.
    const p = prioritise(healthy, 18_000, month, withBenchmark);
    expect(p.highestLeverage).toMatchObject({ lever: "averageDealSize", benchmark: 20_000, basis: "setting" });
    // 50 × 0.22 × 2,000 / 45 = 488.89
    expect(toCents(p.highestLeverage!.gain)).toBe(488.89);
    // no comparison period at all: the benchmark still applies
    expect(prioritise(healthy, null, month, withBenchmark).highestLeverage).toMatchObject({ lever: "averageDealSize", benchmark: 20_000 });
    // a benchmark below the current ADS is met, even when ADS fell against the comparison period
    const low = { ...defaultPrioritisation, benchmarks: { ...defaultPrioritisation.benchmarks, averageDealSize: 10_000 } };
    const fell = prioritise({ ...healthy, averageDealSize: 15_000 }, 18_000, month, low);
    expect(fell.gaps.map((g) => g.lever)).toEqual([]);
    expect(fell.fired.map((f) => f.lever)).toEqual(["averageDealSize"]);
  });

  it("uses the thresholds and benchmarks it is given", () => {
    const strict = { ...defaultPrioritisation, thresholds: { ...defaultPrioritisation.thresholds, winRateBelow: 0.25 } };
    expect(prioritise(healthy, null, month, strict).fired.map((f) => f.lever)).toEqual(["winRate"]);
  });
});
