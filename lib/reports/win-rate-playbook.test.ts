import { describe, expect, it } from "vitest";
import { rate } from "@/lib/metrics/abm";
import { competitorRows, factComparisons, lossPoints, reasonTable, winRateDimensionLabels, winRateDimensions, winRateGroups } from "@/lib/metrics/win-loss";
import { stallPatterns } from "@/lib/win-loss/stalls";
import type { WinLossReport } from "@/lib/win-loss/report";
import { winLossJson } from "@/lib/win-loss/json";
import { expectNamesEscaped } from "./testing";
import { winRatePlaybookMarkdown, type PlaybookInput } from "./win-rate-playbook";

const quarters = [{ from: "2026-07-01", to: "2026-09-30" }];

/** 12 won and 28 lost in the period; every name read from imports or users is `name`. */
function playbookNamed(name: string): PlaybookInput {
  const report: WinLossReport = {
    request: { preset: "custom", period: { from: "2026-07-01", to: "2026-09-30" }, filters: { segment: name } },
    currency: "USD",
    won: 12,
    lost: 28,
    winRate: rate(12, 40),
    lostAmount: "560000.00",
    winReasons: reasonTable([{ reason: name, mapped: true, deals: 9, withoutAmount: 0, amount: "270000.00" }, { reason: null, mapped: false, deals: 3, withoutAmount: 0, amount: "90000" }], 12),
    lossReasons: reasonTable([{ reason: name, mapped: false, deals: 20, withoutAmount: 2, amount: "400000.00" }, { reason: "Timing", mapped: true, deals: 8, withoutAmount: 0, amount: "160000.00" }], 28),
    pareto: [],
    winRates: winRateDimensions.map((dimension) => ({
      dimension,
      label: winRateDimensionLabels[dimension],
      rows: winRateGroups([{ key: name, won: 12, lost: 28 }]).map((g) => ({ ...g, label: name })),
    })),
    competitors: competitorRows([{ key: name, won: 3, lost: 9, lostAmount: "180000.00", lostWithoutAmount: 1, mapped: true }], [{ key: name, won: 3, lost: 9, quarterStart: "2026-07-01" }], quarters),
    lossPoints: lossPoints([{ stageId: 3, stageName: name, reason: name, segment: name, deals: 20, withoutAmount: 0, amount: "400000.00" }], 28),
    facts: factComparisons([
      { fact: "cycleDays", outcome: "won", n: 12, mean: 40, variance: 25 },
      { fact: "cycleDays", outcome: "lost", n: 28, mean: 70, variance: 100 },
    ]),
  };
  return {
    report,
    filterLabels: { segment: name, source: null, owner: name },
    timeZone: "America/New_York",
    generatedAt: new Date("2026-10-01T07:00:00Z"),
    proof: {
      stories: 7,
      sent: rate(6, 10),
      notSent: rate(6, 30),
      gaps: Array.from({ length: 11 }, (_, i) => ({ label: i === 0 ? `${name} · 51–200 employees · Forecasting` : `Gap ${i}`, deals: 11 - i, amount: `${(11 - i) * 10000}.00`, withoutAmount: i === 0 ? 1 : 0 })),
    },
    stalls: stallPatterns.map((pattern, i) => ({ pattern, openDeals: i, done: i === 0 ? 4 : 0, moved: i === 0 ? 3 : 0, medianDaysToMove: i === 0 ? 6.5 : null })),
  };
}

