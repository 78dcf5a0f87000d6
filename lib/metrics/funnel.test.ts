import { describe, expect, it } from "vitest";
import { bottleneck, cohortFunnel, funnelBottleneck, slaCompliance, slaSeconds, stuckAfterDays, type CohortCounts, type StageMaturity, type Transition, type WaitingStage } from "./funnel";

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

  it("names the transition with the longest mean days as the bottleneck when every step has had time", () => {
    const r = funnelBottleneck(cohortFunnel(cohort), matured({}), expectedDays);
    expect(step(r.bottleneck)).toBe("opportunity→won");
    expect(step(r.lowestConversion)).toBe("mql→sql");
    expect(r.leftOut).toEqual([]);
    expect(r.compared.map(step)).toEqual(["lead→mql", "mql→sql", "sql→opportunity", "opportunity→won"]);
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
    const none = { reached: 0, matured: 0 };
    const r = funnelBottleneck(empty, { lead: none, mql: none, sql: none, opportunity: none }, expectedDays);
    expect(r.bottleneck).toBeNull();
    expect(r.lowestConversion).toBeNull();
    expect(r.leftOut.map((l) => l.maturedShare)).toEqual([
      { value: null, reason: "no lead of this cohort reached Leads" },
      { value: null, reason: "no lead of this cohort reached MQLs" },
      { value: null, reason: "no lead of this cohort reached SQLs" },
      { value: null, reason: "no lead of this cohort reached Opportunities" },
    ]);
  });
});

const expectedDays = { lead: 30, mql: 14, sql: 14, opportunity: 90 };
const step = (t: Transition | null) => (t ? `${t.from}→${t.to}` : null);
/** The hand-built cohort's maturity: every lead matured, unless a stage's share is given. */
function matured(shares: Partial<Record<WaitingStage, number>>): Record<WaitingStage, StageMaturity> {
  const at = (stage: WaitingStage, reached: number) => ({ reached, matured: Math.round(reached * (shares[stage] ?? 1)) });
  return { lead: at("lead", 200), mql: at("mql", 80), sql: at("sql", 20), opportunity: at("opportunity", 10) };
}

describe("bottleneck, like with like", () => {
  it("leaves out the steps a young cohort has not had time to make", () => {
    // This quarter's leads: 55 % have had 30 days as leads, 77 % of the MQLs 14 days, 81 % of the SQLs
    // 14 days, none of the opportunities 90 days. The old rule named Opportunity → Closed won (45 days).
    const r = funnelBottleneck(cohortFunnel(cohort), matured({ lead: 0.55, mql: 0.77, sql: 0.81, opportunity: 0 }), expectedDays);
    expect(r.basis).toBe("cohort");
    expect(r.leftOut.map((l) => [step(l.transition), l.maturedShare.value, l.expectedDays])).toEqual([["opportunity→won", 0, 90]]);
    expect(step(r.bottleneck)).toBe("mql→sql"); // 10 days, the longest of the three compared
    expect(step(r.lowestConversion)).toBe("mql→sql"); // 25 %, against 40 % and 50 %
  });

  it("compares a step once at least half of the stage's leads have had its days", () => {
    expect(funnelBottleneck(cohortFunnel(cohort), matured({ sql: 0.5 }), expectedDays).leftOut).toEqual([]);
    expect(funnelBottleneck(cohortFunnel(cohort), matured({ sql: 0.45 }), expectedDays).leftOut.map((l) => step(l.transition))).toEqual(["sql→opportunity"]);
  });

  it("never compares Visitor → Lead, whose 2 % counts visitors, not people", () => {
    const r = funnelBottleneck(cohortFunnel(cohort), matured({}), expectedDays);
    expect(r.compared.some((t) => t.from === "visitor")).toBe(false);
    expect(r.lowestConversion?.conversion.value).toBe(0.25);
  });

  it("reads flow mode's measured dwell, every step with a move compared, conversion still from the cohort's ripe steps", () => {
    const dwell = { mql: { sumDays: 50, leads: 10 }, sql: { sumDays: 12, leads: 4 }, opportunity: { sumDays: 0, leads: 0 }, won: { sumDays: 40, leads: 2 } };
    const r = funnelBottleneck(cohortFunnel(cohort), matured({ opportunity: 0 }), expectedDays, dwell);
    expect(r.basis).toBe("flow");
    expect(r.compared.map((t) => t.meanDays.value)).toEqual([5, 3, null, 20]);
    expect(r.compared[2]!.meanDays).toEqual({ value: null, reason: "no lead moved from SQLs to Opportunities in this period" });
    expect(step(r.bottleneck)).toBe("opportunity→won");
    expect(step(r.lowestConversion)).toBe("mql→sql");
    expect(r.leftOut).toEqual([]);
  });
});

describe("stuck after", () => {
  it("is the longest of the stage's SLA, its expected days and a 7-day floor", () => {
    expect(stuckAfterDays(30, null)).toBe(30);
    expect(stuckAfterDays(14, 300)).toBe(14); // a 5-minute SLA does not shorten the wait
    expect(stuckAfterDays(3, 86_400)).toBe(7); // the floor
    expect(stuckAfterDays(14, 20 * 86_400)).toBe(20); // an SLA longer than the expected days
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
