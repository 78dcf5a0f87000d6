import { defaultStallSettings } from "@/lib/win-loss/stalls";
/**
 * The lead list behind each funnel figure: on a hand-built set of leads (named below) and on the
 * demo data, every stage's count in both modes, every stage's stuck and gone-cold count and every
 * lead SLA's breaches equal the total of the list their link opens, read as the page reads it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, contacts, leads, opportunities } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { createDemoTestDatabase } from "@/db/testing/demo-database";
import { funnelLeadsHref, parseLeadsRequest, type LeadFigure } from "@/lib/funnel/leads-request";
import { buildFunnelReport, funnelContext, funnelRules, leadListContext } from "@/lib/funnel/report";
import type { FunnelRequest } from "@/lib/funnel/request";
import { leadStages, slaCompliance, waitingStages } from "@/lib/metrics/funnel";
import { cohortCounts, flowCounts, lossReasonSla, mqlRoutingSla, sqlDecisionSla, stuckLeads, type FunnelScope } from "./funnel";
import { countLeads, listLeads, type LeadListContext } from "./funnel-leads";
import { csvExports } from "./exports";
import { dealTotals } from "./deals";
import { lostWithoutReasonHref, stageUpdateBreachesHref } from "@/lib/deals/drill-down";
import { parseDealsRequest } from "@/lib/deals/request";

const t0 = (iso: string) => new Date(iso);
const now = t0("2026-08-20T00:00:00Z");
const july = { from: "2026-07-01", to: "2026-07-31" };
const afterDays = { lead: 30, mql: 14, sql: 14, opportunity: 90 };

const funnel = (mode: "cohort" | "flow", filters: FunnelRequest["filters"] = {}): FunnelRequest => ({ preset: "custom", period: july, filters, mode });

/** The list a figure's link opens, as the page reads the link. */
function figureOf(href: string): { request: FunnelRequest; figure: LeadFigure } {
  const parsed = parseLeadsRequest(Object.fromEntries(new URL(href, "http://x").searchParams), "2026-08-20");
  if (!parsed.ok) throw new Error(parsed.error);
  return { request: parsed.request.funnel, figure: parsed.request.figure };
}

