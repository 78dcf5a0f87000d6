import { defaultStallSettings } from "@/lib/win-loss/stalls";
/**
 * The ABM SQL (METRICS.md §5) against a hand-built dataset whose answers are worked out here.
 * Stage ids: 1 Discovery … 6 Closed Won, 7 Closed Lost. The period is H1 2026 in UTC.
 *
 * Accounts (fit, intent, tier in force → the rules' suggestion at the defaults 85/70/50, 60/20):
 *   Acme     90, 70, tier 1, engaged champion → tier 1.  Roles 3 identified, 2 engaged, 1 active.
 *   Globex   88, 10, tier 1, champion  → tier 3 (no intent), so it differs.  1 / 1 / 0, last touch 40 days ago.
 *   Initech  75, 30, tier 2            → tier 2.  No contacts.
 *   Umbrella 40, none, no tier         → none.
 *   Hooli    no fit, no tier           → none.
 * Tier 1 engaged in the last 30 days: Acme only → 1 / 2.
 * Deals created in H1: 10,000 + 5,000 + 20,000.50 (+ Globex's open 15,000) on ABM accounts = 50,000.50
 *   of 60,000.50 in all (Umbrella 3,000, Hooli 7,000).
 * Closed in H1, ABM: won 10,000 (59 days) and 20,000.50 (89 days), lost 5,000 → 2 / 3, 15,000.25, 74 days.
 *   Non-ABM: won 3,000 (30 days) and 1,000 (35 days, created in December), lost 7,000 → 2 / 3, 2,000, 32.5 days.
 * Threading: Acme's won deal has 3 engaged contacts (multi, 1 / 1); 2 on Initech's (partial, left out);
 *   the lost Acme deal has 1 and the rest none (single: 2 won of 4).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { accounts, contacts, opportunities, opportunityContacts, scores, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { defaultTierRules, suggestTier } from "@/lib/metrics/abm";
import { abmContext, buildAbmProgram } from "@/lib/abm/program";
import { accountBuyingGroupJson } from "@/lib/abm/account-json";
import { accountPicture } from "@/lib/abm/account-map";
import { orchestrationMarkdown } from "@/lib/reports/buying-group-orchestration";
import { programMarkdown } from "@/lib/reports/abm-program-design";
import { accountRow, countAccounts, listAccounts, setAccountTier, tierCounts } from "./accounts";
import { abmAggregates } from "./abm";
import { workspaceSummary } from "./workspace";
import type { Database } from "@/db/index";
import { createDemoTestDatabase } from "@/db/testing/demo-database";
import { abmDealsHref, accountsHref } from "@/lib/abm/drill-down";
import { parseAccountList } from "@/lib/abm/account-list";
import type { AbmProgram } from "@/lib/abm/program";
import { parseDealsRequest } from "@/lib/deals/request";
import { dealTotals, type DealContext } from "./deals";

const at = (s: string) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s);
const AS_OF = at("2026-06-30T12:00:00Z");
const daysAgo = (d: number) => new Date(AS_OF.getTime() - d * 86_400_000);
const H1 = { from: "2026-01-01", to: "2026-06-30", timeZone: "UTC" };

describe.each(testDrivers())("ABM measures on %s", (driver) => {
  let t: TestDatabase;
  let ids: Record<string, number>;
  let admin: number;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    const db = t.handle.db;
    const [rep, rep2, adm] = await db
      .insert(users)
      .values([
        { email: "rep@example.com", name: "Riley Rep", role: "sales", passwordHash: "x" },
        { email: "rep2@example.com", name: "Reese Rep", role: "sales", passwordHash: "x" },
        { email: "admin@example.com", name: "Avery Admin", role: "admin", passwordHash: "x" },
      ])
      .returning();
    admin = adm!.id;
    const rows = await db
      .insert(accounts)
      .values([
        { name: "Acme", domain: "acme.com", icpFitScore: 90, abmTier: "tier_1", ownerId: rep!.id },
        { name: "Globex", domain: "globex.com", icpFitScore: 88, abmTier: "tier_1", ownerId: rep2!.id, abmTierReason: "Board-level sponsor", abmTierSetBy: adm!.id },
        { name: "Initech", icpFitScore: 75, abmTier: "tier_2", ownerId: rep!.id },
        { name: "Umbrella", icpFitScore: 40, ownerId: rep2!.id },
        { name: "Hooli", ownerId: null },
      ])
      .returning();
    ids = Object.fromEntries(rows.map((r) => [r.name, r.id]));
    await db.insert(scores).values([
      { accountId: ids.Acme!, fit: "90", intent: "20", engagement: "0", readiness: "0", computedAt: daysAgo(20) },
      { accountId: ids.Acme!, fit: "90", intent: "70", engagement: "0", readiness: "0", computedAt: daysAgo(1) },
      { accountId: ids.Globex!, fit: "88", intent: "10", engagement: "0", readiness: "0", computedAt: daysAgo(1) },
      { accountId: ids.Initech!, fit: "75", intent: "30", engagement: "0", readiness: "0", computedAt: daysAgo(1) },
    ]);
    const people = await db
      .insert(contacts)
      .values([
        { accountId: ids.Acme!, name: "Ana", buyingGroupRole: "champion", status: "engaged", lastTouchAt: daysAgo(5) },
        { accountId: ids.Acme!, name: "Ben", buyingGroupRole: "economic_buyer", status: "identified" },
        { accountId: ids.Acme!, name: "Cal", buyingGroupRole: "technical_evaluator", status: "active", lastTouchAt: daysAgo(10) },
        { accountId: ids.Acme!, name: "Dee", buyingGroupRole: null, status: "engaged", lastTouchAt: daysAgo(2) },
        { accountId: ids.Globex!, name: "Gus", buyingGroupRole: "champion", status: "engaged", lastTouchAt: daysAgo(40) },
        { accountId: ids.Initech!, name: "Ivy", buyingGroupRole: null },
        { accountId: ids.Initech!, name: "Jon", buyingGroupRole: null },
      ])
      .returning();
    const person = Object.fromEntries(people.map((p) => [p.name, p.id]));
    const deal = (name: string, account: string, amount: string, created: string, closed: string | null, won = true) => ({
      name,
      accountId: ids[account]!,
      amount,
      createdAt: at(created),
      closedAt: closed ? at(closed) : null,
      status: closed ? (won ? ("won" as const) : ("lost" as const)) : ("open" as const),
      stageId: closed ? (won ? 6 : 7) : 2,
    });
    const deals = await db
      .insert(opportunities)
      .values([
        deal("O1", "Acme", "10000.00", "2026-01-10", "2026-03-10"),
        deal("O2", "Acme", "5000.00", "2026-02-01", "2026-04-01", false),
        deal("O3", "Initech", "20000.50", "2026-02-15", "2026-05-15"),
        deal("O4", "Umbrella", "3000.00", "2026-01-20", "2026-02-19"),
        deal("O5", "Hooli", "7000.00", "2026-03-01", "2026-03-31", false),
        deal("O6", "Globex", "15000.00", "2026-04-01", null),
        deal("O7", "Umbrella", "1000.00", "2025-12-01", "2026-01-05"),
      ])
      .returning();
    const d = Object.fromEntries(deals.map((x) => [x.name, x.id]));
    await db.insert(opportunityContacts).values([
      { opportunityId: d.O1!, contactId: person.Ana!, status: "engaged" },
      { opportunityId: d.O1!, contactId: person.Cal!, status: "active" },
      { opportunityId: d.O1!, contactId: person.Dee!, status: "engaged" },
      { opportunityId: d.O1!, contactId: person.Ben!, status: "identified" },
      { opportunityId: d.O2!, contactId: person.Ana!, status: "engaged" },
      { opportunityId: d.O2!, contactId: person.Ben!, status: "identified" },
      { opportunityId: d.O3!, contactId: person.Ivy!, status: "engaged" },
      { opportunityId: d.O3!, contactId: person.Jon!, status: "active" },
    ]);
  });
  afterAll(() => t.drop());

  it("aggregates Tier 1 engagement, coverage per tier, sourced pipeline, ABM vs non-ABM and threading", async () => {
    const agg = await abmAggregates(t.handle.db, { ...H1, asOf: AS_OF });
    expect(agg.tier1).toEqual({ accounts: 2, engaged: 1 });
    expect(agg.coverage).toEqual([
      { tier: "tier_1", accounts: 2, identified: 4, engaged: 3, active: 1 },
      { tier: "tier_2", accounts: 1, identified: 0, engaged: 0, active: 0 },
    ]);
    expect(agg.created).toEqual({ abmAmount: "50000.50", abmDeals: 4, abmWithoutAmount: 0, allAmount: "60000.50", allDeals: 6, allWithoutAmount: 0 });
    expect(agg.abm).toMatchObject({ won: 2, lost: 1, wonAmount: "30000.50" });
    expect(agg.abm.wonCycleDays).toBeCloseTo(148, 9);
    expect(agg.nonAbm).toMatchObject({ won: 2, lost: 1, wonAmount: "4000.00" });
    expect(agg.nonAbm.wonCycleDays).toBeCloseTo(65, 9);
    expect(agg.threading).toEqual([
      { engagedContacts: 0, won: 2, lost: 1 },
      { engagedContacts: 1, won: 0, lost: 1 },
      { engagedContacts: 2, won: 1, lost: 0 },
      { engagedContacts: 3, won: 1, lost: 0 },
    ]);
  });

  it("turns them into the program's figures", async () => {
    const db = t.handle.db;
    const program = await buildAbmProgram(db, { preset: "custom", period: { from: H1.from, to: H1.to } }, await abmContext(db), AS_OF);
    expect(program.tier1Engagement).toMatchObject({ hits: 1, n: 2, rate: 0.5, meetsTarget: false, smallSample: true });
    expect(program.tiers.map((x) => [x.tier, x.accounts, x.suggested, x.size])).toEqual([
      ["tier_1", 2, 1, "under"],
      ["tier_2", 1, 1, "under"],
      ["tier_3", 0, 1, "under"],
    ]);
    expect(program.outsideProgram).toEqual({ accounts: 2, suggested: 2 });
    expect(program.tiers[0]!.coverage).toEqual({ identified: 2, engaged: 1.5, active: 0.5 });
    expect(program.tiers[2]!.coverage).toBeNull();
    expect(program.sourced.amount).toBe("50000.50");
    expect(program.sourced.share.value).toBeCloseTo(50000.5 / 60000.5, 12);
    expect(program.comparison.abm.winRate.rate).toBeCloseTo(2 / 3, 12);
    expect(program.comparison.abm.averageDealSize.value).toBe(15000.25);
    expect(program.comparison.abm.salesCycleDays.value).toBeCloseTo(74, 9);
    expect(program.comparison.nonAbm.averageDealSize.value).toBe(2000);
    expect(program.comparison.nonAbm.salesCycleDays.value).toBeCloseTo(32.5, 9);
    expect(program.threading.multi).toMatchObject({ hits: 1, n: 1 });
    expect(program.threading.single).toMatchObject({ hits: 2, n: 4, rate: 0.5 });
  });

  it("opens the list behind each count of the program: its total is the count", async () => {
    const db = t.handle.db;
    const program = await buildAbmProgram(db, { preset: "custom", period: { from: H1.from, to: H1.to } }, await abmContext(db), AS_OF);
    const drill = await programDrillDown(db, program, AS_OF);
    // By hand: tiers 2 / 1 / 0 in force, 1 / 1 / 1 suggested, 2 outside and 2 left out; Acme engaged of 2.
    expect(drill.accounts).toEqual({ tier_1: [2, 1], tier_2: [1, 1], tier_3: [0, 1], none: [2, 2], tier1Engaged: 1 });
    // 4 deals created on ABM accounts in H1; 3 closed on ABM accounts and 3 on the others.
    expect(drill.deals).toEqual({ sourced: [4, "50000.50"], closedAbm: 3, closedOther: 3 });
  });

  it("lists accounts with coverage, intent, open pipeline and the suggested tier, filtered and sorted", async () => {
    const db = t.handle.db;
    const list = (filters = {}, sort: "name" | "coverage" | "pipeline" | "tier" = "name", descending = false) =>
      listAccounts(db, { rules: defaultTierRules, filters, sort, descending, limit: 50, offset: 0 });
    const all = await list();
    expect(all.total).toBe(5);
    const acme = all.rows.find((r) => r.name === "Acme")!;
    expect(acme).toMatchObject({ icpFit: 90, intent: 70, hasChampion: true, identified: 3, engaged: 2, active: 1, openPipeline: "0", tier: "tier_1", suggestedTier: "tier_1" });
    const globex = all.rows.find((r) => r.name === "Globex")!;
    expect(globex).toMatchObject({ openPipeline: "15000.00", openDeals: 1, suggestedTier: "tier_3", tierReason: "Board-level sponsor", tierSetBy: "Avery Admin" });
    // The SQL's suggestion is suggestTier's, account by account.
    for (const row of all.rows) expect(row.suggestedTier).toBe(suggestTier({ icpFit: row.icpFit, intent: row.intent, hasChampion: row.hasChampion }));

    expect((await list({ differs: true })).rows.map((r) => r.name)).toEqual(["Globex"]);
    expect((await list({ tier: "none" })).rows.map((r) => r.name)).toEqual(["Hooli", "Umbrella"]);
    expect((await list({ intent: "active" })).rows.map((r) => r.name)).toEqual(["Acme"]);
    expect((await list({ intent: "none" })).rows.map((r) => r.name)).toEqual(["Globex", "Hooli", "Umbrella"]);
    expect((await list({ search: "GLOB" })).rows.map((r) => r.name)).toEqual(["Globex"]);
    expect((await list({ minFit: 80, minCoverage: 1 })).rows.map((r) => r.name)).toEqual(["Acme", "Globex"]);
    // A champion is known where the map has one Engaged or Active; the count is the list's total.
    const withChampion = all.rows.filter((r) => r.hasChampion).map((r) => r.name);
    expect(withChampion).toEqual(["Acme", "Globex"]);
    expect((await list({ champion: "known" })).rows.map((r) => r.name)).toEqual(withChampion);
    expect((await list({ champion: "none" })).rows.map((r) => r.name)).toEqual(all.rows.filter((r) => !r.hasChampion).map((r) => r.name));
    expect(await countAccounts(db, defaultTierRules, { champion: "none" })).toBe(5 - withChampion.length);
    expect(await countAccounts(db, defaultTierRules, { intent: "active" })).toBe(1);
    expect((await list({}, "coverage", true)).rows.map((r) => r.name).slice(0, 2)).toEqual(["Acme", "Globex"]);
    expect((await list({}, "pipeline", true)).rows[0]!.name).toBe("Globex");
    // Tiers in order with the accounts outside the program last, then by id; reversed, those first.
    expect((await list({}, "tier")).rows.map((r) => r.tier)).toEqual(["tier_1", "tier_1", "tier_2", null, null]);
    expect((await list({}, "tier", true)).rows.map((r) => r.tier)).toEqual([null, null, "tier_2", "tier_1", "tier_1"]);
    const page2 = await listAccounts(db, { rules: defaultTierRules, filters: {}, sort: "name", descending: false, limit: 2, offset: 4 });
    expect(page2).toMatchObject({ total: 5, rows: [{ name: "Umbrella" }] });
    expect(await tierCounts(db, defaultTierRules)).toEqual([
      { tier: "tier_1", inForce: 2, suggested: 1 },
      { tier: "tier_2", inForce: 1, suggested: 1 },
      { tier: "tier_3", inForce: 0, suggested: 1 },
      { tier: "none", inForce: 2, suggested: 2 },
    ]);
  });

  it("knows a champion only while the map has one Engaged or Active, and says so in the reasons", async () => {
    const db = t.handle.db;
    const ana = () => db.update(contacts).set({ status: "identified" }).where(eq(contacts.name, "Ana"));
    await ana();
    try {
      expect(await accountRow(db, defaultTierRules, ids.Acme!)).toMatchObject({ hasChampion: false, suggestedTier: "tier_2" });
      expect((await tierCounts(db, defaultTierRules))[0]).toEqual({ tier: "tier_1", inForce: 2, suggested: 0 });
      const picture = await accountPicture(db, ids.Acme!, AS_OF);
      expect(picture.champions).toEqual([]);
      expect(picture.tierReasons[2]).toMatch(/^No known champion/);
      const markdown = orchestrationMarkdown(picture);
      expect(markdown).not.toMatch(/ask .*champion/i);
      expect(markdown).toContain("Identify the Blocker / Influencer: find who owns risk mitigation (there is no engaged Champion to ask yet)");
    } finally {
      await db.update(contacts).set({ status: "engaged" }).where(eq(contacts.name, "Ana"));
    }
    expect(await accountRow(db, defaultTierRules, ids.Acme!)).toMatchObject({ hasChampion: true, suggestedTier: "tier_1" });
  });

  it("sets a tier, asking for a reason when it differs from the suggestion", async () => {
    const db = t.handle.db;
    await expect(setAccountTier(db, { accountId: ids.Initech!, tier: "tier_1", reason: " ", suggested: "tier_2", actorId: admin })).rejects.toThrow(
      "Give a reason when the tier differs from the suggested one.",
    );
    await setAccountTier(db, { accountId: ids.Initech!, tier: "tier_1", reason: "Strategic logo", suggested: "tier_2", actorId: admin });
    expect(await accountRow(db, defaultTierRules, ids.Initech!)).toMatchObject({ tier: "tier_1", suggestedTier: "tier_2", tierReason: "Strategic logo", tierSetBy: "Avery Admin" });
    await setAccountTier(db, { accountId: ids.Initech!, tier: "tier_2", reason: null, suggested: "tier_2", actorId: admin });
    expect(await accountRow(db, defaultTierRules, ids.Initech!)).toMatchObject({ tier: "tier_2", tierReason: "Suggested by the tier rules" });
    await expect(accountRow(db, defaultTierRules, 999_999)).rejects.toThrow("There is no account #999999.");
  });

  it("pictures one account for the page, the API and the orchestration plan", async () => {
    const db = t.handle.db;
    const acme = await accountPicture(db, ids.Acme!, AS_OF);
    const json = accountBuyingGroupJson(acme);
    expect(json.account).toMatchObject({ name: "Acme", tier: "tier_1", suggestedTier: "tier_1", icpFit: 90, intent: 70 });
    expect(json.coverage).toEqual({ identified: 3, engaged: 2, active: 1 });
    // Ben is identified only; End User and Blocker have nobody.
    expect(json.gaps.map((g) => [g.role, g.kind])).toEqual([
      ["economic_buyer", "under_engaged"],
      ["end_user", "missing"],
      ["blocker_influencer", "missing"],
    ]);
    expect(json.contacts.find((c) => c.name === "Ana")).toMatchObject({ role: "champion", status: "engaged", lastTouchAt: daysAgo(5).toISOString() });
    expect(json.deals).toEqual([]);
    const globex = accountBuyingGroupJson(await accountPicture(db, ids.Globex!, AS_OF));
    expect(globex.deals).toMatchObject([{ name: "O6", amount: "15000.00", threading: "single", coverage: { identified: 0, engaged: 0, active: 0 } }]);
    expect(globex.gaps.find((g) => g.role === "champion")).toMatchObject({ kind: "gone_dark", contacts: ["Gus"] });

    const markdown = orchestrationMarkdown(acme);
    expect(markdown).toMatch(/^# Buying-group orchestration: Acme\n/);
    expect(markdown).toContain("**Coverage:** 3/5 identified · 2/5 engaged · 1/5 active.");
    expect(markdown).toContain("| Champion | Ana |  | engaged | none | 2026-06-25 |  |");
    expect(markdown).toContain("| Blocker / Influencer | Missing | Identify the Blocker / Influencer (ask Ana, your Champion, who owns risk mitigation), then send the migration plan, SLA documentation. | Migration plan, SLA documentation |");
    expect(markdown).toContain("**Tier rules, as of now:** ICP fit 90: perfect (85 or more); Intent 70: active (60 or more); Known champion: Ana (engaged on the map).");
    await expect(accountPicture(db, 999_999)).rejects.toThrow("There is no account #999999.");
  });

  it("writes the program design with the tiers, rules and measures", async () => {
    const db = t.handle.db;
    const program = await buildAbmProgram(db, { preset: "custom", period: { from: H1.from, to: H1.to } }, await abmContext(db), AS_OF);
    const markdown = programMarkdown(program);
    expect(markdown).toMatch(/^# ABM program design\n/);
    expect(markdown).toContain("| Tier 1 | 1:1 | Perfect ICP fit, active intent signals and a known champion | 10–25 | 2 | 1 | under the guidance | 2.0 / 1.5 / 0.5 |");
    expect(markdown).toContain("- **Tier 1:** ICP fit ≥ 85, intent ≥ 60 (active) and a known champion (a Champion Engaged or Active on the map).");
    expect(markdown).toContain("| Tier 1 accounts engaged (last 30 days; target > 60 %) | 1 / 2 = 50.0% ✗ below target |");
    expect(markdown).toContain("$50,000.50 in 4 deals; 83.3% of all");
    expect(markdown).toContain("| ABM accounts | 66.7% (2 of 3; 95 % CI 20.8%–93.9%; small sample) | $15,000.25 | 74 days |");
    expect(markdown).toContain("| Multi-threaded (3+ engaged; playbook: 40–50 %) | 100.0% (1 of 1;");
  });
});

/**
 * Deals without an amount (docs/metrics.md, "Deals without an amount") in H1 2026:
 *   Acme (tier 1):     A1 10,000.00 won (Jan 10 → Mar 10, 59 d); A2 no amount, won (Feb 1 → Apr 1, 59 d).
 *   Initech (tier 2):  A3 no amount, open (Mar 1); A4 6,000.00 open (Mar 5).
 *   Hooli (no tier):   H1 no amount, lost (Jan 20 → Feb 19); H2 4,000.00 won (Feb 1 → Mar 3, 30 d).
 * Created: ABM 4 deals, 16,000.00, 2 without an amount; all 6 deals, 20,000.00, 3 without.
 * ABM won A1 and A2: 10,000.00 over the one with an amount = ADS 10,000.00 (not 5,000.00), cycle 59 d over both.
 */
