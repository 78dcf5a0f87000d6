import { describe, expect, it } from "vitest";
import { averageCoverage, programComparison, sourcedShare, suggestTier, tier1Engagement, tierReasons, tierSize, winRateByThreading } from "./abm";

describe("suggestTier", () => {
  it("follows the playbook's criteria at the default thresholds", () => {
    expect(suggestTier({ icpFit: 90, intent: 75, hasChampion: true })).toBe("tier_1");
    // A perfect fit with active intent but no known champion is not yet Tier 1.
    expect(suggestTier({ icpFit: 90, intent: 75, hasChampion: false })).toBe("tier_2");
    expect(suggestTier({ icpFit: 72, intent: 25, hasChampion: false })).toBe("tier_2");
    expect(suggestTier({ icpFit: 72, intent: 10, hasChampion: true })).toBe("tier_3");
    expect(suggestTier({ icpFit: 50, intent: 0, hasChampion: false })).toBe("tier_3");
    expect(suggestTier({ icpFit: 49, intent: 99, hasChampion: true })).toBeNull();
    expect(suggestTier({ icpFit: null, intent: 99, hasChampion: true })).toBeNull();
  });

  it("uses the thresholds it is given", () => {
    const rules = { tier1MinFit: 70, tier2MinFit: 60, tier3MinFit: 40, activeIntent: 40, someIntent: 10 };
    expect(suggestTier({ icpFit: 72, intent: 45, hasChampion: true }, rules)).toBe("tier_1");
    expect(suggestTier({ icpFit: 45, intent: 0, hasChampion: false }, rules)).toBe("tier_3");
  });
});

describe("tierReasons", () => {
  it("names the known champion only when the map has one engaged", () => {
    expect(tierReasons({ icpFit: 92, intent: 75, champions: ["Cleo Park"] })).toEqual([
      "ICP fit 92: perfect (85 or more)",
      "Intent 75: active (60 or more)",
      "Known champion: Cleo Park (engaged on the map)",
    ]);
    const without = tierReasons({ icpFit: 92, intent: 75, champions: [] });
    expect(without[2]).toBe("No known champion: nobody in the Champion role is engaged on the map (Tier 1 needs one)");
    expect(without.join(" ")).not.toMatch(/a known champion/i);
  });

  it("states each criterion against the thresholds it is given", () => {
    expect(tierReasons({ icpFit: 72, intent: 25.4, champions: [] })).toEqual([
      "ICP fit 72: strong (70 or more; Tier 1 needs 85)",
      "Intent 25: some (20 or more; active at 60)",
      expect.stringMatching(/^No known champion/),
    ]);
    expect(tierReasons({ icpFit: 55, intent: 3, champions: [] }).slice(0, 2)).toEqual(["ICP fit 55: fitting (50 or more; Tier 2 needs 70)", "Intent 3: none yet (below 20)"]);
    expect(tierReasons({ icpFit: 30, intent: 0, champions: [] })[0]).toBe("ICP fit 30: below 50, outside the program");
    expect(tierReasons({ icpFit: null, intent: 0, champions: [] })[0]).toBe("No ICP fit yet, so no tier is suggested");
    const rules = { tier1MinFit: 70, tier2MinFit: 60, tier3MinFit: 40, activeIntent: 40, someIntent: 10 };
    expect(tierReasons({ icpFit: 72, intent: 45, champions: ["A", "B"] }, rules)).toEqual(["ICP fit 72: perfect (70 or more)", "Intent 45: active (40 or more)", "Known champion: A, B (engaged on the map)"]);
  });
});

describe("tierSize", () => {
  it("compares a tier with its guidance, bounds included", () => {
    expect([tierSize("tier_1", 9), tierSize("tier_1", 10), tierSize("tier_1", 25), tierSize("tier_1", 26)]).toEqual(["under", "within", "within", "over"]);
    expect([tierSize("tier_2", 24), tierSize("tier_2", 75), tierSize("tier_3", 201)]).toEqual(["under", "within", "over"]);
  });
});