describe("win-rate-playbook.md", () => {
  it("prints names from imports and users as text: no table is split, nothing is linked, no HTML gets through", () => {
    expectNamesEscaped((name) => winRatePlaybookMarkdown(playbookNamed(name)));
  });

  it("gives each share and win rate with its 95 % interval and n, and small groups as too small to judge", () => {
    const markdown = winRatePlaybookMarkdown(playbookNamed("Price"));
    expect(markdown).toContain("**Filters:** segment Price, all sources, rep Price.");
    // 12 of 40: Wilson 95 % interval 18.1 %–45.4 %.
    expect(markdown).toContain("Win rate 30.0% (18%–45%, n = 40).");
    expect(markdown).toContain("| Price | 9 | 75.0% (47%–91%, n = 12, too small to judge) | $270,000 |");
    expect(markdown).toContain("| No reason recorded | 3 | 25.0% (9%–53%, n = 12, too small to judge) | $90,000 |");
    expect(markdown).toContain("| Unmapped: Price | 20 | 71.4% (53%–85%, n = 28, too small to judge) | $400,000 (2 without an amount) |");
    expect(markdown).toContain("| Price | 12 | 28 | 30.0% (18%–45%, n = 40) |");
    expect(markdown).toContain("| Price | 12 | 25.0% (9%–53%, n = 12, too small to judge) | $180,000 (1 without an amount) | 25% (n = 12) |");
    expect(markdown).toContain("| Lost at Price on Price, Price | 20 |");
    expect(markdown).toContain("| Cycle (days) | 40.0 (n = 12) | 70.0 (n = 28) | -30.0 | Yes (t = ");
    expect(markdown).toContain("| Touches | — | — | — | — (needs two deals on each side) |");
  });

  it("gives each stall's tactic, its open deals and what the tactic did", () => {
    const markdown = winRatePlaybookMarkdown(playbookNamed("Price"));
    expect(markdown).toContain("| Champion gone dark | 0 | Multi-thread now: reach the other roles on the map, and ask the champion's peers what changed. | 4 | 3 (75%) | 6.5 |");
    expect(markdown).toContain("| Budget not approved | 5 |");
    expect(markdown).toContain("- **Stuck in legal or procurement:** Security documentation");
  });

  it("gives the proof library, the win rate with and without a story, and its largest gaps", () => {
    const markdown = winRatePlaybookMarkdown(playbookNamed("Price"));
    expect(markdown).toContain("7 stories in the library. Win rate of the deals closed in the period that were sent a story before closing: 60.0% (31%–83%, n = 10, too small to judge); of the others: 20.0% (10%–37%, n = 30).");
    expect(markdown).toContain("| Price · 51–200 employees · Forecasting | 11 | $110,000 (1 without an amount) |");
    expect(markdown).toContain("| Gap 9 | 2 | $20,000 |");
    expect(markdown).not.toContain("| Gap 10 |");
    expect(markdown).toContain("1 more gap on /win-loss/proof.");
    expect(winLossJson(playbookNamed("Price")).proof).toMatchObject({ stories: 7, sentWinRate: { hits: 6, n: 10 }, gaps: expect.any(Array) });
  });

  it("says so when nothing closed", () => {
    const input = playbookNamed("Price");
    const empty = { ...input, report: { ...input.report, won: 0, lost: 0, winRate: rate(0, 0) } };
    const markdown = winRatePlaybookMarkdown(empty);
    expect(markdown).toContain("No deals closed in this period.");
    expect(markdown).not.toContain("## Top reasons we win");
    expect(markdown).toContain("## Stall tactics and their effect");
  });

  it("as JSON: every rate with its value, interval and n", () => {
    const json = winLossJson(playbookNamed("Price"));
    expect(json.winRate).toEqual({ value: 0.3, hits: 12, n: 40, interval: { low: expect.closeTo(0.1806, 3), high: expect.closeTo(0.4539, 3) }, tooSmallToJudge: false });
    expect(json.winRates.industry!.groups[0]).toMatchObject({ key: "Price", won: 12, lost: 28, winRate: { value: 0.3, n: 40 } });
    expect(json.lossReasons.top[0]).toMatchObject({ reason: "Price", mapped: false, deals: 20, share: { hits: 20, n: 28, tooSmallToJudge: true } });
    expect(json.stalls[0]).toMatchObject({ pattern: "championDark", label: "Champion gone dark", done: 4, moved: 3, medianDaysToMove: 6.5 });
  });
});
