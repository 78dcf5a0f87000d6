import { describe, expect, it } from "vitest";
import type { DeploymentPlan, PlanEntry } from "@/lib/automations/deployment-plan";
import { automationInfo, automationKeys } from "@/lib/domain/automations";
import { beforeAfterWindows } from "@/lib/metrics/before-after";
import { competitorImpact } from "@/lib/metrics/competitor-impact";
import { mapperImpact } from "@/lib/metrics/mapper-impact";
import { routerImpact } from "@/lib/metrics/router-impact";
import { personalizerImpact } from "@/lib/metrics/personalizer-impact";
import { changeText, deploymentPlanMarkdown, effectSummary, rateText } from "./ai-agent-deployment-plan";
import { expectNamesEscaped } from "./testing";
import { deploymentPlanJson } from "@/lib/automations/plan-json";

const off = { built: true, enabled: false, since: null, offSince: null };

/** The router on since Jun 1 with its counts, the monitor on since Jun 1 with `rival` met, the rest not built. */
function plan(rival = "PipeIQ"): DeploymentPlan {
  const windows = beforeAfterWindows("2026-06-01", "2026-06-10", "x");
  const entries: PlanEntry[] = [...automationKeys]
    .sort((a, b) => automationInfo[a].priority - automationInfo[b].priority)
    .map((key) => {
      const info = automationInfo[key];
      if (key === "lead_router")
        return {
          key,
          info,
          state: { built: true, enabled: true, since: "2026-06-01", offSince: null },
          windows,
          effect: { kind: "router" as const, impact: routerImpact({ signals: 3, responded: 2, within5Minutes: 0, withMeeting: 1, medianResponseSeconds: 4500 }, { signals: 4, responded: 4, within5Minutes: 3, withMeeting: 2, medianResponseSeconds: 240 }) },
        };
      if (key === "competitive_alert_monitor")
        return {
          key,
          info,
          state: { built: true, enabled: true, since: "2026-06-01", offSince: null },
          windows,
          effect: { kind: "competitors" as const, impact: competitorImpact([{ key: rival, won: 1, lost: 2 }], [{ key: rival, won: 3, lost: 1 }]) },
        };
      return { key, info, state: { ...off, built: info.path !== null }, windows: null, effect: null };
    });
  return { today: "2026-06-10", timeZone: "UTC", generatedAt: new Date("2026-06-10T12:00:00Z"), entries, next: null };
}

