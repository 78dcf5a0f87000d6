import { defaultStallSettings } from "@/lib/win-loss/stalls";
/**
 * The win/loss view (docs/metrics.md §9) against a hand-built set of deals closed in Q3 2026, with
 * every answer worked out below; and each figure's /deals link, whose list total must equal it.
 * Stage ids: 1 Discovery, 2 Solution Demo, 3 Proposal, 6 Closed Won, 7 Closed Lost. Tiers of deal
 * size: < 10,000 | 10,000–50,000 | ≥ 50,000.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, contacts, opportunities, opportunityContacts, opportunityStageHistory, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { winLossDealsHref } from "@/lib/deals/drill-down";
import { parseDealsRequest, type DealFilters } from "@/lib/deals/request";
import { velocityContext } from "@/lib/velocity/report";
import { buildWinLossReport, type WinLossReport } from "@/lib/win-loss/report";
import { groupDeals, type WinLossRequest } from "@/lib/win-loss/request";
import { dealTotals, type DealContext } from "./deals";

const ALICE = 1;
const BOB = 2;
const at = (s: string) => new Date(s.length === 10 ? `${s}T12:00:00Z` : s);

interface Deal {
  id: number;
  owner: number;
  account: number | null;
  segment: string | null;
  amount: string | null;
  status: "open" | "won" | "lost";
  closed?: string;
  winReason?: string;
  /** A reason or competitor as given, that no taxonomy entry maps: kept raw, label null. */
  winRaw?: string;
  lossReason?: string;
  lossRaw?: string;
  competitor?: string;
  competitorRaw?: string;
  /** The open stage a lost deal left for Closed Lost. */
  lostAt?: number;
}

// Accounts: 1 Apex (Software, Tier 1), 2 Birch (Healthcare, Tier 2), 3 Cobalt (no industry, no tier).
const deals: Deal[] = [
  { id: 1, owner: ALICE, account: 1, segment: "Enterprise", amount: "20000.00", status: "won", closed: "2026-07-10", winReason: "Faster time to value", competitor: "Forecastly" },
  { id: 2, owner: BOB, account: 2, segment: "Mid-market", amount: "15000.00", status: "won", closed: "2026-08-01", winReason: "Faster time to value", competitor: "Forecastly" },
  { id: 3, owner: ALICE, account: 3, segment: "SMB", amount: null, status: "won", closed: "2026-08-20", winRaw: "great onboarding" },
  { id: 4, owner: BOB, account: 1, segment: "Enterprise", amount: "30000.00", status: "won", closed: "2026-09-05", competitor: "PipeIQ" },
  { id: 5, owner: ALICE, account: 1, segment: "Enterprise", amount: "40000.00", status: "lost", closed: "2026-07-15", lossReason: "Price", competitor: "PipeIQ", lostAt: 3 },
  { id: 6, owner: BOB, account: 2, segment: "Mid-market", amount: "25000.00", status: "lost", closed: "2026-08-10", lossReason: "Price", competitor: "PipeIQ", lostAt: 3 },
  { id: 7, owner: BOB, account: 2, segment: "Mid-market", amount: "10000.00", status: "lost", closed: "2026-09-01", lossReason: "Price", lostAt: 3 },
  { id: 8, owner: ALICE, account: 3, segment: "SMB", amount: "5000.00", status: "lost", closed: "2026-07-20", lossReason: "No budget", lostAt: 1 },
  { id: 9, owner: ALICE, account: 3, segment: "SMB", amount: null, status: "lost", closed: "2026-08-25", competitor: "Forecastly", lostAt: 2 },
  // No account, no segment, no stage history before Closed Lost; reason and competitor not mapped.
  { id: 10, owner: BOB, account: null, segment: null, amount: "8000.00", status: "lost", closed: "2026-09-29", lossRaw: "too pricey", competitorRaw: "Acme CRM" },
  // Outside the period: Q2 (in the competitor trend), Q4 (after the period's quarter), and an open deal.
  { id: 11, owner: ALICE, account: 1, segment: "Enterprise", amount: "99999.00", status: "lost", closed: "2026-06-30", lossReason: "Price", competitor: "PipeIQ", lostAt: 3 },
  { id: 12, owner: ALICE, account: 1, segment: "Enterprise", amount: "7000.00", status: "won", closed: "2026-10-01", winReason: "Peer reference", competitor: "Forecastly" },
  { id: 13, owner: BOB, account: 2, segment: "Mid-market", amount: "12000.00", status: "open", competitor: "PipeIQ" },
];

const q3: WinLossRequest = { preset: "custom", period: { from: "2026-07-01", to: "2026-09-30" }, filters: {} };
const dealContext: DealContext = { timeZone: "UTC", today: "2026-10-15", now: at("2026-10-15"), tierBounds: [10_000, 50_000], stalls: defaultStallSettings };

