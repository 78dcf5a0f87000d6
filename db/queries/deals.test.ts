/**
 * The deal list against a small hand-built dataset: each filter, the totals over the whole list
 * (not the page), the CSV export of the same list, and each velocity figure's drill-down, whose
 * list total must equal the figure. Stage ids: 1 Discovery (14 expected days), 2 Solution Demo (14),
 * 3 Proposal (21), 6 Closed Won, 7 Closed Lost.
 */
import { defaultStallSettings } from "@/lib/win-loss/stalls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, contacts, opportunities, opportunityContacts, opportunityStageHistory, users, type NewOpportunity } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { velocityDealsHref, ownOpenDealsHref, type DealFigure, type DealGroup } from "@/lib/deals/drill-down";
import { dealActionPlan } from "@/lib/overview/tiles";
import { dealSorts, parseDealsRequest, type DealFilters, type DealSort } from "@/lib/deals/request";
import { forecastCategories, type ForecastCategory } from "@/lib/domain/forecast-categories";
import { defaultPipelineStages } from "@/lib/domain/pipeline-stages";
import { forecastCategoryOf } from "@/lib/metrics/forecast";
import type { VelocityRequest } from "@/lib/velocity/request";
import { dealTotals, listDeals, type DealContext } from "./deals";
import { proofStates } from "./proof";
import { csvExports } from "./exports";
import { pipelineCreated, pipelineSnapshot, velocityAggregates, velocityBySegment, type SegmentDimension } from "./velocity";

const ALICE = 1;
const BOB = 2;
const at = (s: string) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s);

const context: DealContext = { timeZone: "UTC", today: "2026-10-15", now: at("2026-10-15T12:00:00Z"), tierBounds: [10_000, 50_000], stalls: defaultStallSettings };

interface Deal {
  id: number;
  name: string;
  owner: number | null;
  account: number | null;
  source: string | null;
  segment: string | null;
  amount: string | null;
  created: string;
  status: "open" | "won" | "lost";
  /** Closed: when. Open: [stage, entered the stage]. */
  closed?: string;
  stage?: [number, string];
  expectedClose?: string;
  forecast?: ForecastCategory;
  nextStep?: string;
}

const deals: Deal[] = [
  { id: 1, name: "Apex renewal", owner: ALICE, account: 1, source: "inbound", segment: "Enterprise", amount: "18000.00", created: "2026-07-01", status: "won", closed: "2026-07-11" },
  { id: 2, name: "Birch expansion", owner: BOB, account: 2, source: "referral", segment: null, amount: null, created: "2026-06-20", status: "won", closed: "2026-08-15" },
  { id: 3, name: "Cobalt pilot", owner: ALICE, account: 3, source: null, segment: "SMB", amount: "5000.00", created: "2026-07-05", status: "lost", closed: "2026-09-01" },
  // Stalled: in Proposal since Aug 20, due after 21 days (Sep 10); expected to close Sep 30, now past.
  { id: 4, name: "Delta platform", owner: ALICE, account: 1, source: "inbound", segment: "Enterprise", amount: "60000.00", created: "2026-08-01", status: "open", stage: [3, "2026-08-20"], expectedClose: "2026-09-30" },
  // No owner, no account, no amount; in Discovery since Oct 10, due Oct 24.
  { id: 5, name: "Echo inbound", owner: null, account: null, source: "outbound", segment: "SMB", amount: null, created: "2026-10-01", status: "open", stage: [1, "2026-10-10"], expectedClose: "2026-12-01" },
  // Multi-threaded (3 engaged contacts); in Solution Demo since Oct 5.
  { id: 6, name: "Fjord rollout", owner: BOB, account: 2, source: "inbound", segment: "Mid-Market", amount: "9999.99", created: "2026-09-15", status: "open", stage: [2, "2026-10-05"], expectedClose: "2026-11-15", forecast: "best_case", nextStep: "Security review with IT on Oct 20" },
  { id: 7, name: "Granite deal", owner: BOB, account: 2, source: "outbound", segment: "Mid-Market", amount: "50000.00", created: "2026-07-10", status: "lost", closed: "2026-10-02" },
  { id: 8, name: "Harbor seats", owner: ALICE, account: 3, source: "inbound", segment: "SMB", amount: "10000.00", created: "2026-07-20", status: "won", closed: "2026-09-30T23:00:00Z" },
];

