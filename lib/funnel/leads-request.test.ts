import { describe, expect, it } from "vitest";
import { funnelLeadsHref, leadsRequestParams, parseLeadsRequest } from "./leads-request";
import type { FunnelRequest } from "./request";

const today = "2026-08-20";
const params = (href: string) => Object.fromEntries(new URL(href, "http://x").searchParams);

describe("the funnel's lead list request", () => {
  it("reads the funnel's view and one figure; with none, the period's leads", () => {
    expect(parseLeadsRequest({ period: "last_quarter", mode: "flow", source: "Inbound", stage: "sql", page: "3" }, today)).toEqual({
      ok: true,
      request: { funnel: { preset: "last_quarter", period: { from: "2026-04-01", to: "2026-06-30" }, filters: { source: "Inbound", segment: undefined }, mode: "flow" }, figure: { kind: "stage", stage: "sql" }, page: 3 },
    });
    expect(parseLeadsRequest({}, today)).toMatchObject({ ok: true, request: { figure: { kind: "stage", stage: "lead" }, funnel: { mode: "cohort", preset: "this_quarter" }, page: 1 } });
    expect(parseLeadsRequest({ stuck: "mql" }, today)).toMatchObject({ ok: true, request: { figure: { kind: "stuck", stage: "mql" } } });
    expect(parseLeadsRequest({ cold: "opportunity" }, today)).toMatchObject({ ok: true, request: { figure: { kind: "cold", stage: "opportunity" } } });
    expect(parseLeadsRequest({ breached: "sql" }, today)).toMatchObject({ ok: true, request: { figure: { kind: "breached", sla: "sql" } } });
  });

  it("names the parameter that is wrong", () => {
    expect(parseLeadsRequest({ stage: "visitor" }, today)).toMatchObject({ ok: false, parameter: "stage", error: 'stage must be one of lead, mql, sql, opportunity, won; got "visitor".' });
    expect(parseLeadsRequest({ stuck: "won" }, today)).toMatchObject({ ok: false, parameter: "stuck" });
    expect(parseLeadsRequest({ breached: "opportunity" }, today)).toMatchObject({ ok: false, parameter: "breached", error: 'breached must be one of mql, sql (the SLAs whose cases are leads); got "opportunity".' });
    expect(parseLeadsRequest({ stage: "mql", stuck: "mql" }, today)).toMatchObject({ ok: false, parameter: "stuck", error: "A lead list is behind one figure: give one of stage, stuck, cold, breached, not stage and stuck." });
    expect(parseLeadsRequest({ mode: "sideways" }, today)).toMatchObject({ ok: false, parameter: "mode" });
    expect(parseLeadsRequest({ page: "0" }, today)).toMatchObject({ ok: false, parameter: "page" });
  });

  it("writes a figure's link that reads back to the same view and figure", () => {
    const funnel: FunnelRequest = { preset: "custom", period: { from: "2026-07-01", to: "2026-07-31" }, filters: { segment: "SMB" }, mode: "flow" };
    for (const figure of [{ kind: "stage", stage: "won" }, { kind: "stuck", stage: "lead" }, { kind: "cold", stage: "sql" }, { kind: "breached", sla: "mql" }] as const) {
      const href = funnelLeadsHref(funnel, figure);
      expect(href.startsWith("/funnel/leads?")).toBe(true);
      expect(parseLeadsRequest(params(href), today)).toMatchObject({ ok: true, request: { funnel: { ...funnel, filters: { segment: "SMB" } }, figure, page: 1 } });
    }
    expect(leadsRequestParams({ funnel, figure: { kind: "stage", stage: "mql" }, page: 2 }).get("page")).toBe("2");
  });
});
