import { defaultStallSettings } from "@/lib/win-loss/stalls";
/**
 * The case-study library against a hand-built book, on PGlite and PostgreSQL: matches, gaps ranked
 * by the open pipeline they hold, the deal list's `proof` filter (its totals equal the figures),
 * sending a story (owner only, once a day) and the win rate of deals sent a story or not.
 *
 * Stories: Fintech Mid-market lead routing against PipeIQ (helps at Solution Demo);
 *          Healthcare Enterprise forecasting (helps at Proposal).
 * Open deals:
 *   Fintech lead routing   Fintech, 450 employees, Lead routing vs PipeIQ, Solution Demo, 10,000  → Fintech story, 11 points
 *   Healthcare forecast    Healthcare, 2,000 employees, Proposal, 20,000                          → Healthcare story, 6 points
 *   Retail small           Retail, 50 employees, Analytics, 30,000                                → gap "Retail · SMB · Analytics"
 *   Retail no amount       Retail, segment SMB, Analytics, no amount                               → the same gap
 *   Logistics big          Logistics, 5,000 employees, Routing, 50,000                             → gap "Logistics · Enterprise · Routing"
 * Gaps by money: Logistics (1 deal, 50,000), then Retail (2 deals, 30,000, 1 without an amount).
 * Closed in 2026-Q4: sent before closing: won, won, lost → 2 of 3; not sent: won, lost, lost, and a
 * lost deal sent its story only after it closed → 1 of 4.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/index";
import { accounts, caseStudies, opportunities, proofSends, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { dealTotals, listDeals, type DealContext } from "./deals";
import { setDealProfile } from "./opportunity-changes";
import { addStory, dealProof, deleteStory, proofGaps, proofStates, proofWinCounts, sendProof, updateStory, type StoryFields } from "./proof";

const now = new Date("2026-12-01T12:00:00Z");
const day = 86_400_000;
const dealContext: DealContext = { timeZone: "UTC", today: "2026-12-01", now, tierBounds: [], stalls: defaultStallSettings };
const blank: StoryFields = { title: "", customerName: "", industry: null, sizeBand: null, useCase: null, competitor: null, objection: null, stageId: null, summary: "", url: null };

describe.each(testDrivers())("case-study proof on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  let dana: number;
  let sam: number;
  let fintechStory: number;
  let healthcareStory: number;
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
    const stories = await db.insert(caseStudies).values([
      { title: "Fintech story", customerName: "Bluepeak", industry: "Fintech", sizeBand: "mid_market", useCase: "Lead routing", competitor: "PipeIQ", stageId: 2 },
      { title: "Healthcare story", customerName: "Carewell", industry: "Healthcare", sizeBand: "enterprise", useCase: "Forecasting", stageId: 3 },
    ]).returning();
    const open: [string, string, number | null, string | null, string, string | null, number, string | null][] = [
      ["Fintech lead routing", "Fintech", 450, null, "Lead routing", "PipeIQ", 2, "10000.00"],
      ["Healthcare forecast", "Healthcare", 2000, null, "Other", null, 3, "20000.00"],
      ["Retail small", "Retail", 50, null, "Analytics", null, 1, "30000.00"],
      ["Retail no amount", "Retail", null, "SMB", "Analytics", null, 1, null],
      ["Logistics big", "Logistics", 5000, null, "Routing", null, 1, "50000.00"],
    ];
    [fintechStory, healthcareStory] = stories.map((st) => st.id) as [number, number];
    for (const [name, industry, employees, segment, useCase, competitor, stageId, amount] of open) {
      const [account] = await db.insert(accounts).values({ name: `${name} Inc`, industry, employees }).returning();
      const [deal] = await db.insert(opportunities).values({ name, accountId: account!.id, ownerId: dana, segment, useCase, competitor, stageId, amount, createdAt: new Date(now.getTime() - 30 * day) }).returning();
      ids.set(name, deal!.id);
    }
    const closed: [string, "won" | "lost", "before" | "after" | null][] = [
      ["Sent won 1", "won", "before"],
      ["Sent won 2", "won", "before"],
      ["Sent lost", "lost", "before"],
      ["Not sent won", "won", null],
      ["Not sent lost 1", "lost", null],
      ["Not sent lost 2", "lost", null],
      ["Sent after it lost", "lost", "after"],
    ];
    for (const [name, status, sent] of closed) {
      const closedAt = new Date("2026-11-15T12:00:00Z");
      const [deal] = await db
        .insert(opportunities)
        .values({ name, ownerId: dana, stageId: status === "won" ? 6 : 7, status, amount: "1000.00", createdAt: new Date("2026-09-01T00:00:00Z"), closedAt })
        .returning();
      if (sent) await db.insert(proofSends).values({ opportunityId: deal!.id, caseStudyId: fintechStory, sentBy: dana, sentAt: new Date(closedAt.getTime() + (sent === "before" ? -5 : 5) * day) });
    }
  });
  afterAll(() => t.drop());

  it("matches each open deal's best stories with their reasons, and flags a deal none reaches", async () => {
    const stage = (id: number) => `stage ${id}`;
    const fintech = await dealProof(db, ids.get("Fintech lead routing")!, stage);
    expect(fintech.gap).toBe(false);
    expect(fintech.matches.map((m) => [m.story.title, m.score, m.reasons.length])).toEqual([["Fintech story", 11, 5]]);
    expect((await dealProof(db, ids.get("Healthcare forecast")!, stage)).matches.map((m) => [m.story.title, m.score])).toEqual([["Healthcare story", 6]]);
    expect((await dealProof(db, ids.get("Retail small")!, stage)).gap).toBe(true);
  });

  it("ranks the gaps by the open pipeline they hold, and the deal list's proof filter holds as many deals as the figures", async () => {
    const gaps = await proofGaps(db);
    expect(gaps.map((g) => [g.profile.industry, g.profile.sizeBand, g.deals, g.amount, g.withoutAmount])).toEqual([
      ["Logistics", "enterprise", 1, "50000.00", 0],
      ["Retail", "smb", 2, "30000.00", 1],
    ]);
    const states = await proofStates(db);
    expect(states.gap.length).toBe(gaps.reduce((n, g) => n + g.deals, 0));
    expect(states.unsent.sort()).toEqual([ids.get("Fintech lead routing"), ids.get("Healthcare forecast")].sort());
    for (const proof of ["gap", "unsent"] as const) {
      const context = { ...dealContext, proof: states };
      const rows = await listDeals(db, { filters: { proof }, sort: "name", descending: false, limit: 50, offset: 0 }, context);
      expect((await dealTotals(db, { proof }, context)).deals, proof).toBe(states[proof].length);
      expect(rows.map((r) => r.id).sort()).toEqual([...states[proof]].sort());
    }
    const totals = await dealTotals(db, { proof: "gap" }, { ...dealContext, proof: states });
    expect(totals.amount).toBe("80000.00");
  });

  it("closes a gap when marketing adds a story for it, and keeps edits to the version they started from", async () => {
    const story = await addStory(db, { ...blank, title: "Retail analytics", customerName: "Shopline", industry: "Retail", sizeBand: "smb", useCase: "Analytics" }, dana);
    expect((await proofGaps(db)).map((g) => g.profile.industry)).toEqual(["Logistics"]);
    const edited = await updateStory(db, { id: story.id, version: 1, fields: { ...blank, title: "Retail analytics", customerName: "Shopline", industry: "Grocery", sizeBand: "smb", useCase: "Analytics" } }, dana);
    expect(edited.version).toBe(2);
    // Size and use case alone are 4 points: still a match.
    expect((await proofGaps(db)).map((g) => g.profile.industry)).toEqual(["Logistics"]);
    await expect(updateStory(db, { id: story.id, version: 1, fields: { ...blank, title: "Stale", customerName: "Shopline" } }, dana)).rejects.toThrow(/changed by someone else/);
    await expect(deleteStory(db, { id: story.id, version: 1 }, dana)).rejects.toThrow(/changed by someone else/);
    await deleteStory(db, { id: story.id, version: 2 }, dana);
    expect((await proofGaps(db)).map((g) => g.profile.industry)).toEqual(["Logistics", "Retail"]);
  });

  it("logs a story sent by the deal's owner once a day, and the deal then has no unsent match", async () => {
    const deal = ids.get("Healthcare forecast")!;
    await expect(sendProof(db, { opportunityId: deal, caseStudyId: healthcareStory, user: { id: sam, role: "sales" } }, now)).rejects.toThrow(/owner or an admin/);
    expect(await sendProof(db, { opportunityId: deal, caseStudyId: healthcareStory, user: { id: dana, role: "sales" } }, now)).toEqual({ sentAt: now });
    await expect(sendProof(db, { opportunityId: deal, caseStudyId: healthcareStory, user: { id: dana, role: "sales" } }, new Date(now.getTime() + 3600_000))).rejects.toThrow(/less than a day ago/);
    expect(await sendProof(db, { opportunityId: deal, caseStudyId: healthcareStory, user: { id: dana, role: "sales" } }, new Date(now.getTime() + day + 1))).toEqual({ sentAt: new Date(now.getTime() + day + 1) });
    expect((await dealProof(db, deal, String)).matches[0]!.lastSent).toMatchObject({ sentBy: "Dana Rep" });
    expect((await proofStates(db, dana)).unsent).toEqual([ids.get("Fintech lead routing")]);
    expect(await proofStates(db, sam)).toEqual({ gap: [], unsent: [] });
  });

  it("counts the closed deals that got a story before they closed against those that did not", async () => {
    expect(await proofWinCounts(db, { from: "2026-10-01", to: "2026-12-31", timeZone: "UTC" })).toEqual({ sent: { won: 2, lost: 1 }, notSent: { won: 1, lost: 3 } });
  });

  it("scores the objection the deal's owner records: a story answering it closes the deal's gap", async () => {
    const deal = ids.get("Logistics big")!;
    const story = await addStory(db, { ...blank, title: "Migration story", customerName: "Oldsys", sizeBand: "enterprise", objection: "Migration risk from the old system", stageId: 1 }, dana);
    // Size and stage are 3 points: still a gap.
    expect((await dealProof(db, deal, String)).gap).toBe(true);
    expect((await dealProof(db, deal, String)).vocabulary.objection).toEqual(["Migration risk from the old system"]);
    await setDealProfile(db, { opportunityId: deal, useCase: "Routing", objection: "  migration risk from the OLD system", version: 1, user: { id: dana, role: "sales" } }, now);
    const proof = await dealProof(db, deal, (id) => `stage ${id}`);
    expect(proof.matches.map((m) => [m.story.title, m.score, m.reasons])).toEqual([
      ["Migration story", 5, ["Answers the objection: Migration risk from the old system", "Similar size: Enterprise", "Helps at stage 1, the deal's stage"]],
    ]);
    expect((await proofGaps(db)).map((g) => g.profile.industry)).not.toContain("Logistics");
    expect((await proofStates(db)).gap).not.toContain(deal);
    await deleteStory(db, { id: story.id, version: 1 }, dana);
  });
});
