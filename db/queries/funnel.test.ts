import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, leads, opportunities, opportunityStageHistory, webTraffic } from "@/db/schema";
import { putStageExpectedDays } from "./settings";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { cohortFunnel, slaCompliance } from "@/lib/metrics/funnel";
import { cohortCounts, flowCounts, lossReasonSla, monthlyCohorts, mqlRoutingSla, openBreaches, opportunityStageSla, sqlDecisionSla, stuckLeads, trendMonthStarts } from "./funnel";

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
    expect(f.bottleneck?.to).toBe("won");
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

  it("lists deals whose stage change is overdue, with their stage", async () => {
    const deals = await openBreaches(t.handle.db, { kind: "opportunity", seconds: 48 * 3600, now: t0("2026-08-01T00:00:00Z") });
    // Stalled: due Jul 10, deadline Jul 12, so 20 days overdue on Aug 1. Not due yet is exactly at its deadline.
    expect(deals).toEqual({
      total: 1,
      breaches: [{ id: 11, name: "Stalled", account: "Bigco", detail: "Contract Sent", since: "2026-07-10T00:00:00Z", overdueSeconds: 20 * 86_400 }],
    });
    expect((await openBreaches(t.handle.db, { kind: "opportunity", seconds: 48 * 3600, now: t0("2026-08-01T00:00:01Z") })).total).toBe(2);
    expect((await openBreaches(t.handle.db, { kind: "opportunity", seconds: 48 * 3600, now: t0("2026-08-01T00:00:00Z"), segment: "SMB" })).total).toBe(0);
  });

  it("lists the breaches still open, oldest first", async () => {
    // At Aug 1 00:10 only C is an MQL still unrouted past 5 minutes: 10.5 min since, 5.5 min overdue.
    const mql = await openBreaches(t.handle.db, { kind: "mql", seconds: 300, now: t0("2026-08-01T00:10:00Z") });
    expect(mql.total).toBe(1);
    expect(mql.breaches).toEqual([{ id: 3, name: null, account: "Smallco", detail: "Inbound", since: "2026-07-31T23:59:30Z", overdueSeconds: 330 }]);
    expect((await openBreaches(t.handle.db, { kind: "sql", seconds: 86_400, now: t0("2026-08-01T00:10:00Z") })).total).toBe(0);
    expect((await openBreaches(t.handle.db, { kind: "mql", seconds: 300, now: t0("2026-08-01T00:10:00Z"), segment: "Enterprise" })).total).toBe(0);
  });

  it("counts leads stuck for over twice the median time in their stage", async () => {
    // Lead→MQL times: 30 s, 2 d, 4 d, 12 d → median 3 d; E has waited 30.5 d.
    // MQL→SQL: 4 d, 6 d → median 5 d; C (15 d) and D (44 d) are past 10 d.
    // SQL→Opp: 1 d → B, undecided for 26 d, is stuck. Opp→Won: nobody is open.
    const stuck = await stuckLeads(t.handle.db, { now: t0("2026-08-15T00:00:00Z") });
    expect(stuck.lead).toEqual({ stuck: 1, medianDays: 3 });
    expect(stuck.mql).toEqual({ stuck: 2, medianDays: 5 });
    expect(stuck.sql).toEqual({ stuck: 1, medianDays: 1 });
    expect(stuck.opportunity).toEqual({ stuck: 0, medianDays: 30 });
  });

  it("takes the stage medians from moves made by now, not later ones", async () => {
    // By Jul 12 only A (2 d, on Jul 3) and D (12 d, on Jul 2) had become MQLs, not B (Jul 14) or C (Jul 31): median 7 d.
    const stuck = await stuckLeads(t.handle.db, { now: t0("2026-07-12T00:00:00Z") });
    expect(stuck.lead.medianDays).toBe(7);
    // Nobody had won by then.
    expect(stuck.opportunity).toEqual({ stuck: 0, medianDays: null });
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