describe.each(testDrivers())("funnel lead lists on %s", (driver) => {
  let t: TestDatabase;
  const contextOf = (request: FunnelRequest, coldAfterDays = 90): LeadListContext => ({
    scope: { ...request.filters, ...request.period, timeZone: "UTC" },
    mode: request.mode,
    stuck: { now, afterDays, coldAfterDays },
    slaSeconds: { mql: 300, sql: 86_400 },
  });
  const count = (href: string, coldAfterDays = 90) => {
    const { request, figure } = figureOf(href);
    return countLeads(t.handle.db, figure, contextOf(request, coldAfterDays));
  };

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    const db = t.handle.db;
    await db.insert(accounts).values([
      { id: 1, name: "Smallco", segment: "SMB" },
      { id: 2, name: "Bigco", segment: "Enterprise" },
    ]);
    await db.insert(contacts).values([{ id: 1, name: "Ana Lead", email: "ana@smallco.test", accountId: 1 }]);
    await db.insert(opportunities).values([
      { id: 1, name: "Open", accountId: 1, stageId: 1, amount: "100", createdAt: t0("2026-07-08T00:00:00Z") },
      { id: 3, name: "Lost with a reason", accountId: 1, stageId: 7, status: "lost", amount: "100", segment: "SMB", source: "Inbound", createdAt: t0("2026-07-01T00:00:00Z"), closedAt: t0("2026-07-10T00:00:00Z"), lossReasonRaw: "Budget" },
      { id: 2, name: "Lost", accountId: 2, stageId: 7, status: "lost", amount: "100", segment: "Enterprise", source: "Inbound", createdAt: t0("2026-07-08T00:00:00Z"), closedAt: t0("2026-07-20T00:00:00Z") },
    ]);
    await db.insert(leads).values([
      // A: all the way to won; MQL routed in 3 minutes; SQL decided in 10 hours.
      {
        id: 1, contactId: 1, accountId: 1, source: "Paid Search", createdAt: t0("2026-07-01T00:00:00Z"), mqlAt: t0("2026-07-03T00:00:00Z"),
        routedAt: t0("2026-07-03T00:03:00Z"), sqlAt: t0("2026-07-07T00:00:00Z"), sqlDecisionAt: t0("2026-07-07T10:00:00Z"),
        opportunityAt: t0("2026-07-08T00:00:00Z"), wonAt: t0("2026-08-07T00:00:00Z"),
      },
      // B: MQL routed after 20 minutes (a breach), SQL decided after 30 hours (a breach); waiting as an SQL since Jul 20 (31 days: stuck).
      {
        id: 2, accountId: 2, source: "Inbound", createdAt: t0("2026-07-10T00:00:00Z"), mqlAt: t0("2026-07-14T00:00:00Z"),
        routedAt: t0("2026-07-14T00:20:00Z"), sqlAt: t0("2026-07-20T00:00:00Z"), sqlDecisionAt: t0("2026-07-21T06:00:00Z"),
      },
      // C: an MQL never routed (a breach), since Jul 31: 20 days, stuck.
      { id: 3, accountId: 1, source: "Inbound", createdAt: t0("2026-07-31T23:59:00Z"), mqlAt: t0("2026-07-31T23:59:30Z") },
      // D: created in June, an MQL in July (flow only), routed in a minute; waiting since Jul 2: 49 days.
      { id: 4, accountId: 2, source: "Inbound", createdAt: t0("2026-06-20T00:00:00Z"), mqlAt: t0("2026-07-02T00:00:00Z"), routedAt: t0("2026-07-02T00:01:00Z") },
      // E: created Jul 15, went nowhere: a lead for 36 days, stuck.
      { id: 5, accountId: 2, source: "Paid Search", createdAt: t0("2026-07-15T12:00:00Z") },
      // F: SQL date only (MQL inferred: no SLA case); an opportunity still open since Jul 9.
      { id: 6, accountId: 1, source: "Inbound", createdAt: t0("2026-07-05T00:00:00Z"), mqlAt: t0("2026-07-06T00:00:00Z"), sqlAt: t0("2026-07-06T00:00:00Z"), opportunityAt: t0("2026-07-09T00:00:00Z"), opportunityId: 1, inferredStages: ["mql"] },
      // G: an opportunity whose deal was lost: not waiting, never stuck.
      { id: 7, accountId: 2, source: "Inbound", createdAt: t0("2026-07-05T00:00:00Z"), mqlAt: t0("2026-07-05T01:00:00Z"), routedAt: t0("2026-07-05T01:01:00Z"), sqlAt: t0("2026-07-06T00:00:00Z"), opportunityAt: t0("2026-07-08T00:00:00Z"), opportunityId: 2 },
      // H: a lead since April: 141 days, gone cold with a 90-day cut-off (30 + 90 = 120).
      { id: 8, accountId: 1, source: "Inbound", createdAt: t0("2026-04-01T00:00:00Z") },
    ]);
  });
  afterAll(() => t.drop());

  for (const mode of ["cohort", "flow"] as const) {
    for (const filters of [{}, { segment: "SMB" }, { source: "Inbound" }] as FunnelRequest["filters"][]) {
      it(`every stage's ${mode} count equals its list, filters ${JSON.stringify(filters)}`, async () => {
        const request = funnel(mode, filters);
        const scope: FunnelScope = { ...filters, ...july, timeZone: "UTC" };
        const counts = mode === "cohort" ? (await cohortCounts(t.handle.db, scope)).reached : await flowCounts(t.handle.db, scope);
        for (const stage of leadStages) expect(await count(funnelLeadsHref(request, { kind: "stage", stage })), stage).toBe(counts[stage]);
      });
    }
  }

  it("worked by hand: July's cohort and flow", async () => {
    const of = async (mode: "cohort" | "flow") => Promise.all(leadStages.map((stage) => count(funnelLeadsHref(funnel(mode), { kind: "stage", stage }))));
    // Cohort: A B C E F G created in July; MQL A B C F G; SQL A B F G; opportunity A F G; won A (in August).
    expect(await of("cohort")).toEqual([6, 5, 4, 3, 1]);
    // Flow: MQL entries in July add D; A won in August.
    expect(await of("flow")).toEqual([6, 6, 4, 3, 0]);
  });

  it("every stuck and gone-cold count equals its list", async () => {
    for (const coldAfterDays of [90, 10]) {
      for (const filters of [{}, { segment: "Enterprise" }] as FunnelRequest["filters"][]) {
        const stuck = await stuckLeads(t.handle.db, { ...filters, now, afterDays, coldAfterDays });
        for (const stage of waitingStages) {
          expect(await count(funnelLeadsHref(funnel("cohort", filters), { kind: "stuck", stage }), coldAfterDays), `${stage} stuck`).toBe(stuck[stage].stuck);
          expect(await count(funnelLeadsHref(funnel("cohort", filters), { kind: "cold", stage }), coldAfterDays), `${stage} cold`).toBe(stuck[stage].goneCold);
        }
      }
    }
    // By hand (cut-off 90): E stuck as a lead, H gone cold; C and D stuck as MQLs; B as an SQL; F waits 42 of its 90 days.
    const stuckOf = (stage: (typeof waitingStages)[number]) => count(funnelLeadsHref(funnel("cohort"), { kind: "stuck", stage }));
    expect(await Promise.all(waitingStages.map(stuckOf))).toEqual([1, 2, 1, 0]);
    expect(await count(funnelLeadsHref(funnel("cohort"), { kind: "cold", stage: "lead" }))).toBe(1);
  });

  it("each lead SLA's breaches of the period equal their list", async () => {
    for (const filters of [{}, { source: "Inbound" }, { segment: "SMB" }] as FunnelRequest["filters"][]) {
      const scope: FunnelScope = { ...filters, ...july, timeZone: "UTC" };
      const mql = slaCompliance(await mqlRoutingSla(t.handle.db, scope, 300, now));
      const sql = slaCompliance(await sqlDecisionSla(t.handle.db, scope, 86_400, now));
      expect(await count(funnelLeadsHref(funnel("cohort", filters), { kind: "breached", sla: "mql" }))).toBe(mql.breaches);
      expect(await count(funnelLeadsHref(funnel("cohort", filters), { kind: "breached", sla: "sql" }))).toBe(sql.breaches);
    }
    // MQL: B routed late, C never (F's MQL date is inferred: no case). SQL: B decided late; F and G were
    // accepted only by their opportunity, 3 and 2 days on.
    expect(await count(funnelLeadsHref(funnel("cohort"), { kind: "breached", sla: "sql" }))).toBe(3);
    const { request } = figureOf(funnelLeadsHref(funnel("cohort"), { kind: "breached", sla: "mql" }));
    const rows = await listLeads(t.handle.db, { kind: "breached", sla: "mql" }, contextOf(request), { limit: 50, offset: 0 });
    expect(rows.map((r) => r.id)).toEqual([2, 3]);
  });

  it("the Closed Lost SLA's breaches open the deals lost in the period without a reason", async () => {
    for (const filters of [{}, { segment: "Enterprise" }, { source: "Inbound" }] as FunnelRequest["filters"][]) {
      const request = funnel("cohort", filters);
      const lost = slaCompliance(await lossReasonSla(t.handle.db, { ...filters, ...july, timeZone: "UTC" }));
      const parsed = parseDealsRequest(Object.fromEntries(new URL(lostWithoutReasonHref(request), "http://x").searchParams), "2026-08-20");
      if (!parsed.ok) throw new Error(parsed.error);
      const deals = await dealTotals(t.handle.db, parsed.request.filters, { timeZone: "UTC", today: "2026-08-20", now, tierBounds: [], stalls: defaultStallSettings });
      expect(deals.deals, JSON.stringify(filters)).toBe(lost.breaches);
    }
    // By hand: "Lost" (no reason, Enterprise, Inbound) lost on Jul 20.
    expect(slaCompliance(await lossReasonSla(t.handle.db, { ...july, timeZone: "UTC" })).breaches).toBe(1);
  });

  it("exports exactly a figure's list as CSV, across batch boundaries; an inferred date is left blank", async () => {
    const figure: LeadFigure = { kind: "stage", stage: "mql" };
    const context = contextOf(funnel("cohort"));
    const header = csvExports.leads.header;
    const exported: string[][] = [];
    for await (const row of csvExports.leads.rows(t.handle.db, { batchSize: 2, leads: { figure, context } })) exported.push(row);
    const listed = await listLeads(t.handle.db, figure, context, { limit: 50, offset: 0 });
    expect(exported.map((r) => r[header.indexOf("Lead ID")]).sort()).toEqual(listed.map((r) => String(r.id)).sort());
    expect(exported).toHaveLength(await countLeads(t.handle.db, figure, context));
    const f = exported.find((r) => r[header.indexOf("Lead ID")] === "6")!;
    expect([f[header.indexOf("MQL Date")], f[header.indexOf("SQL Date")], f[header.indexOf("Inferred Stages")]]).toEqual(["", "2026-07-06T00:00:00Z", "mql"]);
  });

  it("lists each lead with its contact, account, stage, when it entered it and days waiting, oldest first, paged", async () => {
    const context = contextOf(funnel("cohort"));
    const rows = await listLeads(t.handle.db, { kind: "stage", stage: "lead" }, context, { limit: 50, offset: 0 });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(1)).toMatchObject({ name: "Ana Lead", email: "ana@smallco.test", accountName: "Smallco", stage: "won", enteredAt: "2026-08-07T00:00:00.000Z", daysWaiting: null, inferred: false });
    expect(byId.get(5)).toMatchObject({ name: null, accountName: "Bigco", stage: "lead", enteredAt: "2026-07-15T12:00:00.000Z" });
    expect(byId.get(5)!.daysWaiting).toBeCloseTo(35.5, 6);
    expect(byId.get(6)).toMatchObject({ stage: "opportunity", daysWaiting: 42 });
    expect(byId.get(7)).toMatchObject({ stage: "opportunity", daysWaiting: null }); // its deal was lost
    expect(rows.map((r) => r.enteredAt)).toEqual([...rows.map((r) => r.enteredAt)].sort());
    const pages = [0, 2, 4].map((offset) => listLeads(t.handle.db, { kind: "stage", stage: "lead" }, context, { limit: 2, offset }));
    const ids = (await Promise.all(pages)).flat().map((r) => r.id);
    expect(new Set(ids).size).toBe(6);
    // An inferred stage date is marked.
    const opportunities = await listLeads(t.handle.db, { kind: "stage", stage: "mql" }, context, { limit: 50, offset: 0 });
    expect(opportunities.find((r) => r.id === 6)!.inferred).toBe(false); // its current stage (opportunity) has its own date
  });
});

