import { describe, expect, it } from "vitest";
import { difference, MAX_WINDOW_DAYS, responseFigures, routerImpact, routerWindows } from "./router-impact";

describe("routerWindows", () => {
  it("compares [routingSince, today] with the same number of days just before", () => {
    expect(routerWindows("2026-11-01", "2026-11-29")).toEqual({
      ok: true,
      after: { from: "2026-11-01", to: "2026-11-29" },
      before: { from: "2026-10-03", to: "2026-10-31" },
      capped: false,
    });
  });
  it("compares one day with the day before when the router started today", () => {
    expect(routerWindows("2026-11-29", "2026-11-29")).toMatchObject({ after: { from: "2026-11-29", to: "2026-11-29" }, before: { from: "2026-11-28", to: "2026-11-28" } });
  });
  it("caps both windows at 180 days from the switch", () => {
    const w = routerWindows("2025-01-01", "2026-11-29");
    expect(MAX_WINDOW_DAYS).toBe(180);
    expect(w).toEqual({ ok: true, after: { from: "2025-01-01", to: "2025-06-29" }, before: { from: "2024-07-05", to: "2024-12-31" }, capped: true });
  });
  it("has nothing to compare before the router starts", () => {
    expect(routerWindows("2026-12-01", "2026-11-29")).toEqual({ ok: false, reason: "The router starts on 2026-12-01, after today: there is nothing to compare yet." });
  });
});

describe("responseFigures and routerImpact", () => {
  const before = { signals: 40, responded: 30, within5Minutes: 4, withMeeting: 4, medianResponseSeconds: 5400 };
  const after = { signals: 50, responded: 48, within5Minutes: 30, withMeeting: 10, medianResponseSeconds: 180 };

  it("turns counts into shares and seconds into minutes", () => {
    expect(responseFigures(after)).toEqual({ signals: 50, responded: 48, medianResponseMinutes: { value: 3 }, within5MinutesShare: { value: 0.6 }, meetingRate: { value: 0.2 } });
  });

  it("takes after minus before", () => {
    const impact = routerImpact(before, after);
    expect(impact.medianResponseChange).toEqual({ value: -87 });
    expect(impact.within5MinutesChange.value).toBeCloseTo(0.5, 10);
    expect(impact.meetingRateChange.value).toBeCloseTo(0.1, 10);
    expect(impact.signalsChange).toBe(10);
  });

  it("leaves figures undefined, with the reason, in an empty window", () => {
    const empty = { signals: 0, responded: 0, within5Minutes: 0, withMeeting: 0, medianResponseSeconds: null };
    const impact = routerImpact(empty, after);
    expect(impact.before.within5MinutesShare).toEqual({ value: null, reason: "no high-intent signals in this window" });
    expect(impact.before.medianResponseMinutes).toEqual({ value: null, reason: "no high-intent signal was answered in this window" });
    expect(impact.within5MinutesChange).toEqual({ value: null, reason: "before: no high-intent signals in this window" });
    expect(difference({ value: null, reason: "x" }, { value: 1 })).toEqual({ value: null, reason: "after: x" });
  });
});
