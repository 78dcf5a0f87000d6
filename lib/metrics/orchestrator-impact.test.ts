import { describe, expect, it } from "vitest";
import { orchestratorImpact } from "./orchestrator-impact";

describe("orchestratorImpact", () => {
  it("gives engagement, opportunities created and the won cycle on each side, and their changes", () => {
    // Newcombe's example for the engagement: 48 of 80 → 56 of 70 is +0.2 (0.0524 to 0.3339).
    const impact = orchestratorImpact(
      { accounts: 80, engaged: 48, withOpportunity: 8, wonCycle: { n: 4, mean: 60, variance: 100 } },
      { accounts: 70, engaged: 56, withOpportunity: 14, wonCycle: { n: 4, mean: 40, variance: 100 } },
      { accounts: 80, engaged: 48, withOpportunity: 4, wonCycle: { n: 4, mean: 60, variance: 100 } },
    );
    expect(impact.before).toMatchObject({ accounts: 80, engagement: { hits: 48, n: 80 }, opportunities: { hits: 8, n: 80 }, wonDeals: 4, cycleDays: 60 });
    expect(impact.after).toMatchObject({ accounts: 70, engagement: { hits: 56, n: 70 }, opportunities: { hits: 14, n: 70 }, cycleDays: 40 });
    expect(impact.engagementChange!.interval.low).toBeCloseTo(0.0524, 4);
    expect(impact.engagementChange!.interval.high).toBeCloseTo(0.3339, 4);
    expect(impact.opportunitiesChange!.difference).toBeCloseTo(0.2 - 0.1, 10);
    // Welch: −20 / √(25 + 25) = −2.828 on 6 degrees of freedom, beyond 2.447.
    expect(impact.cycleChange!.difference).toBe(-20);
    expect(impact.cycleChange!.t).toBeCloseTo(-2.8284, 4);
    expect(impact.cycleChange!.beyondNoise).toBe(true);
    // Enrolled against never enrolled, in the after window: the same example, 56 of 70 against 48 of 80.
    expect(impact.notEnrolled).toMatchObject({ accounts: 80, engagement: { hits: 48, n: 80 }, opportunities: { hits: 4, n: 80 } });
    expect(impact.engagementVsNot!.difference).toBeCloseTo(0.2, 10);
    expect(impact.engagementVsNot!.interval.low).toBeCloseTo(0.0524, 4);
    expect(impact.opportunitiesVsNot!.difference).toBeCloseTo(0.2 - 0.05, 10);
    expect(impact.cycleVsNot!.t).toBeCloseTo(-2.8284, 4);
  });

  it("is undefined where a side has no account or too few won deals", () => {
    const impact = orchestratorImpact({ accounts: 0, engaged: 0, withOpportunity: 0, wonCycle: { n: 0, mean: 0, variance: 0 } }, { accounts: 5, engaged: 2, withOpportunity: 1, wonCycle: { n: 1, mean: 30, variance: 0 } }, { accounts: 0, engaged: 0, withOpportunity: 0, wonCycle: { n: 0, mean: 0, variance: 0 } });
    expect(impact.before.engagement.rate).toBeNull();
    expect(impact.engagementVsNot).toBeNull();
    expect(impact.cycleVsNot).toBeNull();
    expect(impact.before.cycleDays).toBeNull();
    expect(impact.engagementChange).toBeNull();
    expect(impact.cycleChange).toBeNull();
  });
});
