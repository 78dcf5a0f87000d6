import { describe, expect, it } from "vitest";
import { formatCount, formatDate, formatDays, formatMoney, formatPercent, formatPoints } from "./format";

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
});