describe("tier1Engagement", () => {
  it("is engaged ÷ Tier 1 accounts, meeting the target only above 60 %", () => {
    expect(tier1Engagement(12, 20)).toMatchObject({ hits: 12, n: 20, rate: 0.6, meetsTarget: false, smallSample: true });
    expect(tier1Engagement(13, 20).meetsTarget).toBe(true);
    expect(tier1Engagement(0, 0)).toMatchObject({ rate: null, interval: null, meetsTarget: null });
  });
});

describe("winRateByThreading", () => {
  it("compares multi- and single-threaded deals with Wilson intervals, leaving partial ones out", () => {
    const groups = [
      { engagedContacts: 3, won: 2, lost: 2 },
      { engagedContacts: 5, won: 3, lost: 3 },
      { engagedContacts: 0, won: 1, lost: 9 },
      { engagedContacts: 1, won: 2, lost: 8 },
      // Two engaged contacts: neither multi- nor single-threaded.
      { engagedContacts: 2, won: 7, lost: 0 },
    ];
    const r = winRateByThreading(groups);
    expect(r.multi).toMatchObject({ hits: 5, n: 10, rate: 0.5, smallSample: true });
    expect(r.single).toMatchObject({ hits: 3, n: 20, rate: 0.15 });
    // Wilson 95 % for 5/10: 0.2366 – 0.7634.
    expect(r.multi.interval!.low).toBeCloseTo(0.2366, 4);
    expect(r.multi.interval!.high).toBeCloseTo(0.7634, 4);
  });
});

describe("program measures", () => {
  it("averages coverage over a tier's accounts, null for an empty tier", () => {
    expect(averageCoverage({ accounts: 4, identified: 10, engaged: 6, active: 1 })).toEqual({ identified: 2.5, engaged: 1.5, active: 0.25 });
    expect(averageCoverage({ accounts: 0, identified: 0, engaged: 0, active: 0 })).toBeNull();
  });

  it("compares ABM deals on the velocity levers, with the win rate's interval", () => {
    const c = programComparison({ qualified: 9, won: 2, lost: 1, wonAmount: "30000.50", wonWithoutAmount: 0, wonCycleDays: 148 });
    expect(c.winRate).toMatchObject({ hits: 2, n: 3, smallSample: true });
    expect(c.winRate.rate).toBeCloseTo(2 / 3, 12);
    expect(c.averageDealSize.value).toBe(15000.25);
    expect(c.salesCycleDays.value).toBe(74);
    expect(c.wonAmounts).toEqual({ deals: 2, withoutAmount: 0 });
    const none = programComparison({ qualified: 0, won: 0, lost: 0, wonAmount: "0", wonWithoutAmount: 0, wonCycleDays: 0 });
    expect(none.winRate).toMatchObject({ rate: null, interval: null });
    expect(none.averageDealSize).toEqual({ value: null, reason: "no won deals in this period" });
  });

  it("averages deal size over the won deals with an amount, and says how many had none", () => {
    // 3 won: two priced at 30,000.50 in all, one without an amount. ADS 15,000.25, not 10,000.17; cycle over all 3.
    const c = programComparison({ qualified: 9, won: 3, lost: 1, wonAmount: "30000.50", wonWithoutAmount: 1, wonCycleDays: 150 });
    expect(c.winRate).toMatchObject({ hits: 3, n: 4 });
    expect(c.averageDealSize.value).toBe(15000.25);
    expect(c.salesCycleDays.value).toBe(50);
    expect(c.wonAmounts).toEqual({ deals: 3, withoutAmount: 1 });
  });

  it("gives the ABM share of pipeline created, undefined when none was created", () => {
    expect(sourcedShare("50000.50", "60000.50").value).toBeCloseTo(0.83333, 5);
    expect(sourcedShare("0", "0")).toEqual({ value: null, reason: "no pipeline was created in this period" });
  });
});