describe.each(testDrivers())("funnel lead lists on the demo data on %s", (driver) => {
  let t: TestDatabase;
  const asOf = new Date("2025-06-15T00:00:00Z");
  beforeAll(async () => {
    t = await createDemoTestDatabase(driver, asOf);
  });
  afterAll(() => t.drop());

  for (const mode of ["cohort", "flow"] as const) {
    it(`every figure of the ${mode} page equals the list its link opens`, async () => {
      const db = t.handle.db;
      const context = await funnelContext(db);
      const request: FunnelRequest = { preset: "custom", period: { from: "2025-01-01", to: "2025-06-14" }, filters: {}, mode };
      const report = await buildFunnelReport(db, request, context, asOf);
      const countOf = async (href: string) => {
        const { request: r, figure } = figureOf(href);
        return countLeads(db, figure, await leadListContext(db, r, context, asOf));
      };
      const counts = mode === "cohort" ? report.cohort.counts : report.flow;
      expect(counts.lead).toBeGreaterThan(0);
      for (const stage of leadStages) expect(await countOf(funnelLeadsHref(request, { kind: "stage", stage })), stage).toBe(counts[stage]);
      for (const stage of waitingStages) {
        expect(await countOf(funnelLeadsHref(request, { kind: "stuck", stage })), `${stage} stuck`).toBe(report.stuck[stage].stuck);
        expect(await countOf(funnelLeadsHref(request, { kind: "cold", stage })), `${stage} cold`).toBe(report.stuck[stage].goneCold);
      }
      // The demo data has stuck leads and breaches, so these comparisons are not of zeros.
      expect(waitingStages.reduce((n, stage) => n + report.stuck[stage].stuck, 0)).toBeGreaterThan(0);
      expect(report.slas.find((s) => s.stage === "mql")!.compliance!.breaches).toBeGreaterThan(0);
      for (const sla of ["mql", "sql"] as const) {
        const row = report.slas.find((s) => s.stage === sla)!;
        expect(await countOf(funnelLeadsHref(request, { kind: "breached", sla })), `${sla} breaches`).toBe(row.compliance?.breaches ?? 0);
      }
      const parsed = parseDealsRequest(Object.fromEntries(new URL(lostWithoutReasonHref(request), "http://x").searchParams), context.today);
      if (!parsed.ok) throw new Error(parsed.error);
      const lost = await dealTotals(db, parsed.request.filters, { timeZone: context.organisation.timeZone, today: context.today, now: asOf, tierBounds: [], stalls: defaultStallSettings });
      expect(lost.deals, "lost without a reason").toBe(report.slas.find((s) => s.stage === "closed_lost")!.compliance!.breaches);
      const overdue = parseDealsRequest(Object.fromEntries(new URL(stageUpdateBreachesHref(request), "http://x").searchParams), context.today);
      if (!overdue.ok) throw new Error(overdue.error);
      const stageRow = report.slas.find((s) => s.stage === "opportunity")!;
      const stageUpdates = await dealTotals(db, overdue.request.filters, { timeZone: context.organisation.timeZone, today: context.today, now: asOf, tierBounds: [], stalls: defaultStallSettings, stageUpdateSlaSeconds: (await funnelRules(db)).slaOf("opportunity") });
      expect(stageUpdates.deals, "deals with an overdue stage update").toBe(stageRow.breachedDeals);
      expect(stageRow.breachedDeals).toBeGreaterThan(0);
      expect(stageRow.compliance!.breaches).toBeGreaterThanOrEqual(stageRow.breachedDeals!);
    });
  }
});
