import { describe, expect, it } from "vitest";
import { budgetRuleOn, defaultStallSettings, stallCutoffs, stallInfo, stallPatterns } from "./stalls";

const stageName = (id: number) => ({ 3: "Proposal", 4: "Negotiation", 5: "Contract Sent" })[id] ?? `stage #${id}`;

describe("stallCutoffs", () => {
  it("puts each time-based rule's edge exactly its days back, in whole 24-hour days", () => {
    const now = new Date("2026-12-01T12:00:00Z");
    expect(stallCutoffs(defaultStallSettings, now)).toEqual({
      championTouchedSince: new Date("2026-11-10T12:00:00Z"),
      procurementEnteredBefore: new Date("2026-11-17T12:00:00Z"),
      quietBefore: new Date("2026-11-17T12:00:00Z"),
    });
  });

  it("is not moved by a daylight-saving change inside the window (24-hour days, not calendar days)", () => {
    // New York left summer time on 2026-11-01: 14 days before 2026-11-08 09:00 local is 13 days and 25 hours on the wall clock.
    const now = new Date("2026-11-08T14:00:00Z");
    const { quietBefore, championTouchedSince } = stallCutoffs({ ...defaultStallSettings, quietDays: 14, championDarkDays: 1 }, now);
    expect(now.getTime() - quietBefore.getTime()).toBe(14 * 86_400_000);
    expect(championTouchedSince).toEqual(new Date("2026-11-07T14:00:00Z"));
  });

  it("follows each threshold at its smallest setting, 1 day", () => {
    const now = new Date("2026-12-01T00:00:00Z");
    const one = stallCutoffs({ championDarkDays: 1, procurementDays: 1, quietDays: 1 }, now);
    expect(Object.values(one)).toEqual([new Date("2026-11-30T00:00:00Z"), new Date("2026-11-30T00:00:00Z"), new Date("2026-11-30T00:00:00Z")]);
  });
});

describe("the stall patterns' words", () => {
  it("say each rule with the threshold in force", () => {
    const rules = Object.fromEntries(stallPatterns.map((p) => [p, stallInfo[p].rule(defaultStallSettings, stageName)]));
    expect(rules).toEqual({
      championDark: "No touch from the deal's champion in 21 days.",
      procurement: "In Contract Sent for more than 14 days.",
      thinkAboutIt: "At Proposal or later with no activity for 14 days.",
      competingPriority: "Expected close date pushed later 2 times or more.",
      missingBuyIn: "At Proposal or later with no Economic Buyer engaged.",
      budget: "The next step speaks of “budget approval”, “budget sign-off”, “waiting on budget”, “budget not approved”.",
    });
    for (const p of stallPatterns) expect(stallInfo[p].tactic.length, p).toBeGreaterThan(20);
  });

  it("say the budget rule holds on a stage, a phrase or both, and is off with neither", () => {
    const budget = (budgetStageIds: number[], budgetPhrases: string[]) => stallInfo.budget.rule({ ...defaultStallSettings, budgetStageIds, budgetPhrases }, stageName);
    expect(budget([4], [])).toBe("In Negotiation.");
    expect(budget([4, 5], ["budget approval"])).toBe("In Negotiation or Contract Sent, or the next step speaks of “budget approval”.");
    expect(budget([], [])).toBe("Off: no budget-approval stage or phrase is set.");
    expect(budgetRuleOn({ budgetStageIds: [], budgetPhrases: [] })).toBe(false);
    expect(budgetRuleOn({ budgetStageIds: [], budgetPhrases: ["budget"] })).toBe(true);
  });

  it("name a procurement rule without stages for what it waits for", () => {
    expect(stallInfo.procurement.rule({ ...defaultStallSettings, procurementStageIds: [] }, stageName)).toBe("In a legal or procurement stage for more than 14 days.");
  });
});
