import { describe, expect, it } from "vitest";
import { classifyCoverage, pipelineCoverage, pipelineCreatedVsTarget } from "./pipeline";

describe("pipeline coverage", () => {
  it("divides open pipeline closing this quarter by the quota still to win", () => {
    // 900,000 ÷ (400,000 − 100,000) = 3×
    expect(pipelineCoverage("900000.00", "400000.00", "100000.00").value).toBe(3);
  });

  it("is undefined without quota or once the quota is met", () => {
    expect(pipelineCoverage("900000", "0", "0")).toEqual({ value: null, reason: "no quota is set for this quarter" });
    expect(pipelineCoverage("900000", "400000", "400000")).toEqual({ value: null, reason: "the quarter's quota is already met" });
  });

  it("places coverage against the 3–4× band", () => {
    expect(classifyCoverage(2.99)).toBe("crisis");
    expect(classifyCoverage(3)).toBe("in_band");
    expect(classifyCoverage(4)).toBe("in_band");
    expect(classifyCoverage(4.5)).toBe("above_band");
    expect(classifyCoverage(5.01)).toBe("qualification_problem");
  });
});

describe("pipeline created vs target", () => {
  it("scales the monthly target to the period", () => {
    // A 30.4375-day month with 1,200,000 created against 1,000,000 a month = 120 %.
    expect(pipelineCreatedVsTarget("1200000", "1000000", 365.25 / 12).value).toBeCloseTo(1.2, 12);
    // A 91-day quarter against 1,000,000 a month: target 2,989,733.06.
    expect(pipelineCreatedVsTarget("2989733.06", "1000000", 91).value).toBeCloseTo(1, 6);
  });

  it("is undefined without a target", () => {
    expect(pipelineCreatedVsTarget("5", null, 30).value).toBeNull();
  });
});
