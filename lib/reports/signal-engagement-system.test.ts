import { describe, expect, it } from "vitest";
import type { DeploymentPlan } from "@/lib/automations/deployment-plan";
import { automationInfo, automationKeys } from "@/lib/domain/automations";
import { defaultWeights } from "@/lib/metrics/scoring";
import { signalEngagementSystemMarkdown, type EngagementSystemInput } from "./signal-engagement-system";
import { expectNamesEscaped } from "./testing";

const plan: DeploymentPlan = {
  today: "2026-12-01",
  timeZone: "UTC",
  generatedAt: new Date("2026-12-01T09:00:00Z"),
  next: null,
  entries: [...automationKeys]
    .sort((a, b) => automationInfo[a].priority - automationInfo[b].priority)
    .map((key) => ({ key, info: automationInfo[key], state: { built: automationInfo[key].path !== null, enabled: key === "lead_router", since: key === "lead_router" ? "2026-09-01" : null, offSince: null }, windows: null, effect: null })),
};

function system(playbook = "Route to owner within 5 minutes"): EngagementSystemInput {
  return {
    generatedAt: new Date("2026-12-01T09:00:00Z"),
    types: [{ label: "Demo request", tier: "high", points: 30, halfLifeDays: 14, responsePlaybook: playbook }],
    scoring: { weights: defaultWeights, intentScale: 60, engagementScale: 12, calibrationThreshold: 60 },
    signals: { meetingWindowDays: 14, stakeholders: 3, stakeholderWindowDays: 7, dormancyDays: 30, routingSince: "2026-09-01" },
    plan,
  };
}

describe("signal-engagement-system.md", () => {
  it("has its sections: taxonomy, scoring, routing rules, triggers and the automations with their state", () => {
    const md = signalEngagementSystemMarkdown(system());
    expect(md.split("\n").filter((l) => l.startsWith("#"))).toEqual(["# Signal engagement system", "## Signal taxonomy", "## Scoring model", "## Routing rules", "## Triggers", "## Automations"]);
    expect(md).toContain("| Demo request | High intent | 30 | 14 | Route to owner within 5 minutes |");
    expect(md).toContain("Pipeline readiness = 30% × fit + 40% × intent + 30% × engagement");
    expect(md).toContain("| 80–100 | Immediate sales handoff | 5 minutes |");
    expect(md).toContain("- **Multiple stakeholders**: 3 or more people from one account show first-party intent within 7 days");
    expect(md).toContain("- **Return after dormancy**: first-party intent after 30 days without any.");
    expect(md).toMatch(/\| 1 \| Instant Lead Router \| .* \| On since 2026-09-01 \| Not measured yet\. \|/);
    expect(md).toMatch(/\| 2 \| Content Personalizer \| .* \| Off \| Never switched on: no baseline measured yet\. \|/);
  });

  it("escapes a playbook's text", () => {
    expectNamesEscaped((name) => signalEngagementSystemMarkdown(system(name)));
  });
});
