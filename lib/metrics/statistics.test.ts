import { describe, expect, it } from "vitest";
import { wilsonInterval } from "./statistics";

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
