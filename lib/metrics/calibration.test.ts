import { describe, expect, it } from "vitest";
import { bucketLabel, calibration, percentWeightsProblem, rateChange, thresholdBucket, type CalibrationAggregates } from "./calibration";

const aggregates: CalibrationAggregates = {
  won: 4,
  lost: 5,
  wonUnscored: 1,
  lostUnscored: 2,
  falsePositives: 2,
  falseNegatives: 1,
  medianWon: 71.5,
  medianLost: 20,
  buckets: [
    { bucket: 0, won: 1, lost: 2 },
    { bucket: 7, won: 2, lost: 1 },
    { bucket: 9, won: 1, lost: 2 },
  ],
};

describe("calibration", () => {
  it("divides false positives by lost deals and false negatives by won deals, with Wilson intervals", () => {
    const c = calibration(aggregates, 60);
    expect(c.falsePositiveRate.rate).toEqual({ value: 0.4 });
    expect(c.falsePositiveRate).toMatchObject({ hits: 2, n: 5, smallSample: true });
    expect(c.falseNegativeRate.rate).toEqual({ value: 0.25 });
    // Wilson 95 % for 2 of 5: 0.1176–0.7693
    expect(c.falsePositiveRate.interval!.low).toBeCloseTo(0.1176, 3);
    expect(c.falsePositiveRate.interval!.high).toBeCloseTo(0.7693, 3);
    expect(c.medianWon).toEqual({ value: 71.5 });
    expect(c.medianLost).toEqual({ value: 20 });
  });

  it("fills every bucket, in order, with its label", () => {
    const c = calibration(aggregates, 60);
    expect(c.buckets).toHaveLength(10);
    expect(c.buckets.map((b) => b.label)).toEqual(["0–9", "10–19", "20–29", "30–39", "40–49", "50–59", "60–69", "70–79", "80–89", "90–100"]);
    expect(c.buckets[7]).toEqual({ bucket: 7, label: "70–79", won: 2, lost: 1 });
    expect(c.buckets[3]).toEqual({ bucket: 3, label: "30–39", won: 0, lost: 0 });
  });

  it("leaves a rate undefined, with its reason, when there are no won or no lost deals", () => {
    const c = calibration({ ...aggregates, won: 0, falseNegatives: 0, wonUnscored: 0, medianWon: null }, 60);
    expect(c.falseNegativeRate.rate).toEqual({ value: null, reason: "no won deals in this period" });
    expect(c.falseNegativeRate.interval).toBeNull();
    expect(c.medianWon).toEqual({ value: null, reason: "no won deals in this period" });
    const none = calibration({ ...aggregates, lost: 0, falsePositives: 0, lostUnscored: 0, medianLost: null }, 60);
    expect(none.falsePositiveRate.rate).toEqual({ value: null, reason: "no lost deals in this period" });
    expect(none.medianLost.value).toBeNull();
  });

  it("marks 30 deals or more as a full sample", () => {
    expect(calibration({ ...aggregates, lost: 30 }, 60).falsePositiveRate.smallSample).toBe(false);
    expect(calibration({ ...aggregates, lost: 29 }, 60).falsePositiveRate.smallSample).toBe(true);
  });
});

describe("rateChange", () => {
  const c = calibration(aggregates, 60);
  it("is the difference in percentage points", () => {
    const other = calibration({ ...aggregates, falsePositives: 1 }, 60);
    expect(rateChange(other.falsePositiveRate, c.falsePositiveRate).value).toBeCloseTo(-0.2, 10);
  });
  it("is undefined when either side is", () => {
    const empty = calibration({ ...aggregates, lost: 0, falsePositives: 0 }, 60);
    expect(rateChange(empty.falsePositiveRate, c.falsePositiveRate)).toEqual({ value: null, reason: "no lost deals in this period" });
    expect(rateChange(c.falsePositiveRate, empty.falsePositiveRate).value).toBeNull();
  });
});

describe("buckets and weights", () => {
  it("labels buckets and places thresholds", () => {
    expect(bucketLabel(0)).toBe("0–9");
    expect(bucketLabel(9)).toBe("90–100");
    expect(thresholdBucket(60)).toBe(6);
    expect(thresholdBucket(100)).toBe(9);
    expect(thresholdBucket(59)).toBe(5);
  });
  it("accepts percentages adding to 100 and names the sum otherwise", () => {
    expect(percentWeightsProblem({ fit: 30, intent: 40, engagement: 30 })).toEqual({ sum: 100, problem: null });
    expect(percentWeightsProblem({ fit: 30, intent: 60, engagement: 30 })).toEqual({ sum: 120, problem: "The weights add up to 120 %; they must add up to 100 %" });
    expect(percentWeightsProblem({ fit: 33.3, intent: 33.3, engagement: 33.3 }).problem).toMatch(/99\.9 %/);
    expect(percentWeightsProblem({ fit: -10, intent: 60, engagement: 50 }).problem).toBe("Each weight is between 0 % and 100 %");
    expect(percentWeightsProblem({ fit: NaN, intent: 60, engagement: 40 }).problem).toBe("Enter each weight as a number of percent");
  });
});
