/**
 * One deal as its page reads it, on a hand-built history: the facts (with the blanks real CRM
 * data has), the days in each stage against the expected days, the credit each model gives each
 * touch (the same SQL as the channel report, so each model's credit adds up to the deal's amount
 * and to the deal's part of the report), the self-reported answer and the history.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, auditLog, contacts, leads, opportunities, opportunityChanges, opportunityStageHistory, selfReportedAnswers, touchpoints, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { stageTimeline } from "@/lib/deals/timeline";
import { creditByChannel, creditTouches } from "@/lib/deals/touch-credit";
import { NotFoundError } from "@/lib/errors";
import { attributionModels, attributionWeights, decimalToUnits } from "@/lib/metrics/attribution";
import { attributionAggregates, touchCredits } from "./attribution";
import { dealBuyingGroup, editBuyingGroup } from "./buying-groups";
import { dealAnswers, dealExists, dealFacts, dealHistory, dealStageStays } from "./deal";

const at = (s: string) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s);

describe.each(testDrivers())("a deal's page on %s", (driver) => {
  let t: TestDatabase;
  const ids = { rep: 0, admin: 0, acme: 0, ana: 0, ben: 0, cleo: 0, won: 0, bare: 0, open: 0, unpriced: 0, openStay: 0, lead: 0 };

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    const db = t.handle.db;
    const [rep, admin] = await db
      .insert(users)
      .values([
        { email: "rep@example.com", name: "Riley Rep", role: "sales", passwordHash: "x" },
        { email: "admin@example.com", name: "Avery Admin", role: "admin", passwordHash: "x" },
      ])
      .returning();
    ids.rep = rep!.id;
    ids.admin = admin!.id;
    const [acme] = await db.insert(accounts).values({ name: "Acme", ownerId: ids.rep }).returning();
    ids.acme = acme!.id;
    const people = await db
      .insert(contacts)
      .values([
        { accountId: ids.acme, name: "Ana Lopez", title: "CFO" },
        { accountId: ids.acme, name: "Ben Ode", title: "RevOps Manager" },
        { accountId: ids.acme, name: "Cleo Diaz", title: "Analyst" },
      ])
      .returning();
    [ids.ana, ids.ben, ids.cleo] = people.map((p) => p.id) as [number, number, number];

    const deals = await db
      .insert(opportunities)
      .values([
        {
          name: "Acme platform",
          accountId: ids.acme,
          ownerId: ids.rep,
          amount: "30000.00",
          stageId: 6,
          status: "won",
          createdAt: at("2026-02-01"),
          qualifiedAt: at("2026-02-01"),
          expectedCloseDate: "2026-04-30",
          closedAt: at("2026-03-20"),
          source: "Inbound",
          segment: "Mid-Market",
          type: "New Business",
          useCase: "Forecasting",
          winReason: "Product fit",
          winReasonRaw: "they loved the forecasting",
          competitor: "Clari",
          competitorRaw: "clari.com",
        },
        // What real CRM exports hold: no amount, no account, no owner, no dates beyond creation.
        { name: "Unknown prospect", stageId: 1, status: "open", createdAt: at("2026-02-05") },
        { name: "Acme expansion", accountId: ids.acme, ownerId: ids.rep, amount: "12000.00", stageId: 1, status: "open", createdAt: at("2026-02-10") },
        { name: "Acme pilot", accountId: ids.acme, stageId: 2, status: "open", createdAt: at("2026-02-12") },
      ])
      .returning();
    [ids.won, ids.bare, ids.open, ids.unpriced] = deals.map((d) => d.id) as [number, number, number, number];

    await db.insert(opportunityStageHistory).values([
      { opportunityId: ids.won, stageId: 1, enteredAt: at("2026-02-01"), exitedAt: at("2026-02-10") },
      { opportunityId: ids.won, stageId: 2, enteredAt: at("2026-02-10"), exitedAt: at("2026-03-01") },
      { opportunityId: ids.won, stageId: 3, enteredAt: at("2026-03-01"), exitedAt: at("2026-03-20") },
      { opportunityId: ids.won, stageId: 6, enteredAt: at("2026-03-20") },
    ]);
    const [stay] = await db.insert(opportunityStageHistory).values({ opportunityId: ids.open, stageId: 1, enteredAt: at("2026-02-10") }).returning();
    ids.openStay = stay!.id;

    const [lead] = await db.insert(leads).values({ accountId: ids.acme, contactId: ids.ana, opportunityId: ids.won, createdAt: at("2026-01-12"), isDemoRequest: true }).returning();
    ids.lead = lead!.id;
    await db.insert(touchpoints).values([
      { accountId: ids.acme, contactId: ids.ana, channel: "podcast", type: "web_visit", occurredAt: at("2026-01-05") },
      { accountId: ids.acme, contactId: ids.ana, channel: "search", type: "form_fill", occurredAt: at("2026-01-12"), leadId: ids.lead },
      // Two touches at one time: ordered by id.
      { accountId: ids.acme, contactId: ids.ben, channel: "event", campaign: "Summit", type: "webinar", occurredAt: at("2026-01-20") },
      { accountId: ids.acme, contactId: ids.cleo, channel: "content", type: "content_download", occurredAt: at("2026-01-20") },
      { accountId: ids.acme, contactId: ids.ben, channel: "linkedin", type: "ad_click", occurredAt: at("2026-02-01") },
      // After the creation, before the win: revenue credit only.
      { accountId: ids.acme, contactId: ids.cleo, channel: "email", type: "email_click", occurredAt: at("2026-03-02") },
      // After the win: no credit at all.
      { accountId: ids.acme, contactId: ids.ana, channel: "direct", type: "web_visit", occurredAt: at("2026-03-25") },
    ]);
    await db.insert(selfReportedAnswers).values({ leadId: ids.lead, answer: "Heard you on The Pipeline Show", channel: "podcast" });
    await editBuyingGroup(db, { accountId: ids.acme, opportunityId: ids.won, expectedVersion: 1, actorId: ids.rep, edit: { kind: "assign", contactId: ids.ana, role: "economic_buyer" } });
    await db.insert(auditLog).values({ userId: ids.admin, entity: "sla_breach", entityId: `opportunity:${ids.openStay}`, field: "dismissed", newValue: "Waiting on legal" });
    await db.insert(opportunityChanges).values([
      { opportunityId: ids.won, field: "amount", oldValue: "25000.00", newValue: "30000.00", changedAt: at("2026-02-15"), source: "seed" },
      { opportunityId: ids.won, field: "stage", oldValue: "2", newValue: "3", changedAt: at("2026-03-01"), source: "import" },
      { opportunityId: ids.won, field: "forecast_category", oldValue: null, newValue: "commit", changedAt: at("2026-03-05"), source: "edit", changedBy: ids.admin },
    ]);
    // The edit's audit entry repeats the change history's row: read once.
    await db.insert(auditLog).values({ userId: ids.admin, entity: "opportunity", entityId: String(ids.won), field: "forecast_category", newValue: "commit", at: at("2026-03-05") });
  });
  afterAll(() => t.drop());

  it("reads a deal's facts, and a deal without amount, account, owner or dates as blanks", async () => {
    const db = t.handle.db;
    expect(await dealFacts(db, ids.won)).toMatchObject({
      name: "Acme platform",
      account: { id: ids.acme, name: "Acme" },
      owner: { id: ids.rep, name: "Riley Rep" },
      accountOwnerId: ids.rep,
      stage: { name: "Closed Won", probability: 100 },
      status: "won",
      amount: "30000.00",
      createdAt: at("2026-02-01"),
      qualifiedAt: at("2026-02-01"),
      expectedCloseDate: "2026-04-30",
      closedAt: at("2026-03-20"),
      source: "Inbound",
      segment: "Mid-Market",
      type: "New Business",
      useCase: "Forecasting",
      winReason: "Product fit",
      winReasonRaw: "they loved the forecasting",
      competitor: "Clari",
      competitorRaw: "clari.com",
      lossReason: null,
      forecastCategory: null,
      version: 1,
    });
    expect(await dealFacts(db, ids.bare)).toMatchObject({
      account: null,
      owner: null,
      accountOwnerId: null,
      amount: null,
      qualifiedAt: null,
      expectedCloseDate: null,
      closedAt: null,
      source: null,
      stage: { name: "Discovery" },
    });
    expect(await dealExists(db, ids.won)).toBe(true);
    expect(await dealExists(db, 999_999)).toBe(false);
    await expect(dealFacts(db, 999_999)).rejects.toThrow(NotFoundError);
    await expect(dealFacts(db, 999_999)).rejects.toThrow("There is no deal #999999.");
  });

  it("gives each stay its days against the stage's expected days, flags the overdue ones and marks the current stage", async () => {
    const db = t.handle.db;
    const now = at("2026-03-10");
    const won = stageTimeline(await dealStageStays(db, ids.won, now), "won");
    expect(won.rows.map((r) => [r.stage, r.days, r.expectedDays, r.overdue, r.current])).toEqual([
      ["Discovery", 9, 14, false, false],
      ["Solution Demo", 19, 14, true, false],
      ["Proposal", 19, 21, false, false],
      ["Closed Won", null, null, false, false],
    ]);
    expect(won.rows[1]!.overBy).toBe(5);
    expect(won.totalDays).toBe(47);
    expect(won.overdueStages).toBe(1);
    // The longest bar or expected mark is the scale: Proposal's 21 expected days.
    expect(won.rows[2]!.expectedMark).toBe(1);
    expect(won.rows[0]!.bar).toBeCloseTo(9 / 21, 10);

    // An open deal's stay runs until now: 28 days in Discovery, 14 over.
    const open = stageTimeline(await dealStageStays(db, ids.open, now), "open");
    expect(open.rows).toHaveLength(1);
    expect(open.rows[0]).toMatchObject({ stage: "Discovery", days: 28, current: true, overdue: true, overBy: 14 });
    // A deal with no history has an empty timeline, not an error.
    expect(stageTimeline(await dealStageStays(db, ids.bare, now), "open")).toEqual({ rows: [], totalDays: null, overdueStages: 0 });
  });

  for (const basis of ["pipeline", "revenue"] as const) {
    it(`credits each touch as the pure models do, and each model's credit adds up to the deal's amount (${basis})`, async () => {
      const db = t.handle.db;
      const touches = await touchCredits(db, { opportunityId: ids.won, basis });
      const conversion = basis === "pipeline" ? at("2026-02-01") : at("2026-03-20");
      expect(touches.map((x) => x.channel)).toEqual(basis === "pipeline" ? ["podcast", "search", "event", "content", "linkedin"] : ["podcast", "search", "event", "content", "linkedin", "email"]);
      expect(touches[1]!.createsLead).toBe(true);
      expect(touches[2]).toMatchObject({ campaign: "Summit", type: "webinar", contactName: "Ben Ode" });

      const credited = creditTouches("30000.00", touches);
      const report = await attributionAggregates(db, {
        from: conversion.toISOString().slice(0, 10),
        to: conversion.toISOString().slice(0, 10),
        timeZone: "UTC",
        basis,
      });
      // Only this deal converts that day: the report's credit is this deal's.
      expect(report.totals).toMatchObject({ deals: 1, attributedDeals: 1, attributedAmount: "30000.00" });
      for (const model of attributionModels) {
        const pure = attributionWeights(model, touches, conversion);
        touches.forEach((x, i) => expect(Number(x.shares[model]), `${model} touch ${i}`).toBeCloseTo(pure[i]!, 10));
        const cents = credited.reduce((sum, c) => sum + decimalToUnits(c.credit![model], 2), 0n);
        expect(cents, model).toBe(3_000_000n);
        const channels = creditByChannel(credited);
        expect(channels.reduce((sum, c) => sum + decimalToUnits(c.credit![model], 2), 0n), model).toBe(3_000_000n);
        for (const { channel, touches: n, credit } of channels) {
          const theirs = report.credits.filter((r) => r.channel === channel).reduce((sum, r) => sum + Number(r[model]), 0);
          // Each touch's credit is in whole cents: a channel's differs from the exact one by under a cent a touch.
          expect(Math.abs(Number(credit![model]) - theirs), `${model} ${channel}`).toBeLessThan(0.01 * n);
        }
      }
    });
  }

  it("credits shares but no money on a deal without an amount, and nothing on a deal without touches or not won", async () => {
    const db = t.handle.db;
    const unpriced = creditTouches(null, await touchCredits(db, { opportunityId: ids.unpriced, basis: "pipeline" }));
    expect(unpriced.length).toBe(5);
    for (const c of unpriced) expect(c.credit).toBeNull();
    for (const model of attributionModels) expect(unpriced.reduce((sum, c) => sum + c.share[model], 0)).toBeCloseTo(1, 10);
    expect(await touchCredits(db, { opportunityId: ids.bare, basis: "pipeline" })).toEqual([]);
    expect(await touchCredits(db, { opportunityId: ids.open, basis: "revenue" })).toEqual([]);
  });

  it("reads the deal's self-reported answer, its map and its history", async () => {
    const db = t.handle.db;
    expect(await dealAnswers(db, ids.won)).toMatchObject([{ answer: "Heard you on The Pipeline Show", channel: "podcast", overridden: false, contactName: "Ana Lopez" }]);
    expect(await dealAnswers(db, ids.open)).toEqual([]);

    const map = await dealBuyingGroup(db, ids.won);
    expect(map!.deal).toMatchObject({ name: "Acme platform", stage: "Closed Won", ownerName: "Riley Rep", version: 2 });
    expect(map!.deal.contacts.map((c) => [c.name, c.role])).toEqual([["Ana Lopez", "economic_buyer"]]);
    expect(map!.candidates.map((c) => c.name)).toEqual(["Ben Ode", "Cleo Diaz"]);
    expect(map!.account).toMatchObject({ id: ids.acme, ownerId: ids.rep });
    expect(await dealBuyingGroup(db, ids.bare)).toBeNull();
    await expect(dealBuyingGroup(db, 999_999)).rejects.toThrow(NotFoundError);

    expect(await dealHistory(db, ids.won)).toMatchObject([
      { by: "Riley Rep", what: "Acme platform: Ana Lopez's role", field: null, from: null, to: "Economic Buyer" },
      { by: "Avery Admin", what: "forecast category", field: "forecast_category", from: null, to: "commit", at: at("2026-03-05") },
      { by: "An import", what: "stage", field: "stage", from: "Solution Demo", to: "Proposal" },
      { by: "The CRM", what: "amount", field: "amount", from: "25000.00", to: "30000.00" },
    ]);
    expect(await dealHistory(db, ids.won)).toHaveLength(4);
    expect(await dealHistory(db, ids.open)).toMatchObject([{ by: "Avery Admin", what: "the overdue update of Discovery (breach dismissed)", from: null, to: "Waiting on legal" }]);
    expect(await dealHistory(db, ids.bare)).toEqual([]);
  });
});
