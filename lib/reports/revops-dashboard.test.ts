import { describe, expect, it } from "vitest";
import type { DefinitionSummary } from "@/db/queries/definitions";
import type { DarkSocialView } from "@/lib/attribution/dark-social";
import type { AttributionReport } from "@/lib/attribution/report";
import type { FunnelReport } from "@/lib/funnel/report";
import { attributionModels } from "@/lib/metrics/attribution";
import { defined } from "@/lib/metrics/figure";
import type { FunnelStep } from "@/lib/metrics/funnel";
import { revopsDashboardMarkdown, type Layer3Figures } from "./revops-dashboard";
import { expectNamesEscaped, velocityReportNamed } from "./testing";

/** Definitions as people wrote and signed them: the text, the SLA in words and the signer read `name`. */
function definitionsNamed(name: string): DefinitionSummary[] {
  const version = (n: number) => ({
    id: n,
    version: n,
    definition: name,
    owner: "marketing",
    slaValue: null,
    slaUnit: null,
    slaText: name,
    signoffs: [
      { team: "marketing", signedBy: { id: 1, name }, signedAt: new Date() },
      { team: "sales", signedBy: null, signedAt: new Date() },
    ],
  });
  return [
    { stage: "mql", label: "Marketing-qualified lead", inForce: version(1), latest: version(2), awaiting: ["sales"] },
    { stage: "sql", label: "Sales-qualified lead", inForce: null, latest: version(1), awaiting: ["marketing", "sales"] },
  ] as unknown as DefinitionSummary[];
}

const funnelSteps: FunnelStep[] = ["visitor", "lead", "mql", "sql", "opportunity", "won"];

function funnelNamed(name: string): FunnelReport {
  const transitions = funnelSteps.slice(1).map((to, i) => ({ from: funnelSteps[i], to, conversion: defined(0.5), meanDays: defined(3) }));
  return {
    generatedAt: "2026-11-24T09:00:00.000Z",
    request: { preset: "custom", period: { from: "2026-07-01", to: "2026-09-30" }, filters: { segment: name, source: name } },
    cohort: { counts: Object.fromEntries(funnelSteps.map((s) => [s, 100])), transitions, overall: defined(0.05) },
    bottleneck: { basis: "cohort", compared: transitions.slice(1), leftOut: [], bottleneck: transitions[2], lowestConversion: transitions[3] },
    slas: [
      { stage: "mql", label: "MQL follow-up", sla: name, version: 2, compliance: { share: defined(0.9), breaches: 3 } },
      { stage: "sql", label: "SQL follow-up", sla: name, version: 1, compliance: null, reason: "the definition in force has no SLA with a number" },
    ],
  } as unknown as FunnelReport;
}

function attributionNamed(name: string): AttributionReport {
  const perModel = <T>(value: T) => Object.fromEntries(attributionModels.map((m) => [m, value]));
  return {
    currency: "USD",
    totals: {
      deals: 4,
      amount: "3000.00",
      withoutAmount: 1,
      attributedDeals: 3,
      attributedAmount: "2000.00",
      attributedWithoutAmount: 1,
      unattributedDeals: 1,
      unattributedAmount: "1000.00",
      unattributedWithoutAmount: 0,
    },
    channels: [{ channel: "paid_search", label: name, credit: perModel("1000.00"), share: perModel(0.5), influenced: { deals: 3, amount: "2000.00", share: 0.6, withoutAmount: 1 } }],
  } as unknown as AttributionReport;
}

function darkSocialNamed(name: string): DarkSocialView {
  return {
    leads: 10,
    capture: { rate: 0.5, answered: 5, demoRequests: 10, target: 0.6 },
    rows: [{ channel: "podcast", label: name, selfReportedShare: 0.4, firstTouchShare: 0.1, delta: 0.3 }],
    months: [{ month: "2026-07-01", demoRequests: 10, answered: 5, rate: 0.5 }],
  } as unknown as DarkSocialView;
}

const dashboardNamed = (name: string) => revopsDashboardMarkdown(definitionsNamed(name), velocityReportNamed(name), funnelNamed(name), attributionNamed(name), darkSocialNamed(name));