describe.each(testDrivers())("ABM money with deals without an amount on %s", (driver) => {
  let t: TestDatabase;
  let ids: Record<string, number>;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    const db = t.handle.db;
    const rows = await db
      .insert(accounts)
      .values([
        { name: "Acme", icpFitScore: 90, abmTier: "tier_1" },
        { name: "Initech", icpFitScore: 75, abmTier: "tier_2" },
        { name: "Hooli", icpFitScore: 40 },
      ])
      .returning();
    ids = Object.fromEntries(rows.map((r) => [r.name, r.id]));
    const deal = (name: string, account: string, amount: string | null, created: string, closed: string | null, won = true) => ({
      name,
      accountId: ids[account]!,
      amount,
      createdAt: at(created),
      closedAt: closed ? at(closed) : null,
      status: closed ? (won ? ("won" as const) : ("lost" as const)) : ("open" as const),
      stageId: closed ? (won ? 6 : 7) : 2,
    });
    await db.insert(opportunities).values([
      deal("A1", "Acme", "10000.00", "2026-01-10", "2026-03-10"),
      deal("A2", "Acme", null, "2026-02-01", "2026-04-01"),
      deal("A3", "Initech", null, "2026-03-01", null),
      deal("A4", "Initech", "6000.00", "2026-03-05", null),
      deal("H1", "Hooli", null, "2026-01-20", "2026-02-19", false),
      deal("H2", "Hooli", "4000.00", "2026-02-01", "2026-03-03"),
    ]);
  });
  afterAll(() => t.drop());

  it("sums sourced pipeline and deal size over the amounts there are, and counts the deals without one", async () => {
    const db = t.handle.db;
    const agg = await abmAggregates(db, { ...H1, asOf: AS_OF });
    expect(agg.created).toEqual({ abmAmount: "16000.00", abmDeals: 4, abmWithoutAmount: 2, allAmount: "20000.00", allDeals: 6, allWithoutAmount: 3 });
    expect(agg.abm).toMatchObject({ won: 2, lost: 0, wonAmount: "10000.00", wonWithoutAmount: 1 });
    expect(agg.nonAbm).toMatchObject({ won: 1, lost: 1, wonAmount: "4000.00", wonWithoutAmount: 0 });

    const program = await buildAbmProgram(db, { preset: "custom", period: { from: H1.from, to: H1.to } }, await abmContext(db), AS_OF);
    expect(program.sourced).toEqual({ amount: "16000.00", deals: 4, withoutAmount: 2, share: { value: 0.8 }, all: { deals: 6, withoutAmount: 3 } });
    expect(program.comparison.abm.averageDealSize.value).toBe(10_000);
    expect(program.comparison.abm.salesCycleDays.value).toBeCloseTo(59, 9);
    expect(program.comparison.abm.wonAmounts).toEqual({ deals: 2, withoutAmount: 1 });
    expect(program.comparison.nonAbm.averageDealSize.value).toBe(4_000);
    expect(program.comparison.nonAbm.winRate).toMatchObject({ hits: 1, n: 2 });
    const markdown = programMarkdown(program);
    expect(markdown).toContain("$16,000.00 in 4 deals; 80.0% of all; 2 of 4 ABM-sourced deals have no amount; 3 of 6 deals created in the period have no amount |");
    expect(markdown).toContain("| $10,000.00; 1 of 2 won deals has no amount |");
  });

  it("lists each account's open pipeline with its open deals without an amount; a deal without one comes last and says so", async () => {
    const db = t.handle.db;
    const { rows } = await listAccounts(db, { rules: defaultTierRules, filters: {}, sort: "name", descending: false, limit: 50, offset: 0 });
    expect(rows.map((r) => [r.name, r.openPipeline, r.openDeals, r.openWithoutAmount])).toEqual([
      ["Acme", "0", 0, 0],
      ["Hooli", "0", 0, 0],
      ["Initech", "6000.00", 2, 1],
    ]);
    const initech = await accountPicture(db, ids.Initech!, AS_OF);
    // Largest first, and the deal without an amount after every deal with one (not first, as "desc" alone would put it).
    expect(accountBuyingGroupJson(initech).deals.map((d) => [d.name, d.amount])).toEqual([
      ["A4", "6000.00"],
      ["A3", null],
    ]);
    expect(orchestrationMarkdown(initech)).toContain("Solution Demo · no amount · no owner");
    expect(await workspaceSummary(db)).toMatchObject({ openOpportunities: 2, openPipeline: "6000.00", openWithoutAmount: 1 });
  });
});

