import { describe, expect, it } from "vitest";
import { contactEngagementLevel, engagementLevelOf, manualInForce, touchPoints, type ContactEngagementFacts, type TouchCounts } from "./engagement";

const NOW = new Date("2026-06-30T12:00:00Z");
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const none: TouchCounts = { touchpoint: 0, signal: 0, meeting: 0 };
const counts = (c: Partial<TouchCounts>): TouchCounts => ({ ...none, ...c });
const facts = (inWindow: Partial<TouchCounts>, manual: ContactEngagementFacts["manual"] = null, sinceManual: Partial<TouchCounts> = {}): ContactEngagementFacts => ({
  inWindow: counts(inWindow),
  manual,
  sinceManual: counts(sinceManual),
});

describe("engagement level (METRICS.md §5)", () => {
  it("weighs a meeting as three touches", () => {
    expect(touchPoints(counts({ touchpoint: 2, signal: 1, meeting: 1 }))).toBe(6);
    expect(touchPoints(none)).toBe(0);
  });

  it("bands the points: 0 none, 1–2 low, 3–5 medium, 6+ high", () => {
    expect([0, 1, 2, 3, 5, 6, 40].map(engagementLevelOf)).toEqual(["none", "low", "low", "medium", "medium", "high", "high"]);
  });

  // The vector of docs/metrics.md §5, as of 2026-06-30 12:00 UTC (the counts are what SQL finds).
  it("reproduces the documented vector", () => {
    // Ana: touchpoints 10 and 40 days ago (the one 95 days ago is out of the window), a signal 5 days ago.
    expect(contactEngagementLevel(facts({ touchpoint: 2, signal: 1 }), NOW)).toBe("medium");
    // Ben: a meeting 20 days ago.
    expect(contactEngagementLevel(facts({ meeting: 1 }), NOW)).toBe("medium");
    // Cal: set High 10 days ago, one touchpoint since: the setting holds.
    expect(contactEngagementLevel(facts({ touchpoint: 1 }, { level: "high", at: daysAgo(10) }, { touchpoint: 1 }), NOW)).toBe("high");
    // Dee: six touchpoints 20–25 days ago, then set Low 10 days ago, one signal since: low (the older touches do not raise it).
    expect(contactEngagementLevel(facts({ touchpoint: 6, signal: 1 }, { level: "low", at: daysAgo(10) }, { signal: 1 }), NOW)).toBe("low");
    // Eve: set Low 100 days ago, six touchpoints 20–25 days ago: the setting has lapsed.
    expect(contactEngagementLevel(facts({ touchpoint: 6 }, { level: "low", at: daysAgo(100) }, { touchpoint: 6 }), NOW)).toBe("high");
    // Fay: set None 5 days ago, a meeting yesterday raises it.
    expect(contactEngagementLevel(facts({ meeting: 1 }, { level: "none", at: daysAgo(5) }, { meeting: 1 }), NOW)).toBe("medium");
    // Gus: an external signal and a rep's response only.
    expect(contactEngagementLevel(facts({}), NOW)).toBe("none");
  });

  it("keeps a setting for 90 days, to the second", () => {
    expect(manualInForce({ level: "high", at: daysAgo(89.99) }, NOW)).toBe(true);
    expect(manualInForce({ level: "high", at: daysAgo(90) }, NOW)).toBe(false);
    expect(manualInForce(null, NOW)).toBe(false);
    expect(contactEngagementLevel(facts({}, { level: "medium", at: daysAgo(90) }), NOW)).toBe("none");
    expect(contactEngagementLevel(facts({}, { level: "medium", at: daysAgo(89) }), NOW)).toBe("medium");
  });

  it("lets touches after a setting raise it, never lower it", () => {
    const set = { level: "medium" as const, at: daysAgo(30) };
    expect(contactEngagementLevel(facts({ touchpoint: 9 }, set, {}), NOW)).toBe("medium");
    expect(contactEngagementLevel(facts({ touchpoint: 9 }, set, { touchpoint: 1 }), NOW)).toBe("medium");
    expect(contactEngagementLevel(facts({ touchpoint: 9 }, set, { touchpoint: 6 }), NOW)).toBe("high");
    expect(contactEngagementLevel(facts({ meeting: 2 }, set, { meeting: 2 }), NOW)).toBe("high");
  });
});
