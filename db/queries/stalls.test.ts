/**
 * The playbook's stall patterns on a hand-built book, each at its edge, on PGlite and PostgreSQL:
 * the deal page's patterns, the deal list's `stall` filter (its total equals the count), marking a
 * tactic done, and the acceleration report. Default thresholds (lib/win-loss/stalls.ts): champion
 * dark after 21 days; Contract Sent (5) over 14 days; Proposal (3) or later quiet for 14 days;
 * the close date pushed twice; Proposal or later without an engaged Economic Buyer; next step
 * speaking of budget approval. "Now" is 2026-12-01 12:00 UTC.
 *
 * Worked out:
 *   Dark champion      Discovery, engaged champion last touched 22 days ago      → championDark
 *   Champion at edge   the same, touched exactly 21 days ago                      → none
 *   Champion never in  champion only Identified, touched 40 days ago              → none
 *   Procurement        Contract Sent for 15 days, EB engaged yesterday            → procurement
 *   Procurement edge   Contract Sent for 13 days, EB engaged yesterday            → none
 *   Quiet proposal     Proposal for 20 days, EB last touched 15 days ago          → thinkAboutIt
 *   Touched proposal   the same, but a touch on its account 3 days ago            → none
 *   Pushed twice       close date pushed later twice (and pulled in once)         → competingPriority
 *   Pushed once        pushed once, pulled in once                                → none
 *   No buy-in          Proposal since 2 days, champion engaged, no EB             → missingBuyIn
 *   Budget             Solution Demo, next step "Waiting on BUDGET approval"       → budget
 *   Lost, dark         lost, with a dark champion                                 → none (not open)
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/index";
import { accounts, contacts, opportunities, opportunityChanges, opportunityContacts, opportunityStageHistory, touchpoints, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { ANY_STALL } from "@/lib/deals/request";
import { defaultStallSettings, stallPatterns, type StallPattern } from "@/lib/win-loss/stalls";
import { dealTotals, listDeals, type DealContext } from "./deals";
import { accelerationReport, dealStalls, markStallTacticDone, openStages, stallCounts } from "./stalls";

const now = new Date("2026-12-01T12:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const context = { now, settings: defaultStallSettings };
const dealContext: DealContext = { timeZone: "UTC", today: "2026-12-01", now, tierBounds: [], stalls: defaultStallSettings };

interface Plan {
  name: string;
  stageId: number;
  inStageDays: number;
  status?: "open" | "lost";
  contacts?: { role: "champion" | "economic_buyer"; status: "identified" | "engaged"; touchedDaysAgo: number }[];
  accountTouchDaysAgo?: number;
  closeDates?: string[];
  nextStep?: string;
}

const plans: Plan[] = [
  { name: "Dark champion", stageId: 1, inStageDays: 30, contacts: [{ role: "champion", status: "engaged", touchedDaysAgo: 22 }] },
  { name: "Champion at edge", stageId: 1, inStageDays: 30, contacts: [{ role: "champion", status: "engaged", touchedDaysAgo: 21 }] },
  { name: "Champion never in", stageId: 1, inStageDays: 30, contacts: [{ role: "champion", status: "identified", touchedDaysAgo: 40 }] },
  { name: "Procurement", stageId: 5, inStageDays: 15, contacts: [{ role: "economic_buyer", status: "engaged", touchedDaysAgo: 1 }] },
  { name: "Procurement edge", stageId: 5, inStageDays: 13, contacts: [{ role: "economic_buyer", status: "engaged", touchedDaysAgo: 1 }] },
  { name: "Quiet proposal", stageId: 3, inStageDays: 20, contacts: [{ role: "economic_buyer", status: "engaged", touchedDaysAgo: 15 }] },
  { name: "Touched proposal", stageId: 3, inStageDays: 20, contacts: [{ role: "economic_buyer", status: "engaged", touchedDaysAgo: 15 }], accountTouchDaysAgo: 3 },
  { name: "Pushed twice", stageId: 1, inStageDays: 5, closeDates: ["2026-10-31", "2026-11-30", "2026-11-15", "2026-12-31"] },
  { name: "Pushed once", stageId: 1, inStageDays: 5, closeDates: ["2026-10-31", "2026-11-30", "2026-11-15"] },
  { name: "No buy-in", stageId: 3, inStageDays: 2, contacts: [{ role: "champion", status: "engaged", touchedDaysAgo: 1 }] },
  { name: "Budget", stageId: 2, inStageDays: 3, nextStep: "Waiting on BUDGET approval from the CFO" },
  { name: "Lost, dark", stageId: 7, inStageDays: 10, status: "lost", contacts: [{ role: "champion", status: "engaged", touchedDaysAgo: 60 }] },
];

const expected: Record<string, StallPattern[]> = {
  "Dark champion": ["championDark"],
  Procurement: ["procurement"],
  "Quiet proposal": ["thinkAboutIt"],
  "Pushed twice": ["competingPriority"],
  "No buy-in": ["missingBuyIn"],
  Budget: ["budget"],
};

describe.each(testDrivers())("stall patterns on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  let dana: number;
  let sam: number;
  const ids = new Map<string, number>();

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    const [d, s] = await db
      .insert(users)
      .values([
        { email: "dana@example.com", name: "Dana Rep", role: "sales", passwordHash: "x" },
        { email: "sam@example.com", name: "Sam Seller", role: "sales", passwordHash: "x" },
      ])
      .returning();
    [dana, sam] = [d!.id, s!.id];
    for (const plan of plans) {
      const [account] = await db.insert(accounts).values({ name: `${plan.name} Inc` }).returning();
      const lost = plan.status === "lost";
      const [deal] = await db
        .insert(opportunities)
        .values({
          name: plan.name,
          accountId: account!.id,
          ownerId: dana,
          stageId: plan.stageId,
          status: plan.status ?? "open",
          amount: "10000.00",
          createdAt: daysAgo(90),
          closedAt: lost ? daysAgo(plan.inStageDays) : null,
          nextStep: plan.nextStep ?? null,
        })
        .returning();
      ids.set(plan.name, deal!.id);
      await db.insert(opportunityStageHistory).values({ opportunityId: deal!.id, stageId: plan.stageId, enteredAt: daysAgo(plan.inStageDays) });
      for (const [i, c] of (plan.contacts ?? []).entries()) {
        const [contact] = await db.insert(contacts).values({ name: `${plan.name} contact ${i}`, accountId: account!.id, lastTouchAt: daysAgo(c.touchedDaysAgo) }).returning();
        await db.insert(opportunityContacts).values({ opportunityId: deal!.id, contactId: contact!.id, buyingGroupRole: c.role, status: c.status, lastTouchAt: daysAgo(c.touchedDaysAgo + 1) });
      }
      if (plan.accountTouchDaysAgo !== undefined) {
        await db.insert(touchpoints).values({ accountId: account!.id, channel: "event", type: "webinar_attended", occurredAt: daysAgo(plan.accountTouchDaysAgo) });
      }
      const dates = plan.closeDates ?? [];
      for (let i = 1; i < dates.length; i++) {
        await db.insert(opportunityChanges).values({ opportunityId: deal!.id, field: "expected_close_date", oldValue: dates[i - 1]!, newValue: dates[i]!, changedAt: daysAgo(30 - i), source: "import" });
      }
    }
  });
  afterAll(() => t.drop());

  it("finds each pattern on exactly the deals worked out, at its edges", async () => {
    for (const plan of plans) {
      const found = (await dealStalls(db, ids.get(plan.name)!, context)).map((s) => s.pattern);
      expect(found, plan.name).toEqual(expected[plan.name] ?? []);
    }
  });

  it("lists each pattern's deals, and any pattern's, as many as it counts", async () => {
    const names = async (stall: StallPattern | typeof ANY_STALL) => {
      const rows = await listDeals(db, { filters: { stall }, sort: "name", descending: false, limit: 50, offset: 0 }, dealContext);
      expect((await dealTotals(db, { stall }, dealContext)).deals, stall).toBe(rows.length);
      return rows.map((r) => r.name);
    };
    for (const pattern of stallPatterns) {
      expect(await names(pattern), pattern).toEqual(Object.keys(expected).filter((n) => expected[n]!.includes(pattern)));
    }
    expect(await names(ANY_STALL)).toEqual(Object.keys(expected).sort());
    // The settings page's counts are the lists' totals.
    const counts = await stallCounts(db, context);
    for (const pattern of stallPatterns) expect(counts[pattern], pattern).toBe((await dealTotals(db, { stall: pattern }, dealContext)).deals);
    expect(await openStages(db)).toEqual([
      { id: 1, name: "Discovery" },
      { id: 2, name: "Solution Demo" },
      { id: 3, name: "Proposal" },
      { id: 4, name: "Negotiation" },
      { id: 5, name: "Contract Sent" },
    ]);
  });

  it("reads the thresholds from settings", async () => {
    const stricter = { now, settings: { ...defaultStallSettings, championDarkDays: 30, procurementStageIds: [], pushesBeforeStall: 1, budgetPhrases: [] } };
    expect((await dealStalls(db, ids.get("Dark champion")!, stricter)).map((s) => s.pattern)).toEqual([]);
    expect((await dealStalls(db, ids.get("Procurement")!, stricter)).map((s) => s.pattern)).toEqual([]);
    expect((await dealStalls(db, ids.get("Pushed once")!, stricter)).map((s) => s.pattern)).toEqual(["competingPriority"]);
    expect((await dealStalls(db, ids.get("Budget")!, stricter)).map((s) => s.pattern)).toEqual([]);
    expect((await dealStalls(db, ids.get("Budget")!, { now, settings: { ...stricter.settings, budgetStageIds: [2] } })).map((s) => s.pattern)).toEqual(["budget"]);
  });

  it("lets the owner mark a tactic done once, refuses others and a deal not stalled that way, and times what followed", async () => {
    const dark = ids.get("Dark champion")!;
    const mark = (opportunityId: number, pattern: StallPattern, user = { id: dana, role: "sales" as const }, at = now) =>
      markStallTacticDone(db, { opportunityId, pattern, user }, { ...context, now: at });
    await expect(mark(dark, "championDark", { id: sam, role: "sales" })).rejects.toThrow(/owner or an admin/);
    await expect(mark(dark, "procurement")).rejects.toThrow(/no longer shows “Stuck in legal or procurement”/);
    expect(await mark(dark, "championDark")).toEqual({ doneAt: now });
    // The same mark again within a day (a double click, a replayed request) is refused.
    await expect(mark(dark, "championDark", undefined, new Date(now.getTime() + 3_600_000))).rejects.toThrow(/marked done already/);
    expect((await dealStalls(db, dark, context))[0]).toMatchObject({ pattern: "championDark", doneAt: now, doneBy: "Dana Rep" });

    expect((await accelerationReport(db)).find((r) => r.pattern === "championDark")).toEqual({ pattern: "championDark", done: 1, moved: 0, medianDaysToMove: null });
    // Three days later the deal moves on: the report times it.
    await db.execute(sql`update opportunity_stage_history set exited_at = ${new Date(now.getTime() + 3 * 86_400_000).toISOString()}::timestamptz where opportunity_id = ${dark}`);
    await db.insert(opportunityStageHistory).values({ opportunityId: dark, stageId: 2, enteredAt: new Date(now.getTime() + 3 * 86_400_000) });
    expect((await accelerationReport(db)).find((r) => r.pattern === "championDark")).toEqual({ pattern: "championDark", done: 1, moved: 1, medianDaysToMove: 3 });
  });
});
