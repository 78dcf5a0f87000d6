import { describe, expect, it } from "vitest";
import { personalizerImpact } from "./personalizer-impact";

const none = { answered: 0, replied: 0, met: 0 };

describe("personalizerImpact", () => {
  it("compares the signals answered with the picked asset against those without (Newcombe's worked example)", () => {
    // Meetings: 56 of 70 with the asset, 48 of 80 without: Newcombe's example (b), +0.2 with 0.0524 to 0.3339.
    const impact = personalizerImpact({ withAsset: none, without: { answered: 100, replied: 30, met: 40 } }, { withAsset: { answered: 70, replied: 35, met: 56 }, without: { answered: 80, replied: 20, met: 48 } });
    expect(impact.withAsset).toMatchObject({ answered: 70, replyRate: { hits: 35, n: 70, rate: 0.5 }, meetingRate: { hits: 56, n: 70, rate: 0.8 } });
    expect(impact.without).toMatchObject({ answered: 80, replyRate: { hits: 20, n: 80, rate: 0.25 }, meetingRate: { hits: 48, n: 80, rate: 0.6 } });
    expect(impact.meetingChange!.difference).toBeCloseTo(0.2, 10);
    expect(impact.meetingChange!.interval.low).toBeCloseTo(0.0524, 4);
    expect(impact.meetingChange!.interval.high).toBeCloseTo(0.3339, 4);
    expect(impact.meetingChange!.beyondNoise).toBe(true);
    expect(impact.replyChange!.difference).toBeCloseTo(0.25, 10);
    // After pools both groups: 104 meetings of 150 answered, against 40 of 100 before.
    expect(impact.after).toMatchObject({ answered: 150, meetingRate: { hits: 104, n: 150 } });
    expect(impact.before).toMatchObject({ answered: 100, meetingRate: { hits: 40, n: 100, rate: 0.4 } });
    expect(impact.meetingBeforeAfter!.difference).toBeCloseTo(104 / 150 - 0.4, 10);
  });

  it("pools a before window's answers sent with an asset (an earlier run) with the rest", () => {
    const impact = personalizerImpact({ withAsset: { answered: 5, replied: 2, met: 1 }, without: { answered: 5, replied: 0, met: 1 } }, { withAsset: none, without: none });
    expect(impact.before).toMatchObject({ answered: 10, replyRate: { hits: 2, n: 10 }, meetingRate: { hits: 2, n: 10 } });
  });

  it("has no comparison where a group answered nothing", () => {
    const impact = personalizerImpact({ withAsset: none, without: none }, { withAsset: none, without: { answered: 4, replied: 1, met: 2 } });
    expect(impact.withAsset.replyRate.rate).toBeNull();
    expect(impact.replyChange).toBeNull();
    expect(impact.meetingChange).toBeNull();
    expect(impact.meetingBeforeAfter).toBeNull();
    expect(impact.without.meetingRate.rate).toBe(0.5);
  });
});