/**
 * Each count of the ABM program and the total of the list its link opens, read as the pages read
 * the links; asserts they are equal and returns the totals for the hand-worked answers.
 */
async function programDrillDown(db: Database, program: AbmProgram, asOf: Date) {
  const rules = program.settings.tierRules;
  const accountTotal = async (href: string) => {
    const parsed = parseAccountList(Object.fromEntries(new URL(href, "http://x").searchParams));
    if (!parsed.ok) throw new Error(parsed.error);
    return countAccounts(db, rules, parsed.request.filters, asOf);
  };
  const dealContext: DealContext = { timeZone: program.organisation.timeZone, today: program.request.period.to, now: asOf, tierBounds: [], stalls: defaultStallSettings };
  const dealTotal = async (href: string) => {
    const parsed = parseDealsRequest(Object.fromEntries(new URL(href, "http://x").searchParams), program.request.period.to);
    if (!parsed.ok) throw new Error(parsed.error);
    return dealTotals(db, parsed.request.filters, dealContext);
  };
  const accounts: Record<string, [number, number] | number> = {};
  for (const tier of program.tiers) {
    const listed = [await accountTotal(accountsHref({ kind: "tier", tier: tier.tier })), await accountTotal(accountsHref({ kind: "suggested", tier: tier.tier }))] as [number, number];
    expect(listed, tier.tier).toEqual([tier.accounts, tier.suggested]);
    accounts[tier.tier] = listed;
  }
  const outside = [await accountTotal(accountsHref({ kind: "tier", tier: "none" })), await accountTotal(accountsHref({ kind: "suggested", tier: "none" }))] as [number, number];
  expect(outside).toEqual([program.outsideProgram.accounts, program.outsideProgram.suggested]);
  accounts.none = outside;
  accounts.tier1Engaged = await accountTotal(accountsHref({ kind: "tier1Engaged" }));
  expect(accounts.tier1Engaged).toBe(program.tier1Engagement.hits);
  expect(await accountTotal(accountsHref({ kind: "tier", tier: "tier_1" }))).toBe(program.tier1Engagement.n);

  const sourced = await dealTotal(abmDealsHref(program.request, { dates: "created", tier: "abm" }));
  expect([sourced.deals, sourced.amount, sourced.withoutAmount]).toEqual([program.sourced.deals, program.sourced.amount, program.sourced.withoutAmount]);
  const closedAbm = (await dealTotal(abmDealsHref(program.request, { dates: "closed", tier: "abm" }))).deals;
  const closedOther = (await dealTotal(abmDealsHref(program.request, { dates: "closed", tier: "none" }))).deals;
  expect([closedAbm, closedOther]).toEqual([program.comparison.abm.winRate.n, program.comparison.nonAbm.winRate.n]);
  return { accounts, deals: { sourced: [sourced.deals, sourced.amount], closedAbm, closedOther } };
}

describe.each(testDrivers())("ABM program drill-down on the demo data on %s", (driver) => {
  let t: TestDatabase;
  const asOf = new Date("2025-06-15T00:00:00Z");
  beforeAll(async () => {
    t = await createDemoTestDatabase(driver, asOf);
  });
  afterAll(() => t.drop());

  it("every count of the program equals the list its link opens", async () => {
    const db = t.handle.db;
    const program = await buildAbmProgram(db, { preset: "custom", period: { from: "2025-01-01", to: "2025-06-14" } }, await abmContext(db), asOf);
    const drill = await programDrillDown(db, program, asOf);
    // Not a comparison of zeros.
    expect(program.tiers[0]!.accounts).toBeGreaterThan(0);
    expect(drill.deals.closedAbm + drill.deals.closedOther).toBeGreaterThan(0);
  });
});
