/**
 * The deals behind each channel's credit (docs/metrics.md §8): for every channel and model, on a
 * hand-built dataset and on demo data, the listed deals' credits add up to the channel's figure to
 * the cent, each deal is within a cent of its amount × share, and under first and last touch every
 * attributed deal is listed under exactly one channel.
 *
 * Hand-built, pipeline created in Q1 2026 (UTC). Account A's touches: podcast Jan 5 (created the
 * lead), community Jan 10, podcast Jan 20; its deals P 100.00, Q 200.00, R 0.01 and N (no amount),
 * created Feb 1–4. Account B's touches: search Jan 7, community Jan 8; its deal S 50.00 created Feb 5.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, contacts, leads, opportunities, touchpoints } from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { buildAttributionReport, creditedDealsOf, parseAttributionRequest, type AttributionReport } from "@/lib/attribution/report";
import type { Params } from "@/lib/velocity/request";
import { attributionModels, decimalToUnits } from "@/lib/metrics/attribution";
import { velocityContext } from "@/lib/velocity/report";

const at = (s: string) => new Date(`${s}T00:00:00Z`);
const cents = (s: string) => decimalToUnits(s, 2);

async function reportOf(t: TestDatabase, params: Params, today: string): Promise<AttributionReport> {
  const parsed = parseAttributionRequest(params, today);
  if (!parsed.ok) throw new Error(parsed.error);
  return buildAttributionReport(t.handle.db, parsed.request, await velocityContext(t.handle.db));
}

/** Every channel under every model: the list adds up to the figure, each deal within a cent of amount × share. */
async function expectListsMatchFigures(t: TestDatabase, params: Params, today: string) {
  for (const model of attributionModels) {
    const report = await reportOf(t, { ...params, model }, today);
    let singleCreditListed = 0;
    for (const row of report.channels) {
      const list = await creditedDealsOf(t.handle.db, report, row.channel);
      const label = `${model} ${row.channel}`;
      expect(list.credit, label).toBe(row.credit[model]);
      expect(list.deals.reduce((sum, d) => sum + cents(d.credit), 0n), label).toBe(cents(row.credit[model]));
      expect(list.total, label).toBe(row.credit[model]);
      for (const d of list.deals) {
        const share = Number(d.share);
        expect(share, `${label} deal ${d.id}`).toBeGreaterThan(0);
        expect(share).toBeLessThanOrEqual(1 + 1e-9);
        if (d.amount === null) expect(d.credit).toBe("0.00");
        else expect(Math.abs(Number(d.credit) - Number(d.amount) * share), `${label} deal ${d.id}`).toBeLessThanOrEqual(0.01 + 1e-9);
      }
      expect(list.withoutAmount).toBe(list.deals.filter((d) => d.amount === null).length);
      singleCreditListed += list.deals.length;
    }
    // First and last touch give each attributed deal to one channel: it is listed once.
    if (model === "first_touch" || model === "last_touch") expect(singleCreditListed, model).toBe(report.totals.attributedDeals);
  }
}