describe.each(testDrivers())("win/loss on %s", (driver) => {
  let t: TestDatabase;
  let report: WinLossReport;
  /** The totals of a /deals link's list, read as the page reads it. */
  const listOf = async (href: string) => {
    const parsed = parseDealsRequest(Object.fromEntries(new URL(href, "http://x").searchParams), dealContext.today);
    if (!parsed.ok) throw new Error(parsed.error);
    return dealTotals(t.handle.db, parsed.request.filters, dealContext);
  };
  const drill = (filters: DealFilters) => listOf(winLossDealsHref(q3, filters));

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    const db = t.handle.db;
    await db.insert(users).values([
      { id: ALICE, email: "alice@example.com", name: "Alice Rep", role: "sales", passwordHash: "x" },
      { id: BOB, email: "bob@example.com", name: "Bob Rep", role: "sales", passwordHash: "x" },
    ]);
    await db.insert(accounts).values([
      { id: 1, name: "Apex", industry: "Software", abmTier: "tier_1" },
      { id: 2, name: "Birch", industry: "Healthcare", abmTier: "tier_2" },
      { id: 3, name: "Cobalt" },
    ]);
    await db.insert(opportunities).values(
      deals.map((d) => ({
        id: d.id,
        name: `Deal ${d.id}`,
        accountId: d.account,
        ownerId: d.owner,
        segment: d.segment,
        amount: d.amount,
        stageId: d.status === "won" ? 6 : d.status === "lost" ? 7 : 2,
        status: d.status,
        createdAt: at("2026-04-01"),
        qualifiedAt: at("2026-04-01"),
        closedAt: d.closed ? at(d.closed) : null,
        winReason: d.winReason ?? null,
        winReasonRaw: d.winReason ?? d.winRaw ?? null,
        lossReason: d.lossReason ?? null,
        lossReasonRaw: d.lossReason ?? d.lossRaw ?? null,
        competitor: d.competitor ?? null,
        competitorRaw: d.competitor ?? d.competitorRaw ?? null,
      })),
    );
    await db.insert(opportunityStageHistory).values(
      deals.flatMap((d) => {
        const end = d.status === "won" ? 6 : d.status === "lost" ? 7 : 2;
        const before = d.lostAt ? [{ opportunityId: d.id, stageId: d.lostAt, enteredAt: at("2026-04-01"), exitedAt: at(d.closed!) }] : [];
        return [...before, { opportunityId: d.id, stageId: end, enteredAt: d.closed ? at(d.closed) : at("2026-04-01"), exitedAt: null }];
      }),
    );
    // Deal 1 multi-threaded (3 engaged), deal 5 two engaged (neither); the rest single-threaded.
    await db.insert(contacts).values([1, 2, 3].map((id) => ({ id, name: `Contact ${id}`, accountId: 1 })));
    await db.insert(opportunityContacts).values([
      { opportunityId: 1, contactId: 1, status: "engaged" },
      { opportunityId: 1, contactId: 2, status: "active" },
      { opportunityId: 1, contactId: 3, status: "engaged" },
      { opportunityId: 5, contactId: 1, status: "engaged" },
      { opportunityId: 5, contactId: 2, status: "engaged" },
    ]);
    report = await buildWinLossReport(db, q3, await velocityContext(db));
  });
  afterAll(() => t.drop());

  it("counts the period's closed deals: 4 won, 6 lost, 88,000.00 lost", async () => {
    expect(report).toMatchObject({ won: 4, lost: 6, lostAmount: "88000.00" });
    expect(report.winRate.rate).toBe(0.4);
    expect(await drill({})).toMatchObject({ deals: 10 });
    expect(await drill({ status: "lost" })).toEqual({ deals: 6, amount: "88000.00", withoutAmount: 1 });
  });

  it("names the reasons we win and lose, with shares, money, the unmapped text and the deals with none", async () => {
    const win = report.winReasons;
    expect(win.top.map((r) => [r.reason, r.mapped, r.deals, r.amount, r.share.rate])).toEqual([
      ["Faster time to value", true, 2, "35000.00", 0.5],
      ["great onboarding", false, 1, "0", 0.25],
    ]);
    expect(win.none).toMatchObject({ deals: 1, amount: "30000.00" });
    const loss = report.lossReasons;
    // Ties in deals: more money first (8,000 before 5,000).
    expect(loss.top.map((r) => [r.reason, r.deals, r.amount])).toEqual([
      ["Price", 3, "75000.00"],
      ["too pricey", 1, "8000.00"],
      ["No budget", 1, "5000.00"],
    ]);
    expect(loss.none).toMatchObject({ deals: 1, amount: "0", withoutAmount: 1 });
    expect(report.pareto.map((b) => [b.reason, b.amount, Number(b.cumulativeShare.toFixed(4))])).toEqual([
      ["Price", 75000, 0.8523],
      ["too pricey", 8000, 0.9432],
      ["No budget", 5000, 1],
      [null, 0, 1],
    ]);

    for (const r of [...win.top, win.none!]) expect(await drill({ status: "won", winReason: r.reason }), String(r.reason)).toMatchObject({ deals: r.deals, amount: r.amount });
    for (const r of [...loss.top, loss.none!]) expect(await drill({ status: "lost", lossReason: r.reason }), String(r.reason)).toMatchObject({ deals: r.deals, amount: r.amount });
  });

  it("gives the win rate of each group, marks every group here too small to judge, and each group opens its deals", async () => {
    const of = (dimension: string) =>
      report.winRates.find((t) => t.dimension === dimension)!.rows.map((r) => [r.label, r.won, r.won + r.lost]);
    expect(of("segment")).toEqual([["Enterprise", 2, 3], ["Mid-market", 1, 3], ["SMB", 1, 3], ["(not set)", 0, 1]]);
    expect(of("competitor")).toEqual([["Forecastly", 2, 3], ["PipeIQ", 1, 3], ["Acme CRM", 0, 1], ["No competitor recorded", 1, 3]]);
    expect(of("owner")).toEqual([["Alice Rep", 2, 5], ["Bob Rep", 2, 5]]);
    expect(of("industry")).toEqual([["Healthcare", 1, 3], ["Software", 2, 3], ["(not set)", 1, 4]]);
    expect(of("abmTier")).toEqual([["Tier 1", 2, 3], ["Tier 2", 1, 3], ["Not in the ABM program", 1, 4]]);
    expect(of("dealSizeTier")).toEqual([["$10.0K – $50.0K", 3, 6], ["< $10.0K", 0, 2], ["No amount", 1, 2]]);
    expect(of("threading")).toEqual([["Single-threaded", 3, 8], ["Multi-threaded", 1, 1], ["2 contacts engaged", 0, 1]]);
    expect(report.winRates.every((t) => t.rows.every((r) => r.tooSmallToJudge))).toBe(true);

    for (const table of report.winRates) {
      for (const r of table.rows) {
        const deals = groupDeals(table.dimension, r.key);
        expect((await drill(deals)).deals, `${table.dimension} ${r.label}`).toBe(r.won + r.lost);
        expect((await drill({ ...deals, status: "won" })).deals, `${table.dimension} ${r.label} won`).toBe(r.won);
      }
    }
  });

  it("gives each competitor its deals met, win rate, money lost and the last four quarters", async () => {
    expect(report.competitors.map((c) => [c.key, c.met, c.won, c.lostAmount, c.lostWithoutAmount])).toEqual([
      ["Forecastly", 3, 2, "0", 1],
      ["PipeIQ", 3, 1, "65000.00", 0],
      ["Acme CRM", 1, 0, "8000.00", 0],
      [null, 3, 1, "15000.00", 0],
    ]);
    const pipeIq = report.competitors.find((c) => c.key === "PipeIQ")!;
    // Q2 holds deal 11 (lost); Q4 2026's win against Forecastly is after the period's quarter.
    expect(pipeIq.trend.map((q) => [q.label, q.winRate.hits, q.winRate.n])).toEqual([
      ["Q4 2025", 0, 0],
      ["Q1 2026", 0, 0],
      ["Q2 2026", 0, 1],
      ["Q3 2026", 1, 3],
    ]);
    expect(report.competitors[0]!.trend.map((q) => q.winRate.n)).toEqual([0, 0, 0, 3]);

    for (const c of report.competitors) {
      expect((await drill({ competitor: c.key })).deals, String(c.key)).toBe(c.met);
      expect(await drill({ competitor: c.key, status: "lost" }), String(c.key)).toMatchObject({ deals: c.lost, amount: c.lostAmount, withoutAmount: c.lostWithoutAmount });
    }
  });

  it("compares won with lost deals on cycle, contacts engaged, roles covered and touches", async () => {
    const fact = (name: string) => report.facts.find((f) => f.fact === name)!;
    // Created Apr 1; won after 100, 122, 141 and 157 days; lost after 105, 131, 153, 110, 146 and 181.
    expect(fact("cycleDays").won).toMatchObject({ n: 4, mean: 130 });
    expect(fact("cycleDays").lost!.mean).toBeCloseTo(826 / 6, 9);
    expect(fact("cycleDays").test!.difference).toBeCloseTo(130 - 826 / 6, 9);
    // Deal 1 has 3 contacts engaged, deal 5 two; none has a role or a touch.
    expect(fact("engagedContacts").won!.mean).toBe(0.75);
    expect(fact("engagedContacts").lost!.mean).toBeCloseTo(2 / 6, 9);
    expect(fact("rolesCovered").test).toEqual({ difference: 0, t: null, df: null, beyondNoise: false });
    expect(fact("touches").won).toEqual({ n: 4, mean: 0, variance: 0 });
  });

  it("says where deals die, largest first, and each point opens its deals", async () => {
    expect(report.lossPoints.map((p) => [p.sentence, p.deals, p.amount])).toEqual([
      ["Lost at Proposal on Price, Mid-market", 2, "35000.00"],
      ["Lost at Proposal on Price, Enterprise", 1, "40000.00"],
      ["Lost at an unknown stage on too pricey, no segment", 1, "8000.00"],
      ["Lost at Discovery on No budget, SMB", 1, "5000.00"],
      ["Lost at Solution Demo with no reason recorded, SMB", 1, "0"],
    ]);
    for (const p of report.lossPoints) {
      expect(await drill({ status: "lost", lostAt: p.stageId, lossReason: p.reason, segment: p.segment }), p.sentence).toMatchObject({ deals: p.deals, amount: p.amount });
    }
  });
});
