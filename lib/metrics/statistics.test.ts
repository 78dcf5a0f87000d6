import { describe, expect, it } from "vitest";
import { SMALL_SAMPLE, smallSampleNote, wilsonInterval } from "./statistics";

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
