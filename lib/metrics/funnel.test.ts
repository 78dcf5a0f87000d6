import { describe, expect, it } from "vitest";
import { bottleneck, cohortFunnel, slaCompliance, slaSeconds, type CohortCounts, type Transition } from "./funnel";

// A hand-built cohort: 10,000 visitors, 200 leads; 80 became MQLs, 20 SQLs, 10 opportunities, 3 won.
const cohort: CohortCounts = {
  visitors: 10_000,
  reached: { lead: 200, mql: 80, sql: 20, opportunity: 10, won: 3 },
  transitionDays: {
    mql: { sumDays: 320, leads: 80 }, // 4 days
    sql: { sumDays: 200, leads: 20 }, // 10 days
    opportunity: { sumDays: 30, leads: 10 }, // 3 days
    won: { sumDays: 135, leads: 3 }, // 45 days
  },
};

describe("cohort funnel", () => {
  it("converts each step and overall", () => {
    const f = cohortFunnel(cohort);
    expect(f.transitions.map((t) => `${t.from}→${t.to}`)).toEqual(["visitor→lead", "lead→mql", "mql→sql", "sql→opportunity", "opportunity→won"]);
    expect(f.transitions.map((t) => t.conversion.value)).toEqual([0.02, 0.4, 0.25, 0.5, 0.3]);
    expect(f.transitions.map((t) => t.meanDays.value)).toEqual([null, 4, 10, 3, 45]);
    expect(f.overall.value).toBe(3 / 200);
    expect(f.counts).toEqual({ visitor: 10_000, lead: 200, mql: 80, sql: 20, opportunity: 10, won: 3 });
  });

  it("names the transition with the longest mean days as the bottleneck", () => {
    const f = cohortFunnel(cohort);
    expect(f.bottleneck && `${f.bottleneck.from}→${f.bottleneck.to}`).toBe("opportunity→won");
  });

  it("breaks a tie on days by the lower conversion", () => {
    const t = (from: string, days: number, conversion: number) =>
      ({ from, to: "x", meanDays: { value: days }, conversion: { value: conversion } }) as unknown as Transition;
    expect(bottleneck([t("a", 10, 0.5), t("b", 10, 0.2), t("c", 9, 0.01)])?.from).toBe("b");
    expect(bottleneck([t("a", 10, 0.2), t("b", 10, 0.5)])?.from).toBe("a");
  });

  it("says why when a step has nobody in it", () => {
    const empty = cohortFunnel({
      visitors: 0,
      reached: { lead: 0, mql: 0, sql: 0, opportunity: 0, won: 0 },
      transitionDays: { mql: { sumDays: 0, leads: 0 }, sql: { sumDays: 0, leads: 0 }, opportunity: { sumDays: 0, leads: 0 }, won: { sumDays: 0, leads: 0 } },
    });
    expect(empty.transitions[0]!.conversion).toEqual({ value: null, reason: "no visitors were recorded in this period" });
    expect(empty.transitions[1]!.conversion).toEqual({ value: null, reason: "no lead reached Leads in this cohort" });
    expect(empty.overall.value).toBeNull();
    expect(empty.bottleneck).toBeNull();
  });
});

describe("SLA compliance", () => {
  it("converts SLAs to seconds", () => {
    expect(slaSeconds(5, "minutes")).toBe(300);
    expect(slaSeconds(24, "hours")).toBe(86_400);
    expect(slaSeconds(1, "days")).toBe(86_400);
  });

  it("is the share handled within the SLA, with the breaches and the median", () => {
    const c = slaCompliance({ due: 40, within: 30, medianSeconds: 240 });
    expect(c.share.value).toBe(0.75);
    expect(c.breaches).toBe(10);
    expect(c.medianSeconds.value).toBe(240);
  });

  it("is undefined when nothing was due", () => {
    expect(slaCompliance({ due: 0, within: 0, medianSeconds: null }).share).toEqual({ value: null, reason: "nothing was due under this SLA in the period" });
  });
});
