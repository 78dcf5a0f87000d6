import { describe, expect, it } from "vitest";
import { calibration } from "@/lib/metrics/calibration";
import { defaultWeights } from "@/lib/metrics/scoring";
import { leadScoringModelMarkdown, type ScoringModelInput } from "./lead-scoring-model";
import { expectNamesEscaped } from "./testing";

/** Two types, the default weights, a backtest of 10 won and 30 lost at threshold 60. */
function model(name = "Pricing page (3+ views)", savedBy: ScoringModelInput["savedBy"] = null): ScoringModelInput {
  return {
    generatedAt: new Date("2026-12-01T09:30:00Z"),
    timeZone: "UTC",
    scoring: { weights: defaultWeights, intentScale: 60, engagementScale: 12, calibrationThreshold: 60 },
    savedBy,
    types: [
      { key: "pricing_page_depth", label: name, tier: "high", points: 25, halfLifeDays: 7 },
      { key: "blog_visit", label: "Blog visit", tier: "low", points: 2, halfLifeDays: 30 },
    ],
    period: { from: "2025-12-02", to: "2026-12-01" },
    calibration: calibration(
      { won: 10, lost: 30, wonUnscored: 1, lostUnscored: 4, falsePositives: 9, falseNegatives: 3, medianWon: 68.5, medianLost: 51, buckets: [{ bucket: 6, won: 5, lost: 6 }] },
      60,
    ),
  };
}

describe("lead-scoring-model.md", () => {
  it("has its sections: architecture, inputs, weights, thresholds and the latest calibration", () => {
    const md = leadScoringModelMarkdown(model());
    expect(md.split("\n").filter((l) => l.startsWith("#"))).toEqual(["# Lead scoring model", "## Architecture", "## Inputs: the signal taxonomy", "## Weights", "## Thresholds", "## Latest calibration"]);
    expect(md).toContain("**Pipeline readiness = 30% × fit + 40% × intent + 30% × engagement**");
    expect(md).toContain("| Pricing page (3+ views) | High intent | 25 | 7 |");
    expect(md).toContain("| Intent | 40% | 63 at 60 decayed points |");
    expect(md).toContain("| 80–100 | Immediate sales handoff | 5 minutes |");
    expect(md).toContain("The calibration threshold (a best score at or above it \"scored high\"): **60**.");
    expect(md).toContain("| False positive rate (lost deals that scored ≥ 60) | 30.0% (95 % CI 17%–48%), 9 of 30 |");
    expect(md).toContain("| False negative rate (won deals that scored < 60) | 30.0% (95 % CI 11%–60%), 3 of 10, small sample |");
    expect(md).toContain("| 60–69 | 5 | 6 |");
    expect(md).toContain("The playbook's default weights: nobody has changed them yet.");
    expect(leadScoringModelMarkdown(model(undefined, { name: "Ada Admin", at: "2026-11-02" }))).toContain("Weights last saved by Ada Admin on 2026-11-02.");
  });

  it("escapes a signal type's label", () => {
    expectNamesEscaped((name) => leadScoringModelMarkdown(model(name)));
  });
});
