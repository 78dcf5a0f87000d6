import { describe, expect, it } from "vitest";
import { trackFor } from "./scoring";
import { activeIntentChange, meetingRate, MEETING_RATE_TARGET, responseMinutes, scoreDistribution, slaCompliance } from "./signals";

describe("signal→response time", () => {
  it("is the median in minutes", () => {
    expect(responseMinutes(270, 3, 5)).toEqual({ value: 4.5 });
  });
  it("is undefined, with its reason, when nothing was received or nothing answered", () => {
    expect(responseMinutes(null, 0, 0)).toEqual({ value: null, reason: "no high-intent signal was received in the period" });
    expect(responseMinutes(null, 0, 4)).toEqual({ value: null, reason: "none of the period's high-intent signals has been answered yet" });
  });
});

describe("signal→meeting rate", () => {
  it("is meetings over high-intent signals, meeting the target only above 15 %", () => {
    expect(meetingRate(3, 20)).toEqual({ value: 0.15, meetsTarget: false });
    expect(meetingRate(4, 20)).toEqual({ value: 0.2, meetsTarget: true });
    expect(MEETING_RATE_TARGET).toBe(0.15);
  });
  it("is undefined with no high-intent signals", () => {
    expect(meetingRate(0, 0)).toMatchObject({ value: null, meetsTarget: null });
  });
});

describe("5-minute SLA compliance", () => {
  it("is met over met + missed", () => {
    expect(slaCompliance(3, 1)).toEqual({ value: 0.75 });
    expect(slaCompliance(0, 2)).toEqual({ value: 0 });
  });
  it("is undefined when no SLA has been decided", () => {
    expect(slaCompliance(0, 0).value).toBeNull();
  });
});

describe("active intent this week", () => {
  it("changes relative to the week before", () => {
    expect(activeIntentChange(12, 8)).toEqual({ value: 0.5 });
    expect(activeIntentChange(6, 8)).toEqual({ value: -0.25 });
    expect(activeIntentChange(6, 0)).toEqual({ value: null, reason: "the previous period was zero" });
  });
});

describe("score distribution", () => {
  it("lists the four routing bands highest first with their shares", () => {
    const bands = scoreDistribution({ immediate_handoff: 1, co_engagement: 3, accelerated_nurture: 0, programmatic_nurture: 4 });
    expect(bands.map((b) => [b.band, b.accounts, b.share])).toEqual([
      ["80–100", 1, 0.125],
      ["60–79", 3, 0.375],
      ["40–59", 0, 0],
      ["0–39", 4, 0.5],
    ]);
    // the same bands the router uses
    expect(bands.map((b) => b.track)).toEqual([trackFor(90), trackFor(70), trackFor(50), trackFor(10)]);
  });
  it("has no shares with no scored account", () => {
    expect(scoreDistribution({ immediate_handoff: 0, co_engagement: 0, accelerated_nurture: 0, programmatic_nurture: 0 }).every((b) => b.share === null)).toBe(true);
  });
});
