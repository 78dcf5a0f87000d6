import { describe, expect, it } from "vitest";
import { formatAmount, formatAxisValue, formatCount, formatDashboardMoney, formatDate, formatDays, formatMoney, formatPercent, formatPoints, formatScaledCount, formatValue, missingAmountsNote } from "./format";

describe("formatting", () => {
  it("formats money from a decimal string without float drift", () => {
    expect(formatMoney("12345678901234.57", {}, true)).toBe("$12,345,678,901,234.57");
    expect(formatMoney("18000")).toBe("$18,000");
    expect(formatMoney("4400.005", {}, true)).toBe("$4,400.01");
  });

  it("formats counts, percentages, days and dates", () => {
    expect(formatCount(25000)).toBe("25,000");
    expect(formatPercent(0.22)).toBe("22.0%");
    expect([formatPoints(0.125), formatPoints(-1 / 3), formatPoints(0.00001)]).toEqual(["+12.5 pts", "−33.3 pts", "±0.0 pts"]);
    expect(formatDays(38.25)).toBe("38.3 days");
    expect(formatDate("2026-11-24")).toBe("Nov 24, 2026");
  });

  it("prints a deal without an amount as \"no amount\", never $0", () => {
    expect(formatAmount(null)).toBe("no amount");
    expect(formatAmount("0.00")).toBe("$0");
    expect(formatAmount("18000.50", {}, true)).toBe("$18,000.50");
  });

  it("says how many of a figure's deals have no amount, in one wording", () => {
    expect(missingAmountsNote({ deals: 91, withoutAmount: 3 }, { kind: "open" })).toBe("3 of 91 open deals have no amount");
    expect(missingAmountsNote({ deals: 91, withoutAmount: 1 }, { kind: "open" })).toBe("1 of 91 open deals has no amount");
    expect(missingAmountsNote({ deals: 1, withoutAmount: 1 }, { kind: "won" })).toBe("1 of 1 won deal has no amount");
    expect(missingAmountsNote({ deals: 12_000, withoutAmount: 1_500 }, { after: "created in the period" })).toBe(
      "1,500 of 12,000 deals created in the period have no amount",
    );
    expect(missingAmountsNote({ deals: 4, withoutAmount: 2 })).toBe("2 of 4 deals have no amount");
    // Every deal has an amount, or there are no deals: nothing to say.
    expect(missingAmountsNote({ deals: 91, withoutAmount: 0 }, { kind: "open" })).toBeNull();
    expect(missingAmountsNote({ deals: 0, withoutAmount: 0 })).toBeNull();
  });

  it("shows counts as whole numbers; a scaled count says it was rounded", () => {
    expect(formatCount(156.4)).toBe("156");
    expect(formatCount(57.5)).toBe("58");
    expect(formatCount(1204)).toBe("1,204");
    expect(formatScaledCount(156.4)).toBe("≈\u00a0156");
    expect(formatScaledCount(1_500)).toBe("1,500");
    expect(formatValue(156.4, { kind: "count" })).toBe("156");
    // A score or a number of minutes is not a count: it keeps a decimal.
    expect(formatValue(72.35, { kind: "decimal" })).toBe("72.4");
  });

  it("rounds money on a dashboard to whole units, keeping cents only under 10", () => {
    expect(formatDashboardMoney(13_943.32)).toBe("$13,943");
    expect(formatDashboardMoney(13_943.5)).toBe("$13,944");
    expect(formatDashboardMoney(-250.75)).toBe("-$251");
    expect(formatDashboardMoney(0)).toBe("$0");
    expect(formatDashboardMoney(0.4)).toBe("$0.40");
    expect(formatDashboardMoney(9.99)).toBe("$9.99");
    expect(formatDashboardMoney(1_250, { currency: "EUR" })).toBe("€1,250");
    // Sums arrive from SQL as decimal strings.
    expect(formatDashboardMoney("12345678901234.57")).toBe("$12,345,678,901,235");
    expect(formatDashboardMoney("3.10")).toBe("$3.10");
    expect(formatValue(13_943.32, { kind: "moneyPerDay", currency: "USD" })).toBe("$13,943/day");
    expect(formatValue(18_000.5, { kind: "money", currency: "USD" })).toBe("$18,001");
    // Axes are compact; reports and exports keep the cents.
    expect(formatAxisValue(13_943.32, { kind: "moneyPerDay" })).toBe("$13.9K");
    expect(formatMoney(13_943.32, {}, true)).toBe("$13,943.32");
  });
});
