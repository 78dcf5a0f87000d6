import { describe, expect, it } from "vitest";
import { analyzerImpact } from "./analyzer-impact";

describe("analyzerImpact", () => {
  it("gives the win rate and the share of losses with a reason on each side, and the changes (Newcombe's worked example)", () => {
    // Win rate: 48 of 80 before, 56 of 70 after: Newcombe's example (b), +0.2 with 0.0524 to 0.3339.
    const impact = analyzerImpact({ won: 48, lost: 32, lostWithReason: 24 }, { won: 56, lost: 14, lostWithReason: 14 });
    expect(impact.before).toMatchObject({ closed: 80, winRate: { hits: 48, n: 80 }, reasonsRecorded: { hits: 24, n: 32, rate: 0.75 } });
    expect(impact.after).toMatchObject({ closed: 70, winRate: { hits: 56, n: 70 }, reasonsRecorded: { hits: 14, n: 14, rate: 1 } });
    expect(impact.winRateChange!.difference).toBeCloseTo(0.2, 10);
    expect(impact.winRateChange!.interval.low).toBeCloseTo(0.0524, 4);
    expect(impact.winRateChange!.interval.high).toBeCloseTo(0.3339, 4);
    expect(impact.winRateChange!.beyondNoise).toBe(true);
    expect(impact.reasonsChange!.difference).toBeCloseTo(0.25, 10);
  });

  it("has no change where a window closed no deal, and no reasons change where it lost none", () => {
    const impact = analyzerImpact({ won: 0, lost: 0, lostWithReason: 0 }, { won: 3, lost: 0, lostWithReason: 0 });
    expect(impact.before.winRate.rate).toBeNull();
    expect(impact.after.winRate.rate).toBe(1);
    expect(impact.winRateChange).toBeNull();
    expect(impact.after.reasonsRecorded.rate).toBeNull();
    expect(impact.reasonsChange).toBeNull();
  });
});
