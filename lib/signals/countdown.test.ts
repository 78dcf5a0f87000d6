import { describe, expect, it } from "vitest";
import { slaState, timeAgo } from "./countdown";

const now = new Date("2026-11-27T15:00:00Z");
const plus = (ms: number) => new Date(now.getTime() + ms);

describe("SLA countdown", () => {
  it("counts down minutes and seconds to the due time", () => {
    expect(slaState(plus(5 * 60_000), now)).toEqual({ text: "5:00", overdue: false });
    expect(slaState(plus(4 * 60_000 + 59_400), now)).toEqual({ text: "4:59", overdue: false });
    expect(slaState(plus(0), now)).toEqual({ text: "0:00", overdue: false });
  });

  it("turns overdue one millisecond after the due time and counts up", () => {
    expect(slaState(plus(-1), now)).toEqual({ text: "0:00", overdue: true });
    expect(slaState(plus(-62_000), now)).toEqual({ text: "1:02", overdue: true });
  });

  it("shows hours past the first hour and days past the first day", () => {
    expect(slaState(plus(3_723_000), now)).toEqual({ text: "1:02:03", overdue: false });
    expect(slaState(plus(-(2 * 86_400_000 + 5 * 3_600_000 + 59_000)), now)).toEqual({ text: "2 d 5 h", overdue: true });
  });

  it("is absent where the track is automated", () => {
    expect(slaState(null, now)).toBeNull();
  });
});

describe("time ago", () => {
  it("reads in the largest whole unit", () => {
    expect(timeAgo(plus(-2_000), now)).toBe("just now");
    expect(timeAgo(plus(2_000), now)).toBe("just now");
    expect(timeAgo(plus(-45_000), now)).toBe("45 s ago");
    expect(timeAgo(plus(-12 * 60_000 - 59_000), now)).toBe("12 min ago");
    expect(timeAgo(plus(-3 * 3_600_000), now)).toBe("3 h ago");
    expect(timeAgo(plus(-50 * 3_600_000), now)).toBe("2 d ago");
  });
});
