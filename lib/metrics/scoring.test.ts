import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  computeScore,
  crossedIntoHandoff,
  decayedPoints,
  engagementBand,
  engagementScore,
  fitBand,
  fitScore,
  intentBand,
  intentScore,
  readinessScore,
  topIntent,
  trackFor,
  weightsProblem,
} from "./scoring";

describe("decay", () => {
  it("halves a signal's points every half-life", () => {
    expect(decayedPoints(24, 0, 7)).toBe(24);
    expect(decayedPoints(24, 7, 7)).toBe(12);
    expect(decayedPoints(24, 14, 7)).toBe(6);
    expect(decayedPoints(24, 3.5, 7)).toBeCloseTo(24 / Math.SQRT2, 10);
  });

  it("never counts a signal stamped after the scoring time as more than fresh", () => {
    expect(decayedPoints(24, -2, 7)).toBe(24);
  });

  it("only ever shrinks with age", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 1000, noNaN: true }), fc.double({ min: 0, max: 1000, noNaN: true }), fc.integer({ min: 1, max: 365 }), (points, a, b, half) => {
        const [younger, older] = a <= b ? [a, b] : [b, a];
        expect(decayedPoints(points, older, half)).toBeLessThanOrEqual(decayedPoints(points, younger, half));
      }),
    );
  });
});

describe("sub-scores", () => {
  it("fit is the ICP fit score, neutral 50 when unknown", () => {
    expect(fitScore({ icpFitScore: 82 })).toBe(82);
    expect(fitScore({ icpFitScore: null })).toBe(50);
  });

  it("intent saturates: 0 with no points, 63.21 at the scale, below 100 always", () => {
    expect(intentScore([])).toBe(0);
    expect(intentScore([{ type: "a", label: "A", points: 60, signals: 2 }])).toBe(63.21);
    expect(intentScore([{ type: "a", label: "A", points: 30, signals: 1 }, { type: "b", label: "B", points: 30, signals: 1 }])).toBe(63.21);
    expect(intentScore([{ type: "a", label: "A", points: 120, signals: 1 }], 120)).toBe(63.21);
    expect(intentScore([{ type: "a", label: "A", points: 25, signals: 1 }])).toBe(34.08);
  });

  it("engagement counts touches and first-party signals once and meetings three times", () => {
    expect(engagementScore({ touches: 0, signals: 0, meetings: 0 })).toBe(0);
    expect(engagementScore({ touches: 6, signals: 3, meetings: 1 })).toBe(63.21);
    expect(engagementScore({ touches: 1, signals: 0, meetings: 0 })).toBe(8);
    expect(engagementScore({ touches: 0, signals: 0, meetings: 4 })).toBe(63.21);
  });

  it("readiness is 0.30 fit + 0.40 intent + 0.30 engagement by default", () => {
    expect(readinessScore({ fit: 90, intent: 33.96, engagement: 8 })).toBe(42.98);
    expect(readinessScore({ fit: 100, intent: 100, engagement: 100 })).toBe(100);
    expect(readinessScore({ fit: 50, intent: 50, engagement: 50 }, { fit: 0.5, intent: 0.25, engagement: 0.25 })).toBe(50);
    expect(readinessScore({ fit: 80, intent: 20, engagement: 40 }, { fit: 0.2, intent: 0.6, engagement: 0.2 })).toBe(36);
  });

  it("stays within 0–100 for any sub-scores and weights that add up to 1", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (fit, intent, engagement, a, b) => {
          const [x, y] = a <= b ? [a, b] : [b, a];
          const weights = { fit: x / 100, intent: (y - x) / 100, engagement: (100 - y) / 100 };
          const score = readinessScore({ fit, intent, engagement }, weights);
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(100);
        }),
    );
  });
});

describe("weights", () => {
  it("must add up to 1 and lie between 0 and 1", () => {
    expect(weightsProblem({ fit: 0.3, intent: 0.4, engagement: 0.3 })).toBeNull();
    expect(weightsProblem({ fit: 0.1, intent: 0.7, engagement: 0.2 })).toBeNull();
    expect(weightsProblem({ fit: 0.3, intent: 0.4, engagement: 0.2 })).toBe("The weights must add up to 1 (100 %); they add up to 0.9");
    expect(weightsProblem({ fit: 0.333, intent: 0.333, engagement: 0.333 })).toMatch(/add up to 0.999/);
    expect(weightsProblem({ fit: -0.1, intent: 0.6, engagement: 0.5 })).toBe("The fit weight must be between 0 and 1");
  });
});