function opportunityOf(d: Deal): NewOpportunity {
  return {
    id: d.id,
    name: d.name,
    accountId: d.account,
    ownerId: d.owner,
    source: d.source,
    segment: d.segment,
    amount: d.amount,
    stageId: d.status === "won" ? 6 : d.status === "lost" ? 7 : d.stage![0],
    status: d.status,
    createdAt: at(d.created),
    qualifiedAt: at(d.created),
    closedAt: d.closed ? at(d.closed) : null,
    expectedCloseDate: d.expectedClose ?? null,
    forecastCategory: d.forecast ?? null,
    nextStep: d.nextStep ?? null,
  };
}

const names = (rows: { name: string }[]) => rows.map((r) => r.name);

describe.each(testDrivers())("deal list on %s", (driver) => {
  let t: TestDatabase;
  const totals = (filters: DealFilters) => dealTotals(t.handle.db, filters, context);
  const list = (filters: DealFilters, sort: "amount" | "close" | "created" | "days" | "name" = "name", descending = false, limit = 50, offset = 0) =>
    listDeals(t.handle.db, { filters, sort, descending, limit, offset }, context);
  /** The filters of a /deals link, read as the page reads them. */
  const filtersOf = (href: string) => {
    const parsed = parseDealsRequest(Object.fromEntries(new URL(href, "http://x").searchParams), context.today);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.request.filters;
  };

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    const db = t.handle.db;
    await db.insert(users).values([
      { id: ALICE, email: "alice@example.com", name: "Alice Rep", role: "sales", passwordHash: "x" },
      { id: BOB, email: "bob@example.com", name: "Bob Rep", role: "sales", passwordHash: "x" },
    ]);
    await db.insert(accounts).values([
      { id: 1, name: "Apex Corp", abmTier: "tier_1" },
      { id: 2, name: "Birch Ltd", abmTier: "tier_2" },
      { id: 3, name: "Cobalt Inc" },
    ]);
    await db.insert(opportunities).values(deals.map(opportunityOf));
    await db.insert(opportunityStageHistory).values(
      deals.map((d) => ({
        opportunityId: d.id,
        stageId: d.status === "won" ? 6 : d.status === "lost" ? 7 : d.stage![0],
        enteredAt: at(d.stage?.[1] ?? d.closed!),
        exitedAt: null,
      })),
    );
    await db.insert(contacts).values([1, 2, 3, 4].map((id) => ({ id, name: `Contact ${id}`, accountId: id === 4 ? 1 : 2 })));
    await db.insert(opportunityContacts).values([
      { opportunityId: 6, contactId: 1, status: "engaged" },
      { opportunityId: 6, contactId: 2, status: "active" },
      { opportunityId: 6, contactId: 3, status: "engaged" },
      // One engaged and one only identified: still single-threaded.
      { opportunityId: 1, contactId: 4, status: "engaged" },
      { opportunityId: 7, contactId: 1, status: "identified" },
    ]);
  });
  afterAll(() => t.drop());

  it("lists every deal with its facts; blank amounts, owners and accounts read as none", async () => {
    const rows = await list({});
    expect(names(rows)).toEqual(deals.map((d) => d.name));
    const echo = rows.find((r) => r.name === "Echo inbound")!;
    expect(echo).toMatchObject({ accountName: null, ownerName: null, amount: null, stageName: "Discovery", status: "open", createdOn: "2026-10-01", closeOn: "2026-12-01", stalled: false, engagedContacts: 0 });
    expect(echo.daysInStage).toBeCloseTo(5.5, 6);
    const delta = rows.find((r) => r.name === "Delta platform")!;
    expect(delta).toMatchObject({ stalled: true, expectedDays: 21, closeOn: "2026-09-30" });
    expect(delta.daysInStage).toBeCloseTo(56.5, 6);
    // A closed deal: its close day, no days in stage.
    expect(rows.find((r) => r.name === "Harbor seats")).toMatchObject({ closeOn: "2026-09-30", daysInStage: null, stalled: false });
    expect(await totals({})).toEqual({ deals: 8, amount: "152999.99", withoutAmount: 2 });
  });

  it("filters by period and what it applies to, status, owner, tier, band and the flags", async () => {
    const q3 = { from: "2026-07-01", to: "2026-09-30" };
    expect(names(await list({ period: { ...q3, dates: "created" } }))).toEqual(["Apex renewal", "Cobalt pilot", "Delta platform", "Fjord rollout", "Granite deal", "Harbor seats"]);
    expect(names(await list({ period: { ...q3, dates: "closed" } }))).toEqual(["Apex renewal", "Birch expansion", "Cobalt pilot", "Harbor seats"]);
    expect(names(await list({ period: { ...q3, dates: "closed" }, status: "won" }))).toEqual(["Apex renewal", "Birch expansion", "Harbor seats"]);
    expect(names(await list({ status: "open" }))).toEqual(["Delta platform", "Echo inbound", "Fjord rollout"]);
    expect(names(await list({ ownerId: null }))).toEqual(["Echo inbound"]);
    expect(names(await list({ ownerId: BOB, status: "lost" }))).toEqual(["Granite deal"]);
    expect(names(await list({ segment: null }))).toEqual(["Birch expansion"]);
    expect(names(await list({ source: null }))).toEqual(["Cobalt pilot"]);
    expect(names(await list({ stageId: 3 }))).toEqual(["Delta platform"]);
    expect(names(await list({ tier: "tier_1" }))).toEqual(["Apex renewal", "Delta platform"]);
    expect(names(await list({ tier: "none" }))).toEqual(["Cobalt pilot", "Echo inbound", "Harbor seats"]);
    // Tiers: < 10,000 | 10,000–50,000 | ≥ 50,000; 10,000.00 and 50,000.00 sit in the upper tier.
    expect(names(await list({ band: 0 }))).toEqual(["Cobalt pilot", "Fjord rollout"]);
    expect(names(await list({ band: 1 }))).toEqual(["Apex renewal", "Harbor seats"]);
    expect(names(await list({ band: 2 }))).toEqual(["Delta platform", "Granite deal"]);
    expect(names(await list({ band: "none" }))).toEqual(["Birch expansion", "Echo inbound"]);
    expect(names(await list({ stalled: true }))).toEqual(["Delta platform"]);
    expect(names(await list({ pastClose: true }))).toEqual(["Delta platform"]);
    expect(names(await list({ singleThreaded: true }))).toEqual(deals.filter((d) => d.id !== 6).map((d) => d.name));
    expect(names(await list({ search: "cobalt" }))).toEqual(["Cobalt pilot", "Harbor seats"]); // the deal's name, or its account's
    expect(names(await list({ search: "100%" }))).toEqual([]);
  });

  it("filters by the forecast category in force: the deal's own, else derived as the forecast derives it", async () => {
    // Delta sits in Proposal (50 %) with no category: best case; Fjord was called best case in Solution Demo (25 %).
    expect(names(await list({ forecast: "best_case" }))).toEqual(["Delta platform", "Fjord rollout"]);
    expect(names(await list({ forecast: "pipeline" }))).toEqual(["Echo inbound"]);
    expect(names(await list({ forecast: "closed" }))).toEqual(["Apex renewal", "Birch expansion", "Harbor seats"]);
    expect(names(await list({ forecast: "omitted" }))).toEqual(["Cobalt pilot", "Granite deal"]);
    expect(names(await list({ forecast: "commit" }))).toEqual([]);
    const probability = new Map(defaultPipelineStages.map((s) => [s.id, s.probability]));
    for (const category of forecastCategories) {
      const expected = deals
        .filter((d) => forecastCategoryOf({ status: d.status, category: d.forecast ?? null, stageProbability: probability.get(opportunityOf(d).stageId)! }) === category)
        .map((d) => d.name);
      expect(names(await list({ forecast: category })), category).toEqual(expected);
    }
  });

  it("sorts by each column with blanks last, and totals the whole list whatever the page", async () => {
    expect(names(await list({}, "amount", true))).toEqual(["Delta platform", "Granite deal", "Apex renewal", "Harbor seats", "Fjord rollout", "Cobalt pilot", "Echo inbound", "Birch expansion"]);
    expect(names(await list({ status: "open" }, "days", true))).toEqual(["Delta platform", "Fjord rollout", "Echo inbound"]);
    expect(names(await list({ status: "open" }, "close"))).toEqual(["Delta platform", "Fjord rollout", "Echo inbound"]);
    expect(names(await list({}, "created"))[0]).toBe("Birch expansion");
    const pages = [await list({}, "amount", true, 3, 0), await list({}, "amount", true, 3, 3), await list({}, "amount", true, 3, 6)];
    expect(pages.map((p) => p.length)).toEqual([3, 3, 2]);
    expect(new Set(pages.flat().map((r) => r.id)).size).toBe(8);
    expect(await totals({ status: "open" })).toEqual({ deals: 3, amount: "69999.99", withoutAmount: 1 });
  });

  const exportedNames = async (filters: DealFilters, sort: DealSort, descending: boolean) => {
    const exported: string[] = [];
    const rows = csvExports.opportunities.rows(t.handle.db, { batchSize: 2, deals: { filters, order: { sort, descending }, context } });
    for await (const row of rows) exported.push(row[csvExports.opportunities.header.indexOf("Opportunity Name")]!);
    return exported;
  };

  it("exports exactly the list as CSV, across batch boundaries", async () => {
    const filters: DealFilters = { period: { from: "2026-07-01", to: "2026-09-30", dates: "created" }, singleThreaded: true };
    const exported = await exportedNames(filters, "name", false);
    expect(exported).toEqual(names(await list(filters, "name")));
    expect(exported).toHaveLength((await totals(filters)).deals);
  });

  it("exports the list's rows in the list's order, for every sort both ways", async () => {
    for (const sort of dealSorts) {
      for (const descending of [false, true]) {
        const listed = names(await list({}, sort, descending));
        expect(await exportedNames({}, sort, descending), `${sort} ${descending ? "desc" : "asc"}`).toEqual(listed);
      }
    }
    // Not id order: by amount, largest first, the deals without one last.
    expect(await exportedNames({}, "amount", true)).toEqual(["Delta platform", "Granite deal", "Apex renewal", "Harbor seats", "Fjord rollout", "Cobalt pilot", "Echo inbound", "Birch expansion"]);
  });

  describe("each velocity figure's list holds exactly its deals", () => {
    const q3: VelocityRequest = { preset: "custom", period: { from: "2026-07-01", to: "2026-09-30" }, filters: {} };
    const scopeOf = (r: VelocityRequest) => ({ ...r.filters, ...r.period, timeZone: "UTC" });

    for (const request of [q3, { ...q3, filters: { ownerId: ALICE } }, { ...q3, filters: { source: "inbound", segment: "Enterprise" } }] as VelocityRequest[]) {
      it(`headline and pipeline figures, filters ${JSON.stringify(request.filters)}`, async () => {
        const db = t.handle.db;
        const figure = await velocityAggregates(db, scopeOf(request));
        const of = async (f: DealFigure) => totals(filtersOf(velocityDealsHref(request, f)));
        expect((await of("qualified")).deals).toBe(figure.qualified);
        expect((await of("closed")).deals).toBe(figure.won + figure.lost);
        const won = await of("won");
        expect({ deals: won.deals, amount: won.amount, withoutAmount: won.withoutAmount }).toEqual({ deals: figure.won, amount: figure.wonAmount, withoutAmount: figure.wonWithoutAmount });
        const snapshot = await pipelineSnapshot(db, { ...request.filters, today: context.today, timeZone: "UTC" });
        expect(await of("open")).toEqual({ deals: snapshot.openDeals, amount: snapshot.openPipeline, withoutAmount: snapshot.openWithoutAmount });
        const created = await pipelineCreated(db, scopeOf(request));
        expect(await of("created")).toEqual({ deals: created.deals, amount: created.amount, withoutAmount: created.withoutAmount });
      });
    }

    it("worked by hand for Q3: 6 qualified, 4 closed, 3 won worth 28,000.00 (one without an amount)", async () => {
      expect((await totals(filtersOf(velocityDealsHref(q3, "qualified")))).deals).toBe(6);
      expect((await totals(filtersOf(velocityDealsHref(q3, "closed")))).deals).toBe(4);
      expect(await totals(filtersOf(velocityDealsHref(q3, "won")))).toEqual({ deals: 3, amount: "28000.00", withoutAmount: 1 });
    });

    for (const dimension of ["source", "segment", "dealSizeTier", "owner"] as const satisfies readonly SegmentDimension[]) {
      it(`every ${dimension} row, its "none" group included`, async () => {
        const rows = await velocityBySegment(t.handle.db, scopeOf(q3), dimension, context.tierBounds);
        // Q3 has deals with no source, no segment and no amount (no deal-size tier); every deal closed in it has an owner.
        expect(rows.some((r) => r.key === null)).toBe(dimension !== "owner");
        for (const row of rows) {
          const group: DealGroup = { dimension, key: row.key };
          const of = async (f: DealFigure) => totals(filtersOf(velocityDealsHref(q3, f, group)));
          expect((await of("qualified")).deals, `${dimension} ${row.key} N`).toBe(row.qualified);
          expect((await of("closed")).deals, `${dimension} ${row.key} closed`).toBe(row.won + row.lost);
          const won = await of("won");
          expect([won.deals, won.amount, won.withoutAmount], `${dimension} ${row.key} won`).toEqual([row.won, row.wonAmount, row.wonWithoutAmount]);
        }
      });
    }
  });

  it("opens a rep's own open deals needing action", async () => {
    const count = async (action: Parameters<typeof ownOpenDealsHref>[1]) => (await totals(filtersOf(ownOpenDealsHref(ALICE, action)))).deals;
    expect(await count("stalled")).toBe(1);
    expect(await count("pastClose")).toBe(1);
    expect(await count("singleThreaded")).toBe(1);
    expect(await count("noAmount")).toBe(0);
    expect((await totals(filtersOf(ownOpenDealsHref(BOB, "singleThreaded")))).deals).toBe(0);
    // Delta has no next step; Fjord (Bob's) has one; closed deals never need one.
    expect(await count("noNextStep")).toBe(1);
    expect((await totals(filtersOf(ownOpenDealsHref(BOB, "noNextStep")))).deals).toBe(0);
    expect(names(await list({ noNextStep: true }))).toEqual(["Delta platform", "Echo inbound"]);
  });

  it("gives each of a rep's needing-action figures as many deals as its list holds", async () => {
    for (const owner of [ALICE, BOB]) {
      // As the overview reads them: with the owner's proof states for its proof lines.
      const withProof = { ...context, proof: await proofStates(t.handle.db, owner) };
      for (const action of dealActionPlan(owner)) {
        const filters = filtersOf(action.href);
        const figure = (await dealTotals(t.handle.db, filters, withProof)).deals;
        expect((await listDeals(t.handle.db, { filters, sort: "name", descending: false, limit: 50, offset: 0 }, withProof)).length, action.href).toBe(figure);
      }
    }
    const noNextStep = dealActionPlan(ALICE).find((a) => a.action === "noNextStep")!;
    expect((await totals(filtersOf(noNextStep.href))).deals).toBe(1);
  });
});
