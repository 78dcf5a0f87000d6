import { describe, expect, it } from "vitest";
import { readForecastCategory } from "@/lib/domain/forecast-categories";
import { forecastCategoryOf, rollUpForecast, type ForecastGroup } from "./forecast";

describe("forecastCategoryOf", () => {
  it("calls closed won closed and closed lost omitted, whatever was set", () => {
    expect(forecastCategoryOf({ status: "won", category: "pipeline", stageProbability: 100 })).toBe("closed");
    expect(forecastCategoryOf({ status: "lost", category: "commit", stageProbability: 0 })).toBe("omitted");
  });
  it("keeps an open deal's own category and derives one from the stage's probability otherwise", () => {
    expect(forecastCategoryOf({ status: "open", category: "best_case", stageProbability: 10 })).toBe("best_case");
    expect(forecastCategoryOf({ status: "open", category: null, stageProbability: 90 })).toBe("commit");
    expect(forecastCategoryOf({ status: "open", category: null, stageProbability: 75 })).toBe("best_case");
    expect(forecastCategoryOf({ status: "open", category: null, stageProbability: 50 })).toBe("best_case");
    expect(forecastCategoryOf({ status: "open", category: null, stageProbability: 49 })).toBe("pipeline");
  });
});

describe("readForecastCategory", () => {
  it("reads the CRMs' spellings, tolerates a slip and refuses the rest", () => {
    expect(["Best Case", "BEST_CASE", "best-case", "Commit", "COMMIT", "Pipeline", "Omitted", "OMIT", "Not forecasted", "Closed", "Closed Won"].map(readForecastCategory)).toEqual([
      "best_case", "best_case", "best_case", "commit", "commit", "pipeline", "omitted", "omitted", "omitted", "closed", "closed",
    ]);
    expect(["Comit", "Pipline", "Bestcas"].map(readForecastCategory)).toEqual(["commit", "pipeline", "best_case"]);
    expect(["Maybe", "", "x"].map(readForecastCategory)).toEqual([null, null, null]);
  });
});

const group = (g: Partial<ForecastGroup>): ForecastGroup => ({ ownerId: 1, status: "open", category: null, stageProbability: 10, deals: 1, withoutAmount: 0, amount: "0", ...g });

describe("rollUpForecast (docs/metrics.md worked example)", () => {
  const groups = [
    group({ ownerId: 1, status: "won", stageProbability: 100, deals: 2, amount: "60000.00" }),
    group({ ownerId: 1, category: "commit", stageProbability: 75, deals: 1, amount: "25000.00" }),
    group({ ownerId: 1, stageProbability: 50, deals: 2, amount: "30000.10" }),
    group({ ownerId: 1, stageProbability: 10, deals: 3, withoutAmount: 1, amount: "15000.05" }),
    group({ ownerId: 2, stageProbability: 90, deals: 1, amount: "10000.00" }),
    group({ ownerId: 2, status: "lost", stageProbability: 0, deals: 4, amount: "99999.00" }),
    group({ ownerId: null, category: "omitted", stageProbability: 25, deals: 1, amount: "5000.00" }),
  ];
  const forecast = rollUpForecast(groups, new Map([[1, "100000.00"], [2, "50000.00"]]), [3]);

  it("sums each rep's categories to the cent, weights by stage probability and measures against quota", () => {
    const dana = forecast.rows.find((r) => r.ownerId === 1)!;
    expect(dana).toMatchObject({ closedWon: "60000.00", commit: "25000.00", bestCase: "30000.10", pipeline: "15000.05", omitted: "0.00", quota: "100000.00", gapToQuota: "40000.00", openDeals: 6, wonDeals: 2, withoutAmount: 1 });
    // 25,000 × 75 % + 30,000.10 × 50 % + 15,000.05 × 10 % = 18,750 + 15,000.05 + 1,500.005 → 35,250.06 (half up)
    expect(dana.weightedPipeline).toBe("35250.06");
    expect(dana.attainment.value).toBeCloseTo(0.6, 10);
  });
  it("gives a rep without quota an undefined attainment and a rep without deals a row of zeros", () => {
    const nobody = forecast.rows.find((r) => r.ownerId === null)!;
    expect(nobody).toMatchObject({ omitted: "5000.00", quota: null, gapToQuota: null, attainment: { value: null, reason: "no quota is set for this quarter" } });
    expect(forecast.rows.find((r) => r.ownerId === 3)).toMatchObject({ closedWon: "0.00", commit: "0.00", weightedPipeline: "0.00", quota: null });
  });
  it("makes the total exactly the sum of the rows", () => {
    expect(forecast.total).toMatchObject({ closedWon: "60000.00", commit: "35000.00", bestCase: "30000.10", pipeline: "15000.05", omitted: "5000.00", quota: "150000.00", gapToQuota: "90000.00", weightedPipeline: "45500.06" });
    const cents = (k: "closedWon" | "commit" | "bestCase" | "pipeline" | "weightedPipeline") => forecast.rows.reduce((a, r) => a + BigInt(r[k].replace(".", "")), 0n);
    for (const k of ["closedWon", "commit", "bestCase", "pipeline", "weightedPipeline"] as const) expect(cents(k)).toBe(BigInt(forecast.total[k].replace(".", "")));
  });
  it("counts the deals behind each figure that opens a list, so a figure of none opens nothing", () => {
    expect(forecast.rows.find((r) => r.ownerId === 3)!.dealsIn).toEqual({ closedWon: 0, commit: 0, bestCase: 0, pipeline: 0 });
    const sum = (k: "closedWon" | "commit" | "bestCase" | "pipeline") => forecast.rows.reduce((n, r) => n + r.dealsIn[k], 0);
    for (const k of ["closedWon", "commit", "bestCase", "pipeline"] as const) expect(forecast.total.dealsIn[k]).toBe(sum(k));
    expect(forecast.rows.find((r) => r.ownerId === 1)!.dealsIn.closedWon).toBe(2);
  });
  it("is undefined, not infinite, on a zero quota", () => {
    expect(rollUpForecast([], new Map([[1, "0.00"]])).rows[0]!.attainment).toEqual({ value: null, reason: "the quota is zero" });
  });
});