describe.each(testDrivers())("a channel's credited deals on %s", (driver) => {
  let t: TestDatabase;
  const q1 = { from: "2026-01-01", to: "2026-03-31", basis: "pipeline" };

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    const db = t.handle.db;
    const [a, b] = await db.insert(accounts).values([{ name: "A" }, { name: "B" }]).returning();
    const [a1, b1] = await db.insert(contacts).values([{ accountId: a!.id, name: "A1" }, { accountId: b!.id, name: "B1" }]).returning();
    const [lead] = await db.insert(leads).values({ accountId: a!.id, contactId: a1!.id, createdAt: at("2026-01-05") }).returning();
    const touch = (contact: typeof a1, channel: "podcast" | "community" | "search", day: string, leadId: number | null = null) => ({
      accountId: contact!.accountId,
      contactId: contact!.id,
      channel,
      type: "web_visit",
      occurredAt: at(day),
      leadId,
    });
    await db.insert(touchpoints).values([
      touch(a1, "podcast", "2026-01-05", lead!.id),
      touch(a1, "community", "2026-01-10"),
      touch(a1, "podcast", "2026-01-20"),
      touch(b1, "search", "2026-01-07"),
      touch(b1, "community", "2026-01-08"),
    ]);
    const open = (name: string, accountId: number, amount: string | null, created: string) => ({ name, accountId, amount, stageId: 2, status: "open" as const, createdAt: at(created) });
    await db.insert(opportunities).values([
      open("P", a!.id, "100.00", "2026-02-01"),
      open("Q", a!.id, "200.00", "2026-02-02"),
      open("R", a!.id, "0.01", "2026-02-03"),
      open("N", a!.id, null, "2026-02-04"),
      open("S", b!.id, "50.00", "2026-02-05"),
    ]);
  });
  afterAll(() => t.drop());

  const listOf = async (model: string, channel: "podcast" | "community" | "search") => {
    const report = await reportOf(t, { ...q1, model }, "2026-06-30");
    const list = await creditedDealsOf(t.handle.db, report, channel);
    return { figure: report.channels.find((c) => c.channel === channel)!.credit[report.request.model], list };
  };

  it("lists podcast's linear credit deal by deal, splitting the channel's cents over its deals", async () => {
    // Linear: A's deals give podcast 2/3 and community 1/3; S gives search and community half each.
    // Podcast: 66.666…+133.333…+0.00666… = 200.00666…, rounded up to 200.01 among the channels (350.01 in all).
    const { figure, list } = await listOf("linear", "podcast");
    expect(figure).toBe("200.01");
    expect(list.deals.map((d) => [d.name, d.credit, d.amount])).toEqual([
      ["Q", "133.33", "200.00"],
      ["P", "66.67", "100.00"],
      ["R", "0.01", "0.01"],
      ["N", "0.00", null],
    ]);
    expect(Number(list.deals[0]!.share)).toBeCloseTo(2 / 3, 10);
    expect(list.withoutAmount).toBe(1);
  });

  it("lists only the deals a model credits the channel with: none for community under first touch", async () => {
    const community = await listOf("first_touch", "community");
    expect(community.figure).toBe("0.00");
    expect(community.list.deals).toEqual([]);
    const search = await listOf("first_touch", "search");
    expect(search.list.deals.map((d) => [d.name, d.credit])).toEqual([["S", "50.00"]]);
    const podcast = await listOf("first_touch", "podcast");
    expect(podcast.list.deals.map((d) => [d.name, d.credit])).toEqual([["Q", "200.00"], ["P", "100.00"], ["R", "0.01"], ["N", "0.00"]]);
  });

  it("adds up to every channel's figure under every model, both bases", async () => {
    await expectListsMatchFigures(t, q1, "2026-06-30");
    await expectListsMatchFigures(t, { ...q1, basis: "revenue" }, "2026-06-30");
  });

  it("refuses an unknown channel, naming the parameter", () => {
    expect(parseAttributionRequest({ channel: "carrier_pigeon" }, "2026-06-30")).toMatchObject({ ok: false, parameter: "channel" });
  });
});

describe.each(testDrivers())("a channel's credited deals on demo data, %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    await seedDemoData(t.handle.db, { seed: 11, asOf: new Date("2026-11-24T00:00:00Z"), scale: 0.05, passwordHash: "x" });
  }, 120_000);
  afterAll(() => t.drop());

  it("adds up to every channel's figure under every model, pipeline and revenue", async () => {
    const period = { from: "2026-01-01", to: "2026-09-30" };
    const report = await reportOf(t, { ...period, basis: "pipeline" }, "2026-11-24");
    expect(report.totals.attributedDeals).toBeGreaterThan(10);
    await expectListsMatchFigures(t, { ...period, basis: "pipeline" }, "2026-11-24");
    await expectListsMatchFigures(t, { ...period, basis: "revenue" }, "2026-11-24");
  }, 120_000);
});
