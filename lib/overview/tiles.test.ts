import { describe, expect, it } from "vitest";
import { userRoles } from "@/lib/domain/roles";
import { parseDealsRequest } from "@/lib/deals/request";
import { dealActionPlan, factsNeeded, overviewPlan, overviewTiles, type FactValue, type TileFact } from "./tiles";

const rowCounts = /^(Accounts|Contacts|Leads|Intent signals|Open opportunities|Won opportunities|Lost opportunities)$/;

describe("overviewPlan", () => {
  it.each(userRoles)("gives %s tiles that each link to a list, none a bare row count", (role) => {
    const plan = overviewPlan(role, 7);
    expect(plan.length).toBeGreaterThanOrEqual(4);
    for (const tile of plan) {
      expect(tile.href).toMatch(/^\/[a-z]/);
      expect(tile.opens).toMatch(/^Open /);
      expect(tile.label).not.toMatch(rowCounts);
    }
    expect(new Set(plan.map((t) => t.label)).size).toBe(plan.length);
  });

  it("filters a rep's lists to what the rep owns", () => {
    const hrefs = overviewPlan("sales", 7).map((t) => t.href);
    expect(hrefs).toContain("/accounts?owner=7&intent=active");
    expect(hrefs).toContain("/accounts?owner=7&champion=none");
    expect(hrefs).toContain("/funnel/breaches?kind=opportunity&state=open&owner=7");
    expect(hrefs).toContain("/funnel/breaches?kind=sql&state=open&owner=7");
    expect(hrefs.filter((h) => h.startsWith("/accounts") || h.startsWith("/funnel/breaches")).every((h) => h.includes("owner=7"))).toBe(true);
  });

  it("shows others the whole team's lists, with no owner filter", () => {
    for (const role of ["executive", "marketing", "admin"] as const) {
      expect(overviewPlan(role, 7).some((t) => t.href.includes("owner="))).toBe(false);
    }
  });

  it("gives each role what it acts on", () => {
    expect([...factsNeeded("executive")]).toEqual(["velocity", "winRate", "openPipeline", "bottleneck"]);
    expect(factsNeeded("marketing").has("mqlsThisWeek")).toBe(true);
    expect(overviewPlan("marketing", 1).find((t) => t.fact === "mqlsThisWeek")!.href).toBe("/funnel?period=this_week&mode=flow");
    expect(factsNeeded("admin").has("activeUsers")).toBe(true);
    expect(factsNeeded("sales").has("signalsOverdue")).toBe(true);
    expect(factsNeeded("sales").has("velocity")).toBe(false);
  });
});

describe("overviewTiles", () => {
  it("formats counts whole, marks the actionable ones above zero and keeps worded figures", () => {
    const facts: Partial<Record<TileFact, FactValue>> = { velocity: { text: "$13,943/day", note: "▲ 4.0% vs the previous quarter" }, winRate: { text: "31.0%" }, openPipeline: { text: "$1,400,000" }, bottleneck: { text: "MQL → SQL" } };
    const tiles = overviewTiles("executive", 1, facts);
    expect(tiles.map((t) => t.figure)).toEqual(["$13,943/day", "31.0%", "$1,400,000", "MQL → SQL"]);
    expect(tiles[0]!.note).toBe("▲ 4.0% vs the previous quarter");
    expect(tiles[1]).not.toHaveProperty("note");

    const rep = overviewTiles("sales", 3, { signalsWaiting: 1234, signalsOverdue: 0, accountsActiveIntent: 2 });
    expect(rep.map((t) => [t.figure, t.attention])).toEqual([
      ["1,234", true],
      ["0", false],
      ["2", false],
    ]);
  });

  it("leaves out a tile whose figure is missing rather than showing 0", () => {
    expect(overviewTiles("admin", 1, { activeUsers: 5 }).map((t) => t.label)).toEqual(["Active users"]);
    expect(overviewTiles("admin", 1, {})).toEqual([]);
  });
});

describe("dealActionPlan", () => {
  it("links each kind of a rep's deals needing action to their own open deals of that kind", () => {
    const plan = dealActionPlan(7);
    expect(plan.map((a) => a.action)).toEqual(["stalled", "stallPattern", "proofUnsent", "proofGap", "pastClose", "singleThreaded", "noNextStep", "noAmount", "noLossReason"]);
    for (const action of plan) {
      const parsed = parseDealsRequest(Object.fromEntries(new URL(action.href, "http://x").searchParams), "2026-11-20");
      expect(parsed.ok && parsed.request.filters.ownerId, action.href).toBe(7);
      expect(parsed.ok && parsed.request.filters.status, action.href).toBe(action.action === "noLossReason" ? "lost" : "open");
    }
    // The Closed Lost SLA's breaches of this quarter that are the rep's own.
    const lost = parseDealsRequest(Object.fromEntries(new URL(plan.at(-1)!.href, "http://x").searchParams), "2026-11-20");
    expect(lost.ok && lost.request.filters).toMatchObject({ noLossReason: true, period: { from: "2026-10-01", to: "2026-11-20", dates: "closed" } });
    expect(plan.find((a) => a.action === "noAmount")!.href).toBe("/deals?status=open&owner=7&band=none");
    expect(plan.find((a) => a.action === "noNextStep")!.href).toBe("/deals?status=open&owner=7&noNextStep=1");
  });

  it("opens an executive's win rate and open pipeline on the deals behind them", () => {
    const hrefs = Object.fromEntries(overviewPlan("executive", 7).map((t) => [t.fact, t.href]));
    expect(hrefs.winRate).toBe("/deals?period=this_quarter&dates=closed");
    expect(hrefs.openPipeline).toBe("/deals?status=open");
  });
});