describe("ai-agent-deployment-plan.md", () => {
  it("has its sections: the sequence, the next to switch on, each automation, and how each is measured", () => {
    const md = deploymentPlanMarkdown(plan());
    const headings = md.split("\n").filter((l) => l.startsWith("#"));
    expect(headings).toEqual([
      "# AI agent deployment plan",
      "## Priority sequence",
      "## Next to switch on",
      "## 1. Instant Lead Router",
      "## 2. Content Personalizer",
      "## 3. Buying Group Mapper",
      "## 4. Win/Loss Analyzer",
      "## 5. Campaign Orchestrator",
      "## 6. Competitive Alert Monitor",
      "## How each is measured",
    ]);
    expect(md).toContain("| 1 | Instant Lead Router | Very High | Medium | On since 2026-06-01 | Answered within 5 minutes 0.0% → 75.0%; signal→meeting 33.3% → 50.0%. |");
    expect(md).toContain("| 2 | Content Personalizer | High | Medium | Off | Never switched on: no baseline measured yet. |");
    expect(md).toContain("| PipeIQ | 33.3% (6%–79%, n = 3) | 75.0% (30%–95%, n = 4) | +41.7 pts (−22.6 pts to +75.7 pts, within noise) |");
    expect(md).toContain("| Median signal→response | 75.0 min | 4.0 min |");
    expect(md).toContain("Every automation the app runs is on.");
  });

  it("names the next built automation that is off, and says why one has no effect yet", () => {
    const p = plan();
    const monitor = p.entries.find((e) => e.key === "competitive_alert_monitor")!;
    Object.assign(monitor, { state: { built: true, enabled: false, since: null, offSince: null }, windows: null, effect: null });
    const md = deploymentPlanMarkdown({ ...p, next: "competitive_alert_monitor" });
    expect(md).toContain("**Competitive Alert Monitor** (priority 6)");
    expect(effectSummary(monitor)).toBe("Never switched on: no baseline measured yet.");
  });

  it("writes rates and changes with their intervals, and nothing where a window is empty", () => {
    expect(rateText({ hits: 0, n: 0, rate: null, interval: null, smallSample: true })).toBe("— (none)");
    expect(changeText(null)).toBe("— (a window has no case)");
  });

  it("gives the personalizer's answers with the picked asset against without, and every answer before and after", () => {
    const p = plan();
    const personalizer = p.entries.find((e) => e.key === "content_personalizer")!;
    Object.assign(personalizer, {
      state: { built: true, enabled: true, since: "2026-06-01", offSince: null },
      windows: beforeAfterWindows("2026-06-01", "2026-06-10", "x"),
      effect: { kind: "personalizer", impact: personalizerImpact({ withAsset: { answered: 0, replied: 0, met: 0 }, without: { answered: 100, replied: 30, met: 40 } }, { withAsset: { answered: 70, replied: 35, met: 56 }, without: { answered: 80, replied: 20, met: 48 } }) },
    });
    expect(effectSummary(personalizer)).toBe(
      "Answered with the picked asset against without: replied 50.0% (39%–61%, n = 70) against 25.0% (17%–35%, n = 80): +25.0 pts (+9.5 pts to +39.0 pts, more than noise); meeting 80.0% (69%–88%, n = 70) against 60.0% (49%–70%, n = 80): +20.0 pts (+5.2 pts to +33.4 pts, more than noise).",
    );
    const md = deploymentPlanMarkdown(p);
    expect(md).toContain("| Meeting with the account | 40.0% (31%–50%, n = 100) | 69.3% (62%–76%, n = 150) | 80.0% (69%–88%, n = 70) | 60.0% (49%–70%, n = 80) | +20.0 pts (+5.2 pts to +33.4 pts, more than noise) |");
    expect(md).toMatch(/Every answered signal's meeting rate, after − before: \+29\.3 pts \(.+ more than noise\)\./);
  });

  it("gives the mapper's coverage before and after", () => {
    const p = plan();
    const mapper = p.entries.find((e) => e.key === "buying_group_mapper")!;
    Object.assign(mapper, {
      state: { built: true, enabled: true, since: "2026-06-01", offSince: null },
      windows: beforeAfterWindows("2026-06-01", "2026-06-10", "x"),
      effect: {
        kind: "mapper",
        impact: mapperImpact(
          [
            { contacts: 2, withRole: 1, roles: 1, engaged: 1 },
            { contacts: 2, withRole: 1, roles: 1, engaged: 3 },
          ],
          [
            { contacts: 2, withRole: 2, roles: 2, engaged: 3 },
            { contacts: 2, withRole: 2, roles: 2, engaged: 2 },
          ],
        ),
      },
    });
    expect(effectSummary(mapper)).toBe(
      "People on closed deals' maps with a role 50.0% (15%–85%, n = 4) → 100.0% (51%–100%, n = 4): +50.0 pts (−10.2 pts to +85.0 pts, within noise); roles engaged per closed deal 1.00 → 2.00 (more than noise); multi-threaded 50.0% (9%–91%, n = 2) → 50.0% (9%–91%, n = 2).",
    );
    expect(deploymentPlanMarkdown(p)).toContain("| People on the maps with a role | 50.0% (15%–85%, n = 4) | 100.0% (51%–100%, n = 4) |");
  });

  it("escapes a rival's name from the taxonomy", () => {
    expectNamesEscaped((name) => deploymentPlanMarkdown(plan(name)));
  });

  it("gives the same figures as JSON", () => {
    const json = deploymentPlanJson(plan());
    expect(json.automations.map((a) => a.key)).toEqual(["lead_router", "content_personalizer", "buying_group_mapper", "win_loss_analyzer", "campaign_orchestrator", "competitive_alert_monitor"]);
    expect(json.automations[5]!.summary).toBe(effectSummary(plan().entries[5]!));
  });
});