describe("band edges", () => {
  it("routes 39.99 / 40, 59.99 / 60 and 79.99 / 80 into different tracks", () => {
    expect(trackFor(0)).toBe("programmatic_nurture");
    expect(trackFor(39)).toBe("programmatic_nurture");
    expect(trackFor(39.99)).toBe("programmatic_nurture");
    expect(trackFor(40)).toBe("accelerated_nurture");
    expect(trackFor(59)).toBe("accelerated_nurture");
    expect(trackFor(59.99)).toBe("accelerated_nurture");
    expect(trackFor(60)).toBe("co_engagement");
    expect(trackFor(79)).toBe("co_engagement");
    expect(trackFor(79.99)).toBe("co_engagement");
    expect(trackFor(80)).toBe("immediate_handoff");
    expect(trackFor(100)).toBe("immediate_handoff");
  });

  it("bands the sub-scores as METRICS.md §3 says", () => {
    expect([39.99, 40, 70, 70.01].map(fitBand)).toEqual(["disqualify", "monitor", "monitor", "qualified"]);
    expect([29.99, 30, 60, 60.01].map(intentBand)).toEqual(["passive", "warming", "warming", "active"]);
    expect([24.99, 25, 50, 50.01].map(engagementBand)).toEqual(["cold", "warming", "warming", "hot"]);
  });

  it("flags a crossing into 80+ only when the score comes from below", () => {
    expect(crossedIntoHandoff(79.99, 80)).toBe(true);
    expect(crossedIntoHandoff(null, 85)).toBe(true);
    expect(crossedIntoHandoff(80, 92)).toBe(false);
    expect(crossedIntoHandoff(70, 79.99)).toBe(false);
    expect(crossedIntoHandoff(90, 70)).toBe(false);
  });
});

describe("explanations", () => {
  it("names the top three signal types and each sub-score's part, largest first", () => {
    const score = computeScore({
      fit: { icpFitScore: 90, segment: "Mid-market", industry: "Software" },
      intent: [
        { type: "blog_visit", label: "Single page visit", points: 1.04, signals: 1 },
        { type: "pricing_page_depth", label: "Pricing page depth", points: 40.26, signals: 2 },
        { type: "demo_request", label: "Demo request", points: 19.7, signals: 1 },
        { type: "webinar_attended", label: "Webinar attended", points: 0, signals: 1 },
      ],
      engagement: { touches: 4, signals: 4, meetings: 1 },
    });
    // intent: 100 × (1 − e^(−61.00 / 60)) = 63.82; engagement: 100 × (1 − e^(−(4 + 4 + 3) / 12)) = 60.02
    // readiness: 0.30 × 90 + 0.40 × 63.82 + 0.30 × 60.02 = 27 + 25.528 + 18.006 = 70.53
    expect(score.intent).toBe(63.82);
    expect(score.engagement).toBe(60.02);
    expect(score.explanation.intent).toEqual([
      { type: "pricing_page_depth", label: "Pricing page depth", points: 40.3 },
      { type: "demo_request", label: "Demo request", points: 19.7 },
      { type: "blog_visit", label: "Single page visit", points: 1 },
    ]);
    expect(score.explanation.fit).toEqual(["ICP fit 90", "Mid-market · Software"]);
    expect(score.explanation.engagement[0]).toBe("1 meeting in the last 90 days");
    expect(score.explanation.top).toEqual(["Fit 90.0 × 0.30 = 27.0", "Intent 63.8 × 0.40 = 25.5", "Engagement 60.0 × 0.30 = 18.0"]);
    expect(score.readiness).toBe(70.53);
  });

  it("keeps only contributing types", () => {
    expect(topIntent([{ type: "a", label: "A", points: 0, signals: 3 }])).toEqual([]);
  });
});
