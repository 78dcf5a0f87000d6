import { describe, expect, it } from "vitest";
import { cadenceKeys, cadences, cronOf, nextRunAt, scheduleTime } from "./cadence";

const iso = (d: Date) => d.toISOString();

describe("the refresh cadence's schedules", () => {
  it("builds each cadence's cron pattern from the time of day", () => {
    expect(cronOf("daily_score_decay", "06:30")).toBe("30 6 * * *");
    expect(cronOf("weekly_velocity_review", "07:05")).toBe("5 7 * * 1");
    expect(cronOf("buying_group_audit", "00:00")).toBe("0 0 1,15 * *");
    expect(cronOf("quarterly_calibration_review", "23:59")).toBe("59 23 1 1,4,7,10 *");
    for (const key of cadenceKeys) expect(() => nextRunAt(cronOf(key, cadences[key].defaultTime), "UTC", new Date())).not.toThrow();
  });

  it("keeps the local time across a DST change: 06:00 in New York is 11:00 UTC, then 10:00", () => {
    const cron = cronOf("daily_score_decay", "06:00");
    const first = nextRunAt(cron, "America/New_York", new Date("2026-03-06T12:00:00Z"));
    expect(iso(first)).toBe("2026-03-07T11:00:00.000Z");
    expect(iso(nextRunAt(cron, "America/New_York", first))).toBe("2026-03-08T10:00:00.000Z");
    // Autumn: back to 11:00 UTC after the first Sunday of November.
    expect(iso(nextRunAt(cron, "America/New_York", new Date("2026-11-01T12:00:00Z")))).toBe("2026-11-02T11:00:00.000Z");
  });

  it("runs a weekly review on the Monday after a change, in the organisation's zone", () => {
    const cron = cronOf("weekly_velocity_review", "07:00");
    expect(iso(nextRunAt(cron, "Europe/Paris", new Date("2026-03-25T12:00:00Z")))).toBe("2026-03-30T05:00:00.000Z");
    expect(iso(nextRunAt(cron, "Europe/Paris", new Date("2026-03-18T12:00:00Z")))).toBe("2026-03-23T06:00:00.000Z");
    // The same pattern in Tokyo (no DST) is the Monday 07:00 there.
    expect(iso(nextRunAt(cron, "Asia/Tokyo", new Date("2026-03-25T12:00:00Z")))).toBe("2026-03-29T22:00:00.000Z");
  });

  it("runs a time the spring change skips an hour later, and a repeated one once", () => {
    const cron = cronOf("daily_score_decay", "02:30");
    // 2026-03-29 02:30 does not exist in Paris: 03:30 CEST.
    expect(iso(nextRunAt(cron, "Europe/Paris", new Date("2026-03-28T12:00:00Z")))).toBe("2026-03-29T01:30:00.000Z");
    // 2026-10-25 02:30 happens twice: the first (CEST), then the next day's in CET.
    const autumn = nextRunAt(cron, "Europe/Paris", new Date("2026-10-24T12:00:00Z"));
    expect(iso(autumn)).toBe("2026-10-25T00:30:00.000Z");
    expect(iso(nextRunAt(cron, "Europe/Paris", autumn))).toBe("2026-10-26T01:30:00.000Z");
  });

  it("accepts HH:MM times and refuses others with a message", () => {
    expect(scheduleTime.parse(" 06:30 ")).toBe("06:30");
    for (const bad of ["6:30", "24:00", "12:60", "noon", "", "06:30:00"]) {
      const result = scheduleTime.safeParse(bad);
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]!.message).toMatch(/HH:MM/);
    }
  });
});
