import { describe, expect, it } from "vitest";
import { comparisonPeriods, customPeriod, isTimeZone, periodDays, presetPeriod, previousPeriod, sameDayLastYear, todayIn, type PeriodPreset } from "./period";

const today = "2026-11-24"; // a Tuesday

describe("periods", () => {
  it("resolves each preset relative to today", () => {
    expect(presetPeriod("this_week", today)).toEqual({ from: "2026-11-23", to: "2026-11-24" });
    expect(presetPeriod("last_week", today)).toEqual({ from: "2026-11-16", to: "2026-11-22" });
    expect(presetPeriod("this_month", today)).toEqual({ from: "2026-11-01", to: "2026-11-24" });
    expect(presetPeriod("last_month", today)).toEqual({ from: "2026-10-01", to: "2026-10-31" });
    expect(presetPeriod("this_quarter", today)).toEqual({ from: "2026-10-01", to: "2026-11-24" });
    expect(presetPeriod("last_quarter", today)).toEqual({ from: "2026-07-01", to: "2026-09-30" });
    expect(presetPeriod("trailing_90_days", today)).toEqual({ from: "2026-08-27", to: "2026-11-24" });
    expect(periodDays(presetPeriod("trailing_90_days", today))).toBe(90);
  });

  it("crosses year ends", () => {
    expect(presetPeriod("last_month", "2026-01-15")).toEqual({ from: "2025-12-01", to: "2025-12-31" });
    expect(presetPeriod("last_quarter", "2026-02-10")).toEqual({ from: "2025-10-01", to: "2025-12-31" });
    expect(presetPeriod("this_week", "2026-01-01")).toEqual({ from: "2025-12-29", to: "2026-01-01" });
  });

  it("takes the previous period as the same length ending at the start", () => {
    // 92 days back: a quarter of 92 days is compared with the 92 days before it.
    expect(previousPeriod({ from: "2026-07-01", to: "2026-09-30" })).toEqual({ from: "2026-03-31", to: "2026-06-30" });
    expect(previousPeriod({ from: "2026-11-01", to: "2026-11-24" })).toEqual({ from: "2026-10-08", to: "2026-10-31" });
    expect(previousPeriod({ from: "2024-03-01", to: "2024-03-01" })).toEqual({ from: "2024-02-29", to: "2024-02-29" });
  });

  it("rejects inverted, malformed and absurd custom ranges with the parameter named", () => {
    expect(customPeriod("2026-09-30", "2026-07-01")).toMatchObject({ ok: false, parameter: "period", error: expect.stringContaining("inverted") });
    expect(customPeriod("2026-02-30", "2026-03-01")).toMatchObject({ ok: false, parameter: "from" });
    expect(customPeriod("2026-07-01", "tomorrow")).toMatchObject({ ok: false, parameter: "to" });
    expect(customPeriod("1900-01-01", "2026-01-01")).toMatchObject({ ok: false, parameter: "period" });
    expect(customPeriod("2010-01-01", "2026-01-01")).toMatchObject({ ok: false, error: expect.stringContaining("five years") });
    expect(customPeriod("2017-07-01", "2017-09-30")).toEqual({ ok: true, period: { from: "2017-07-01", to: "2017-09-30" } });
  });

  it("knows today in a time zone", () => {
    const now = new Date("2026-10-01T02:00:00Z");
    expect(todayIn("UTC", now)).toBe("2026-10-01");
    expect(todayIn("America/New_York", now)).toBe("2026-09-30");
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
});

/** The comparisons of a preset as it reads on `today`, without labels. */
function compare(preset: Exclude<PeriodPreset, "custom">, day: string) {
  const { previous, lastYear } = comparisonPeriods(preset, presetPeriod(preset, day));
  return { previous: { from: previous.from, to: previous.to }, lastYear: { from: lastYear.from, to: lastYear.to } };
}

describe("comparison periods", () => {
  it("compares a quarter to date with the same days of the previous quarter, not the days just before", () => {
    // 66 days into Q4 2026 (Oct 1 – Dec 5): the first 66 days of Q3, and Q4 2025's first 66 days.
    const period = presetPeriod("this_quarter", "2026-12-05");
    expect(periodDays(period)).toBe(66);
    const { previous, lastYear } = comparisonPeriods("this_quarter", period);
    expect(previous).toEqual({ from: "2026-07-01", to: "2026-09-04", label: "the same 66 days of last quarter" });
    expect(lastYear).toEqual({ from: "2025-10-01", to: "2025-12-05", label: "the same 66 days last year" });
    // what the app did before: the 66 days ending where the quarter starts
    expect(previousPeriod(period)).toEqual({ from: "2026-07-27", to: "2026-09-30" });
  });

  it("compares a month to date day for day, cut at the end of a shorter month", () => {
    expect(compare("this_month", "2026-11-24")).toEqual({
      previous: { from: "2026-10-01", to: "2026-10-24" },
      lastYear: { from: "2025-11-01", to: "2025-11-24" },
    });
    // 30 March: 30 days in; February has 28, so all of February
    expect(compare("this_month", "2026-03-30").previous).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    // 29 February 2024 is the month's last day: a complete month, compared whole
    expect(compare("this_month", "2024-02-29")).toEqual({
      previous: { from: "2024-01-01", to: "2024-01-31" },
      lastYear: { from: "2023-02-01", to: "2023-02-28" },
    });
    // 28 February 2025 ends the month too; a year before is the whole leap February
    expect(compare("this_month", "2025-02-28").lastYear).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    // 28 February 2024 is one day short of the end: the same 28 days a year earlier
    expect(compare("this_month", "2024-02-28")).toEqual({
      previous: { from: "2024-01-01", to: "2024-01-28" },
      lastYear: { from: "2023-02-01", to: "2023-02-28" },
    });
    // 31 January against December: day for day
    expect(compare("this_month", "2026-01-31").previous).toEqual({ from: "2025-12-01", to: "2025-12-31" });
  });

  it("handles quarters of 90, 91 and 92 days", () => {
    // Q3 has 92 days, Q2 91: on 29 September (91 days in) all of Q2
    expect(compare("this_quarter", "2026-09-29").previous).toEqual({ from: "2026-04-01", to: "2026-06-30" });
    // the last day of Q3 is a complete quarter: Q2 whole, Q3 2025 whole
    expect(compare("this_quarter", "2026-09-30")).toEqual({
      previous: { from: "2026-04-01", to: "2026-06-30" },
      lastYear: { from: "2025-07-01", to: "2025-09-30" },
    });
    // Q1 2026 has 90 days: 89 days in, the first 89 days of Q4 2025 (92 days long)
    expect(compare("this_quarter", "2026-03-30").previous).toEqual({ from: "2025-10-01", to: "2025-12-28" });
    // Q1 2024 (leap) 91 days; 1 January is day 1
    expect(compare("this_quarter", "2024-01-01")).toEqual({
      previous: { from: "2023-10-01", to: "2023-10-01" },
      lastYear: { from: "2023-01-01", to: "2023-01-01" },
    });
  });

  it("compares a week to date with the same weekdays, a week and 52 weeks earlier", () => {
    // Tuesday 24 November 2026: Mon–Tue; 52 weeks back is Mon 24 – Tue 25 November 2025
    expect(compare("this_week", "2026-11-24")).toEqual({
      previous: { from: "2026-11-16", to: "2026-11-17" },
      lastYear: { from: "2025-11-24", to: "2025-11-25" },
    });
    // Sunday ends the week: compared whole
    expect(compare("this_week", "2026-11-29").previous).toEqual({ from: "2026-11-16", to: "2026-11-22" });
  });

  it("compares complete periods with the whole one before and the same one a year earlier", () => {
    expect(compare("last_month", "2026-03-15")).toEqual({
      previous: { from: "2026-01-01", to: "2026-01-31" },
      lastYear: { from: "2025-02-01", to: "2025-02-28" },
    });
    expect(compare("last_quarter", "2026-02-10")).toEqual({
      previous: { from: "2025-07-01", to: "2025-09-30" },
      lastYear: { from: "2024-10-01", to: "2024-12-31" },
    });
    expect(compare("last_week", "2026-11-24").previous).toEqual({ from: "2026-11-09", to: "2026-11-15" });
  });

  it("compares a custom or trailing range with the same length before it", () => {
    const { previous, lastYear } = comparisonPeriods("custom", { from: "2024-02-01", to: "2024-02-29" });
    expect(previous).toEqual({ from: "2024-01-03", to: "2024-01-31", label: "the 29 days before" });
    expect(lastYear).toMatchObject({ from: "2023-02-01", to: "2023-02-28" });
    expect(compare("trailing_90_days", "2026-11-24").previous).toEqual({ from: "2026-05-29", to: "2026-08-26" });
  });

  it("reads the period to date in the organisation's time zone", () => {
    // 02:00 UTC on 1 April is still 31 March in New York: March is complete there, not in UTC.
    const now = new Date("2026-04-01T02:00:00Z");
    expect(compare("this_month", todayIn("America/New_York", now))).toEqual({
      previous: { from: "2026-02-01", to: "2026-02-28" },
      lastYear: { from: "2025-03-01", to: "2025-03-31" },
    });
    expect(compare("this_month", todayIn("UTC", now)).previous).toEqual({ from: "2026-03-01", to: "2026-03-01" });
  });

  it("moves a day back a year, 29 February to the 28th", () => {
    expect(sameDayLastYear("2024-02-29")).toBe("2023-02-28");
    expect(sameDayLastYear("2025-02-28")).toBe("2024-02-28");
    expect(sameDayLastYear("2026-12-31")).toBe("2025-12-31");
  });
});
