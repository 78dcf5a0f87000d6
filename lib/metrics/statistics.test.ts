import { describe, expect, it } from "vitest";
import { proportionDifference, SMALL_SAMPLE, smallSampleNote, tCritical95, welchTest, wilsonInterval } from "./statistics";

describe("Wilson score interval", () => {
  it("matches published values", () => {
    // 11 of 50 (22 %): 12.75 % – 35.24 %
    const i = wilsonInterval(11, 50)!;
    expect(i.low).toBeCloseTo(0.1275, 4);
    expect(i.high).toBeCloseTo(0.3524, 4);
    // 0 of 10: 0 – 27.75 %
    const zero = wilsonInterval(0, 10)!;
    expect(zero.low).toBe(0);
    expect(zero.high).toBeCloseTo(0.2775, 4);
    // 10 of 10: 72.25 % – 100 %
    const all = wilsonInterval(10, 10)!;
    expect(all.low).toBeCloseTo(0.7225, 4);
    expect(all.high).toBeCloseTo(1, 12);
  });

  it("is undefined without a sample", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe("small-sample note", () => {
  it("names the sample under 30, and nothing from 30 or when empty", () => {
    expect(SMALL_SAMPLE).toBe(30);
    expect(smallSampleNote(2, "won deal")).toBe("n = 2 won deals");
    expect(smallSampleNote(1, "won deal")).toBe("n = 1 won deal");
    expect(smallSampleNote(29, "lead", "leads")).toBe("n = 29 leads");
    expect(smallSampleNote(30, "won deal")).toBeNull();
    expect(smallSampleNote(0, "won deal")).toBeNull();
  });
});

describe("welchTest", () => {
  it("finds a 20-day shorter cycle beyond noise, and a 0.3-contact difference not (docs/metrics.md §9)", () => {
    const cycle = welchTest({ n: 12, mean: 40, variance: 100 }, { n: 30, mean: 60, variance: 400 })!;
    expect(cycle.difference).toBe(-20);
    expect(cycle.t!).toBeCloseTo(-4.297, 3);
    expect(cycle.df!).toBeCloseTo(37.73, 2);
    expect(cycle.beyondNoise).toBe(true);
    const contacts = welchTest({ n: 12, mean: 2.5, variance: 1 }, { n: 30, mean: 2.2, variance: 1.2 })!;
    expect(contacts.t!).toBeCloseTo(0.854, 3);
    expect(contacts.beyondNoise).toBe(false);
  });

  it("needs two cases a side; with no spread at all, any difference counts", () => {
    expect(welchTest({ n: 1, mean: 3, variance: 0 }, { n: 30, mean: 2, variance: 1 })).toBeNull();
    expect(welchTest({ n: 5, mean: 3, variance: 0 }, { n: 5, mean: 2, variance: 0 })).toEqual({ difference: 1, t: null, df: null, beyondNoise: true });
  });

  it("uses the t table below 30 degrees of freedom and converges on 1.96", () => {
    expect(tCritical95(1)).toBe(12.706);
    expect(tCritical95(10.7)).toBe(2.228);
    expect(tCritical95(40)).toBeCloseTo(2.021, 3);
    expect(tCritical95(1e6)).toBeCloseTo(1.96, 3);
  });
});

describe("proportionDifference (Newcombe's hybrid score interval)", () => {
  it("reproduces Newcombe's (1998) worked examples, method 10", () => {
    const a = proportionDifference(56, 70, 48, 80)!;
    expect(a.difference).toBeCloseTo(0.2, 10);
    expect(a.interval.low).toBeCloseTo(0.0524, 4);
    expect(a.interval.high).toBeCloseTo(0.3339, 4);
    expect(a.beyondNoise).toBe(true);
    const b = proportionDifference(9, 10, 3, 10)!;
    expect(b.interval.low).toBeCloseTo(0.1705, 4);
    expect(b.interval.high).toBeCloseTo(0.809, 4);
  });

  it("stays inside −1…1 at the extremes, is within noise when the interval holds 0, and is null without a case", () => {
    const all = proportionDifference(10, 10, 0, 10)!;
    expect(all.difference).toBe(1);
    expect(all.interval.high).toBeLessThanOrEqual(1);
    expect(all.interval.low).toBeGreaterThan(0);
    expect(proportionDifference(3, 4, 1, 3)!.beyondNoise).toBe(false);
    expect(proportionDifference(1, 1, 0, 0)).toBeNull();
  });
});
