import { describe, expect, it } from "vitest";
import type { AbmProgram } from "@/lib/abm/program";
import { tierInfo } from "@/lib/domain/abm-tiers";
import { defined } from "@/lib/metrics/figure";
import { programMarkdown } from "./abm-program-design";
import { expectNamesEscaped, roleContentNamed } from "./testing";

const rate = { hits: 2, n: 3, rate: 2 / 3, interval: { low: 0.2, high: 0.9 }, smallSample: true };
const comparison = { winRate: rate, averageDealSize: defined(15000), salesCycleDays: defined(74), wonAmounts: { deals: 2, withoutAmount: 0 } };

/** A program whose content by role (marketing's words) and time zone read `name`. */
function programNamed(name: string): AbmProgram {
  return {
    organisation: { currency: "USD", timeZone: name },
    request: { preset: "this_quarter", period: { from: "2026-10-01", to: "2026-12-31" } },
    settings: { tierRules: { tier1MinFit: 85, tier2MinFit: 70, tier3MinFit: 50, activeIntent: 60, someIntent: 30 }, roleContent: roleContentNamed(name), darkAfterDays: 30 },
    tiers: (["tier_1", "tier_2", "tier_3"] as const).map((tier) => ({
      tier,
      ...tierInfo[tier],
      accounts: 2,
      suggested: 1,
      size: "under",
      coverage: { identified: 2, engaged: 1.5, active: 0.5 },
    })),
    outsideProgram: { accounts: 10, suggested: 8 },
    tier1Engagement: { ...rate, meetsTarget: false, withinDays: 30 },
    sourced: { amount: "50000.50", deals: 4, withoutAmount: 1, share: defined(0.833), all: { deals: 9, withoutAmount: 2 } },
    comparison: { abm: { ...comparison, wonAmounts: { deals: 2, withoutAmount: 1 } }, nonAbm: comparison },
    threading: { multi: rate, single: rate },
    asOf: "2026-11-24T09:00:00.000Z",
  } as unknown as AbmProgram;
}

describe("the ABM program design's Markdown", () => {
  it("prints what marketing wrote as text: no table is split, nothing is linked, no HTML gets through", () => {
    expectNamesEscaped((name) => programMarkdown(programNamed(name)));
  });

  it("keeps the playbook's own tiers and the figures", () => {
    const markdown = programMarkdown(programNamed("ROI | calculator"));
    expect(markdown).toContain("| Economic Buyer | ROI \\| calculator | ROI \\| calculator | ROI \\| calculator |");
    expect(markdown).toContain("| Tier 1 | 1:1 | Perfect ICP fit, active intent signals and a known champion | 10–25 | 2 | 1 | under the guidance | 2.0 / 1.5 / 0.5 |");
  });

  it("says how many deals behind each money figure have no amount", () => {
    const markdown = programMarkdown(programNamed("Acme"));
    expect(markdown).toContain(
      "| ABM-sourced pipeline (created in the period) | $50,000.50 in 4 deals; 83.3% of all; 1 of 4 ABM-sourced deals has no amount; 2 of 9 deals created in the period have no amount |",
    );
    expect(markdown).toContain("| $15,000.00; 1 of 2 won deals has no amount |");
    // The other accounts' won deals all have one: their ADS stands alone.
    expect(markdown).toMatch(/\| Other accounts \| [^\n]* \| \$15,000\.00 \| 74 days \|/);
  });
});
