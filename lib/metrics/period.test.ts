import { describe, expect, it } from "vitest";
import { customPeriod, isTimeZone, periodDays, presetPeriod, previousPeriod, todayIn } from "./period";

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
