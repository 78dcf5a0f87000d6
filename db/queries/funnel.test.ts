import { defaultStallSettings } from "@/lib/win-loss/stalls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, leads, opportunities, opportunityStageHistory, webTraffic } from "@/db/schema";
import { putStageExpectedDays } from "./settings";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { cohortFunnel, funnelBottleneck, slaCompliance } from "@/lib/metrics/funnel";
import { stageUpdateBreachesHref } from "@/lib/deals/drill-down";
import { parseDealsRequest } from "@/lib/deals/request";
import type { FunnelRequest } from "@/lib/funnel/request";
import { breachCounts, listBreaches } from "./breaches";
import { dealTotals, listDeals } from "./deals";
import { cohortCounts, flowCounts, flowDwell, lossReasonSla, monthlyCohorts, mqlRoutingSla, opportunityStageSla, sqlDecisionSla, stuckLeads, trendMonthStarts } from "./funnel";

const expectedDays = { lead: 30, mql: 14, sql: 14, opportunity: 90 };

const t0 = (iso: string) => new Date(iso);
const july = { from: "2026-07-01", to: "2026-07-31", timeZone: "UTC" };

describe.each(testDrivers())("funnel SQL on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    const db = t.handle.db;
    await db.insert(accounts).values([
      { id: 1, name: "Smallco", segment: "SMB" },
      { id: 2, name: "Bigco", segment: "Enterprise" },
    ]);
    await db.insert(webTraffic).values([
      { day: "2026-06-30", visitors: 999 },
      { day: "2026-07-01", visitors: 1000 },
      { day: "2026-07-31", visitors: 500 },
    ]);
    await db.insert(leads).values([
      // A: created Jul 1, MQL after 2 days, routed in 3 minutes, SQL 4 days later, decided in 10 hours,
      // opportunity 1 day later, won 30 days later. Paid Search, SMB.
      {
        id: 1, accountId: 1, source: "Paid Search", createdAt: t0("2026-07-01T00:00:00Z"), mqlAt: t0("2026-07-03T00:00:00Z"),
        routedAt: t0("2026-07-03T00:03:00Z"), sqlAt: t0("2026-07-07T00:00:00Z"), sqlDecisionAt: t0("2026-07-07T10:00:00Z"),
        opportunityAt: t0("2026-07-08T00:00:00Z"), wonAt: t0("2026-08-07T00:00:00Z"),
      },
      // B: created Jul 10, MQL after 4 days, routed after 20 minutes (a breach), SQL 6 days later, decided after 30 hours (a breach).
      {
        id: 2, accountId: 2, source: "Inbound", createdAt: t0("2026-07-10T00:00:00Z"), mqlAt: t0("2026-07-14T00:00:00Z"),
        routedAt: t0("2026-07-14T00:20:00Z"), sqlAt: t0("2026-07-20T00:00:00Z"), sqlDecisionAt: t0("2026-07-21T06:00:00Z"),
      },
      // C: created Jul 31 23:59 UTC (inside July in UTC, August 1 in Berlin), MQL, never routed.
      { id: 3, accountId: 1, source: "Inbound", createdAt: t0("2026-07-31T23:59:00Z"), mqlAt: t0("2026-07-31T23:59:30Z") },
      // D: created in June (outside the cohort) but became an MQL in July, routed in 1 minute.
      { id: 4, accountId: 2, source: "Inbound", createdAt: t0("2026-06-20T00:00:00Z"), mqlAt: t0("2026-07-02T00:00:00Z"), routedAt: t0("2026-07-02T00:01:00Z") },
      // E: created Jul 15, went nowhere.
      { id: 5, accountId: 2, source: "Paid Search", createdAt: t0("2026-07-15T12:00:00Z") },
    ]);
    await db.insert(opportunities).values([
      { id: 1, name: "Lost with a reason", stageId: 7, status: "lost", amount: "100", segment: "SMB", source: "Inbound", createdAt: t0("2026-06-01T00:00:00Z"), closedAt: t0("2026-07-05T00:00:00Z"), lossReason: "Price" },
      { id: 2, name: "Lost without", stageId: 7, status: "lost", amount: "100", segment: "SMB", source: "Inbound", createdAt: t0("2026-06-01T00:00:00Z"), closedAt: t0("2026-07-06T00:00:00Z"), lossReason: "  " },
      { id: 3, name: "Lost in August", stageId: 7, status: "lost", amount: "100", segment: "SMB", source: "Inbound", createdAt: t0("2026-06-01T00:00:00Z"), closedAt: t0("2026-08-06T00:00:00Z") },
      // Stage updates, against the default expected days (Discovery and Solution Demo 14, Proposal 21, Negotiation 14, Contract Sent 7).
      { id: 10, name: "Steady", accountId: 1, stageId: 3, amount: "100", segment: "SMB", source: "Inbound", createdAt: t0("2026-06-20T00:00:00Z") },
      { id: 11, name: "Stalled", accountId: 2, stageId: 5, amount: "100", segment: "Enterprise", source: "Inbound", createdAt: t0("2026-07-01T00:00:00Z") },
      { id: 13, name: "Won late", accountId: 1, stageId: 6, status: "won", amount: "100", segment: "SMB", source: "Paid Search", createdAt: t0("2026-07-01T00:00:00Z"), closedAt: t0("2026-07-25T12:00:00Z") },
      { id: 14, name: "Not due yet", accountId: 1, stageId: 1, amount: "100", segment: "SMB", source: "Inbound", createdAt: t0("2026-07-16T00:00:00Z") },
    ]);
    await db.insert(opportunityStageHistory).values([
      // Steady: Discovery Jun 20 → due Jul 4, moved Jul 5 (1 d after due ✓); Solution Demo Jul 5 → due Jul 19, moved Jul 25 (6 d ✗); Proposal since Jul 25 (due Aug 15).
      { opportunityId: 10, stageId: 1, enteredAt: t0("2026-06-20T00:00:00Z"), exitedAt: t0("2026-07-05T00:00:00Z") },
      { opportunityId: 10, stageId: 2, enteredAt: t0("2026-07-05T00:00:00Z"), exitedAt: t0("2026-07-25T00:00:00Z") },
      { opportunityId: 10, stageId: 3, enteredAt: t0("2026-07-25T00:00:00Z") },
      // Stalled: left Discovery before it was due (not a case); in Contract Sent since Jul 3 → due Jul 10, never moved.
      { opportunityId: 11, stageId: 1, enteredAt: t0("2026-07-01T00:00:00Z"), exitedAt: t0("2026-07-03T00:00:00Z") },
      { opportunityId: 11, stageId: 5, enteredAt: t0("2026-07-03T00:00:00Z") },
      // Won late: Negotiation Jul 10 → due Jul 24, won Jul 25 12:00 (36 h after due ✓); the won stage is never due.
      { opportunityId: 13, stageId: 4, enteredAt: t0("2026-07-10T00:00:00Z"), exitedAt: t0("2026-07-25T12:00:00Z") },
      { opportunityId: 13, stageId: 6, enteredAt: t0("2026-07-25T12:00:00Z") },
      // Not due yet: Discovery since Jul 16 → due Jul 30; 48 hours later is Aug 1 00:00.
      { opportunityId: 14, stageId: 1, enteredAt: t0("2026-07-16T00:00:00Z") },
    ]);
  });
  afterAll(() => t.drop());

  it("counts the July cohort: who reached each stage and the days between", async () => {
    const c = await cohortCounts(t.handle.db, july);
    // Visitors Jul 1 + Jul 31 = 1,500. Leads created in July: A, B, C, E = 4.
    expect(c.visitors).toBe(1500);
    expect(c.reached).toEqual({ lead: 4, mql: 3, sql: 2, opportunity: 1, won: 1 });
    // Lead→MQL: A 2 d, B 4 d, C 30 s → (6 + 30/86,400) / 3.
    expect(c.transitionDays.mql.leads).toBe(3);
    expect(c.transitionDays.mql.sumDays).toBeCloseTo(6 + 30 / 86_400, 9);
    // MQL→SQL: A 4 d, B 6 d. SQL→Opp: A 1 d. Opp→Won: A 30 d.
    expect(c.transitionDays.sql).toEqual({ sumDays: 10, leads: 2 });
    expect(c.transitionDays.opportunity).toEqual({ sumDays: 1, leads: 1 });
    expect(c.transitionDays.won).toEqual({ sumDays: 30, leads: 1 });
    const f = cohortFunnel(c);
    expect(f.transitions.map((x) => x.conversion.value)).toEqual([4 / 1500, 3 / 4, 2 / 3, 1 / 2, 1]);
  });

  it("compares only the steps the cohort has had time to make, and names the lowest conversion", async () => {
    // On Aug 14, with 30 / 14 / 14 / 90 expected days: Lead — A, B created by Jul 15, not E (Jul 15 noon) or C (2 of 4);
    // MQL — A, B by Jul 31, not C (2 of 3); SQL — A, B (2 of 2); Opportunity — A on Jul 8 is not 90 days old (0 of 1).
    const c = await cohortCounts(t.handle.db, july, { now: t0("2026-08-14T00:00:00Z"), expectedDays });
    expect(c.maturity).toEqual({
      lead: { reached: 4, matured: 2 },
      mql: { reached: 3, matured: 2 },
      sql: { reached: 2, matured: 2 },
      opportunity: { reached: 1, matured: 0 },
    });
    const reading = funnelBottleneck(cohortFunnel(c), c.maturity!, expectedDays);
    // Opportunity → Won (30 days, the longest) is left out; of the rest MQL → SQL (5 days) is the longest,
    // SQL → Opportunity (1 of 2) the lowest conversion.
    expect(reading.basis).toBe("cohort");
    expect(reading.leftOut.map((l) => `${l.transition.from}→${l.transition.to}`)).toEqual(["opportunity→won"]);
    expect(reading.bottleneck && `${reading.bottleneck.from}→${reading.bottleneck.to}`).toBe("mql→sql");
    expect(reading.lowestConversion && `${reading.lowestConversion.from}→${reading.lowestConversion.to}`).toBe("sql→opportunity");
  });

  it("measures flow mode's dwell on the moves made in the period", async () => {
    // Into MQL in July: A 2 d, B 4 d, C 30 s, D 12 d. Into SQL: A 4 d, B 6 d. Into Opportunity: A 1 d. Won in July: none.
    const dwell = await flowDwell(t.handle.db, july);
    expect(dwell.mql.leads).toBe(4);
    expect(dwell.mql.sumDays).toBeCloseTo(18 + 30 / 86_400, 9);
    expect(dwell.sql).toEqual({ sumDays: 10, leads: 2 });
    expect(dwell.opportunity).toEqual({ sumDays: 1, leads: 1 });
    expect(dwell.won).toEqual({ sumDays: 0, leads: 0 });
    const c = await cohortCounts(t.handle.db, july, { now: t0("2026-08-15T00:00:00Z"), expectedDays });
    const reading = funnelBottleneck(cohortFunnel(c), c.maturity!, expectedDays, dwell);
    expect(reading.basis).toBe("flow");
    // MQL → SQL: 5 days over the two moves into SQL made in July, against 4.5 for Lead → MQL; Won: no move in July.
    expect(reading.bottleneck && `${reading.bottleneck.from}→${reading.bottleneck.to}`).toBe("mql→sql");
    expect(reading.compared.map((x) => x.meanDays.value)).toEqual([expect.closeTo(4.5 + 30 / 4 / 86_400, 9), 5, 1, null]);
    expect(await flowDwell(t.handle.db, { ...july, source: "Paid Search" })).toMatchObject({ mql: { sumDays: 2, leads: 1 }, sql: { sumDays: 4, leads: 1 } });
  });

  it("moves a lead across the month boundary in another time zone, and filters by source and segment", async () => {
    const berlin = await cohortCounts(t.handle.db, { ...july, timeZone: "Europe/Berlin" });
    // C was created at 01:59 on Aug 1 in Berlin; A at 02:00 on Jul 1 — still July.
    expect(berlin.reached.lead).toBe(3);
    expect((await cohortCounts(t.handle.db, { ...july, source: "Paid Search" })).reached).toEqual({ lead: 2, mql: 1, sql: 1, opportunity: 1, won: 1 });
    expect((await cohortCounts(t.handle.db, { ...july, segment: "Enterprise" })).reached.lead).toBe(2);
    expect((await cohortCounts(t.handle.db, { ...july, source: "Nowhere" })).reached.lead).toBe(0);
  });

  it("counts stage entries in the period in flow mode", async () => {
    // MQL entries in July: A, B, C, D = 4 (D was created in June). SQL: A, B. Opp: A. Won: none in July (A won Aug 7).
    expect(await flowCounts(t.handle.db, july)).toEqual({ visitor: 1500, lead: 4, mql: 4, sql: 2, opportunity: 1, won: 0 });
  });

  it("measures MQL routing against the SLA in force, and a longer SLA changes the figure", async () => {
    const now = t0("2026-08-01T00:10:00Z");
    // 5 minutes: A 3 min ✓, B 20 min ✗, D 1 min ✓; C unrouted and 10.5 min past its MQL time → due, breached.
    const five = slaCompliance(await mqlRoutingSla(t.handle.db, july, 300, now));
    expect(five.share.value).toBe(2 / 4);
    expect(five.breaches).toBe(2);
    // Median over the routed: 1, 3, 20 minutes → 3 minutes.
    expect(five.medianSeconds.value).toBe(180);
    // 30 minutes: B is now within; C is still unrouted past 30 minutes? No: only 10.5 minutes have passed, so it is not due yet.
    const thirty = slaCompliance(await mqlRoutingSla(t.handle.db, july, 1800, now));
    expect(thirty.share.value).toBe(3 / 3);
    expect(thirty.breaches).toBe(0);
  });

  it("measures SQL decisions and loss reasons", async () => {
    // 24 hours: A decided in 10 h ✓, B in 30 h ✗.
    const decisions = slaCompliance(await sqlDecisionSla(t.handle.db, july, 24 * 3600, t0("2026-08-01T00:00:00Z")));
    expect(decisions.share.value).toBe(0.5);
    expect(decisions.medianSeconds.value).toBe(20 * 3600);
    // Lost in July: one with a reason, one with only spaces → 50 %.
    const reasons = slaCompliance(await lossReasonSla(t.handle.db, july));
    expect(reasons.share.value).toBe(0.5);
    expect(reasons.breaches).toBe(1);
  });

  it("measures stage updates from when the stage change fell due, with the expected days in force", async () => {
    const now = t0("2026-08-01T00:00:00Z");
    // 48 hours: Steady's Discovery ✓ (24 h), Steady's Solution Demo ✗ (6 d), Stalled ✗ (open, 22 d), Won late ✓ (36 h).
    const hours48 = slaCompliance(await opportunityStageSla(t.handle.db, july, 48 * 3600, now));
    expect(hours48.share.value).toBe(2 / 4);
    expect(hours48.breaches).toBe(2);
    expect(hours48.medianSeconds.value).toBe(36 * 3600);
    // A week: Steady's Solution Demo is now within; Stalled is still out.
    expect(slaCompliance(await opportunityStageSla(t.handle.db, july, 7 * 86_400, now)).share.value).toBe(3 / 4);
    expect(slaCompliance(await opportunityStageSla(t.handle.db, { ...july, segment: "Enterprise" }, 48 * 3600, now)).share.value).toBe(0);
    expect(slaCompliance(await opportunityStageSla(t.handle.db, { ...july, source: "Paid Search" }, 48 * 3600, now)).share.value).toBe(1);

    // Giving Contract Sent 30 days moves Stalled's due date into August.
    await putStageExpectedDays(t.handle.db, 5, 30, null);
    try {
      expect(slaCompliance(await opportunityStageSla(t.handle.db, july, 48 * 3600, now)).share.value).toBe(2 / 3);
    } finally {
      await putStageExpectedDays(t.handle.db, 5, 7, null);
    }
  });

  it("opens the Opportunity SLA's breaches of the period as the deals they are in", async () => {
    const now = t0("2026-08-01T00:00:00Z");
    const dealsBehind = async (seconds: number, filters: FunnelRequest["filters"] = {}) => {
      const request: FunnelRequest = { preset: "custom", period: { from: july.from, to: july.to }, filters, mode: "cohort" };
      const parsed = parseDealsRequest(Object.fromEntries(new URL(stageUpdateBreachesHref(request), "http://x").searchParams), "2026-08-01");
      if (!parsed.ok) throw new Error(parsed.error);
      const context = { timeZone: "UTC", today: "2026-08-01", now, tierBounds: [], stalls: defaultStallSettings, stageUpdateSlaSeconds: seconds };
      const [totals, rows] = await Promise.all([dealTotals(t.handle.db, parsed.request.filters, context), listDeals(t.handle.db, { filters: parsed.request.filters, sort: "name", descending: false, limit: 50, offset: 0 }, context)]);
      return { deals: totals.deals, names: rows.map((r) => r.name) };
    };
    // 48 hours: two breaches, one in each of Steady and Stalled.
    const hours48 = await opportunityStageSla(t.handle.db, july, 48 * 3600, now);
    expect([slaCompliance(hours48).breaches, hours48.breachedDeals]).toEqual([2, 2]);
    expect(await dealsBehind(48 * 3600)).toEqual({ deals: 2, names: ["Stalled", "Steady"] });
    // 12 hours: every case breaches, Steady's twice (Discovery and Solution Demo), and Not due yet is
    // past its deadline (Jul 30 12:00): five breaches in four deals.
    const hours12 = await opportunityStageSla(t.handle.db, july, 12 * 3600, now);
    expect([slaCompliance(hours12).breaches, hours12.breachedDeals]).toEqual([5, 4]);
    expect(await dealsBehind(12 * 3600)).toEqual({ deals: 4, names: ["Not due yet", "Stalled", "Steady", "Won late"] });
    // The funnel's segment goes along: Stalled is the Enterprise deal.
    const enterprise = await opportunityStageSla(t.handle.db, { ...july, segment: "Enterprise" }, 12 * 3600, now);
    expect((await dealsBehind(12 * 3600, { segment: "Enterprise" })).deals).toBe(enterprise.breachedDeals);
    expect(enterprise.breachedDeals).toBe(1);
  });

  it("lists deals whose stage change is overdue, with their stage", async () => {
    const scope = { kind: "opportunity" as const, seconds: 48 * 3600, archiveAfterDays: 90, now: t0("2026-08-01T00:00:00Z") };
    // Stalled: due Jul 10, deadline Jul 12, so 20 days overdue on Aug 1. Not due yet is exactly at its deadline.
    expect(await breachCounts(t.handle.db, scope)).toEqual({ open: 1, archived: 0, dismissed: 0 });
    expect(await listBreaches(t.handle.db, { ...scope, state: "open", limit: 10 })).toEqual([
      {
        kind: "opportunity", subjectId: expect.any(Number), id: 11, name: "Stalled", account: "Bigco", detail: "Contract Sent", ownerId: null,
        since: "2026-07-10T00:00:00Z", overdueSeconds: 20 * 86_400, dismissal: null,
      },
    ]);
    expect((await breachCounts(t.handle.db, { ...scope, now: t0("2026-08-01T00:00:01Z") })).open).toBe(2);
    expect((await breachCounts(t.handle.db, { ...scope, segment: "SMB" })).open).toBe(0);
    // Overdue by more than 19 days: archived, no longer open.
    expect(await breachCounts(t.handle.db, { ...scope, archiveAfterDays: 19 })).toEqual({ open: 0, archived: 1, dismissed: 0 });
  });

  it("lists the breaches still open, oldest first", async () => {
    // At Aug 1 00:10 only C is an MQL still unrouted past 5 minutes: 10.5 min since, 5.5 min overdue.
    const scope = { kind: "mql" as const, seconds: 300, archiveAfterDays: 90, now: t0("2026-08-01T00:10:00Z") };
    expect((await breachCounts(t.handle.db, scope)).open).toBe(1);
    expect(await listBreaches(t.handle.db, { ...scope, state: "open", limit: 10 })).toEqual([
      { kind: "mql", subjectId: 3, id: 3, name: null, account: "Smallco", detail: "Inbound", ownerId: null, since: "2026-07-31T23:59:30Z", overdueSeconds: 330, dismissal: null },
    ]);
    expect((await breachCounts(t.handle.db, { ...scope, kind: "sql", seconds: 86_400 })).open).toBe(0);
    expect((await breachCounts(t.handle.db, { ...scope, segment: "Enterprise" })).open).toBe(0);
  });

  it("counts leads in their stage longer than its days as stuck, and those long past it as gone cold", async () => {
    const now = t0("2026-08-15T00:00:00Z");
    // Lead: E has waited 30.5 days (> 30). MQL: C 14.0003 days and D 44 days (> 14). SQL: B, undecided for 26 days (> 14).
    // Opportunity: A was won, nobody is open.
    const stuck = await stuckLeads(t.handle.db, { now, afterDays: expectedDays, coldAfterDays: 90 });
    expect(stuck).toEqual({
      lead: { afterDays: 30, stuck: 1, goneCold: 0 },
      mql: { afterDays: 14, stuck: 2, goneCold: 0 },
      sql: { afterDays: 14, stuck: 1, goneCold: 0 },
      opportunity: { afterDays: 90, stuck: 0, goneCold: 0 },
    });
    // Gone cold 10 days past the stage's days: D (44 > 24) and B (26 > 24); E (30.5 < 40) and C stay stuck.
    const cold = await stuckLeads(t.handle.db, { now, afterDays: expectedDays, coldAfterDays: 10 });
    expect([cold.lead, cold.mql, cold.sql].map((s) => [s.stuck, s.goneCold])).toEqual([[1, 0], [1, 1], [0, 1]]);
    // A longer wait for MQLs leaves only D.
    expect((await stuckLeads(t.handle.db, { now, afterDays: { ...expectedDays, mql: 20 }, coldAfterDays: 90 })).mql.stuck).toBe(1);
    expect((await stuckLeads(t.handle.db, { now, afterDays: expectedDays, coldAfterDays: 90, segment: "SMB" })).mql.stuck).toBe(1);
  });

  it("counts each month's cohort for the trend, in the organisation's time zone", async () => {
    const months = await monthlyCohorts(t.handle.db, { today: "2026-08-15", timeZone: "UTC", months: 3 });
    expect(months.map((m) => [m.month, m.reached.lead, m.reached.mql, m.reached.won])).toEqual([
      ["2026-06-01", 1, 1, 0],
      ["2026-07-01", 4, 3, 1],
      ["2026-08-01", 0, 0, 0],
    ]);
    const berlin = await monthlyCohorts(t.handle.db, { today: "2026-08-15", timeZone: "Europe/Berlin", months: 2, source: "Inbound" });
    // Inbound in July: B and C; in Berlin C falls on August 1.
    expect(berlin.map((m) => [m.month, m.reached.lead])).toEqual([
      ["2026-07-01", 1],
      ["2026-08-01", 1],
    ]);
  });
});

describe("trendMonthStarts", () => {
  it("counts back across a year boundary and ends with the first day after the last month", () => {
    expect(trendMonthStarts("2026-02-10", 3)).toEqual(["2025-12-01", "2026-01-01", "2026-02-01", "2026-03-01"]);
    expect(trendMonthStarts("2026-12-31", 1)).toEqual(["2026-12-01", "2027-01-01"]);
  });
});