describe("the RevOps dashboard's Markdown", () => {
  it("prints definitions, signers, filters and channels as text: no table is split, nothing is linked, no HTML gets through", () => {
    expectNamesEscaped(dashboardNamed);
  });

  it("keeps its own wording and the figures", () => {
    const markdown = dashboardNamed("<b>Any</b> lead");
    expect(markdown).toContain("**Filters:** segment \\<b>Any\\</b> lead, source \\<b>Any\\</b> lead.");
    expect(markdown).toContain("| Marketing-qualified lead | \\<b>Any\\</b> lead | Marketing | \\<b>Any\\</b> lead | 1 | marketing: \\<b>Any\\</b> lead; sales: playbook default |");
    expect(markdown).toContain("| Sales-qualified lead | — (no version signed by both owners) |  |  |  |  |");
    expect(markdown).toContain("| MQL follow-up | \\<b>Any\\</b> lead (v2) | 90.0% | 3 |");
  });

  it("says which money figures leave deals without an amount out, and how many", () => {
    const markdown = dashboardNamed("Acme");
    expect(markdown).toContain(
      "Deals without an amount count in N, win rate and cycle, and are left out of money: 2 of 10 won deals in this period have no amount (average deal size and velocity); " +
        "3 of 91 open deals have no amount (weighted pipeline); 1 of 20 open deals closing this quarter has no amount (pipeline coverage); " +
        "5 of 30 deals created in the period have no amount (pipeline created).",
    );
    expect(markdown).toContain(
      "Unattributed (no touch before creation): $1,000.00 in 1 deals. 1 of 3 attributed deals has no amount. A deal without an amount counts as a deal and is credited nothing.",
    );
  });
});

describe("the RevOps dashboard's Layer 3", () => {
  const layer3: Layer3Figures = {
    aggregates: { activeThisWeek: 12, activePreviousWeek: 8, high: 40, answered: 36, medianResponseSeconds: 210, withMeeting: 7, handoffs: { met: 9, missed: 1, pending: 2 } },
    activeChange: defined(0.5),
    responseMinutes: defined(3.5),
    meetingRate: { ...defined(7 / 40), meetsTarget: true, target: 0.15 },
    slaCompliance: defined(0.9),
    meetingWindowDays: 14,
    bands: [
      { track: "immediate_handoff", band: "80–100", label: "Immediate handoff", accounts: 5, share: 0.05 },
      { track: "accelerated_nurture", band: "60–79", label: "Accelerated nurture", accounts: 95, share: 0.95 },
    ],
    abm: { tier1Engagement: { hits: 11, n: 20, rate: 0.55, interval: null, smallSample: true, meetsTarget: false, withinDays: 30 } },
  } as Layer3Figures;

  it("comes between Layer 2 and Layer 4, with each figure against its target", () => {
    const markdown = revopsDashboardMarkdown(definitionsNamed("x"), velocityReportNamed("x"), funnelNamed("x"), attributionNamed("x"), darkSocialNamed("x"), layer3);
    const headings = markdown.split("\n").filter((l) => l.startsWith("## "));
    expect(headings.indexOf("## Layer 3: Signals and engagement")).toBe(headings.findIndex((h) => h.startsWith("## Layer 2")) + 1);
    expect(headings.indexOf("## Layer 3: Signals and engagement") + 1).toBe(headings.findIndex((h) => h.startsWith("## Layer 4")));
    expect(markdown).toContain("| High-intent signals, last 7 days | 12 | 8 the 7 days before (50.0%) |");
    expect(markdown).toContain("| Median signal→response | 3.5 min | meets the target (under 5 minutes) |");
    expect(markdown).toContain("| Signal→meeting rate (meeting within 14 days) | 17.5% | meets the target (over 15%) |");
    expect(markdown).toContain("| 5-minute SLA compliance (immediate handoffs) | 90.0% | 9 met, 1 missed, 2 still within it |");
    expect(markdown).toContain("| Tier 1 accounts engaged in the last 30 days | 55.0% (11 of 20) | below the target (over 60%) |");
    expect(markdown).toContain("| 80–100 | Immediate handoff | 5 | 5.0% |");
  });
});
