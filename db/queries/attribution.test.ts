/**
 * The attribution SQL against the pure models: a small generated dataset (ties in time, touches
 * after the conversion, a deal with no touches, contacts of other accounts), credited per channel
 * both ways. Every model's channel sums equal the attributed amount.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, contacts, leads, opportunities, touchpoints } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { channels, type Channel } from "@/lib/domain/channels";
import { attributionModels, attributionWeights, type Touch } from "@/lib/metrics/attribution";
import { buildAttributionReport, parseAttributionRequest } from "@/lib/attribution/report";
import { velocityContext } from "@/lib/velocity/report";
import { attributionAggregates, type AttributionScope } from "./attribution";

const at = (s: string) => new Date(`${s}T00:00:00Z`);
const DAY = 86_400_000;

/** A tiny deterministic PRNG (mulberry32). */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Deal {
  id: number;
  accountId: number;
  amount: string;
  createdAt: Date;
  closedAt: Date | null;
  status: "open" | "won" | "lost";
}

describe.each(testDrivers())("attribution SQL on %s", (driver) => {
  let t: TestDatabase;
  const deals: Deal[] = [];
  const touches: (Touch & { accountId: number; channel: Channel; campaign: string | null })[] = [];

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    const db = t.handle.db;
    const random = prng(7);
    const accountRows = await db.insert(accounts).values([{ name: "A" }, { name: "B" }, { name: "C" }, { name: "D" }]).returning();
    for (const account of accountRows) {
      const people = await db
        .insert(contacts)
        .values([1, 2, 3].map((k) => ({ accountId: account.id, name: `${account.name}${k}` })))
        .returning();
      const lead = (await db.insert(leads).values({ accountId: account.id, contactId: people[0]!.id, createdAt: at("2026-01-05") }).returning())[0]!;
      // Account D has contacts but no touches: its deals are unattributed.
      const count = account.name === "D" ? 0 : 12;
      const base = at("2026-01-01").getTime();
      const values = Array.from({ length: count }, (_, i) => ({
        accountId: account.id,
        contactId: people[Math.floor(random() * 3)]!.id,
        channel: channels[Math.floor(random() * 5)]!,
        campaign: random() < 0.5 ? `Campaign ${Math.floor(random() * 3)}` : null,
        type: "web_visit",
        // Whole days, so several touches of one account share a time (ties go by id).
        occurredAt: new Date(base + Math.floor(random() * 8) * 10 * DAY),
        leadId: i === 4 ? lead.id : null,
      }));
      if (values.length) {
        for (const row of await db.insert(touchpoints).values(values).returning()) {
          touches.push({ id: row.id, occurredAt: row.occurredAt, createsLead: row.leadId !== null, accountId: account.id, channel: row.channel, campaign: row.campaign });
        }
      }
      const opps = await db
        .insert(opportunities)
        .values([
          { name: `${account.name} new`, accountId: account.id, amount: "10000.00", stageId: 2, createdAt: at("2026-02-15"), status: "open" as const },
          { name: `${account.name} won`, accountId: account.id, amount: "33333.33", stageId: 6, createdAt: at("2026-01-20"), closedAt: at("2026-03-25"), status: "won" as const },
        ])
        .returning();
      for (const o of opps) deals.push({ id: o.id, accountId: account.id, amount: o.amount ?? "0", createdAt: o.createdAt, closedAt: o.closedAt, status: o.status });
    }
  });
  afterAll(() => t.drop());

  /** The pure models' credit per channel for the deals converted in Q1. */
  function expected(basis: AttributionScope["basis"]) {
    const out = Object.fromEntries(attributionModels.map((m) => [m, new Map<string, number>()])) as Record<string, Map<string, number>>;
    for (const deal of deals) {
      const conversion = basis === "pipeline" ? deal.createdAt : deal.closedAt;
      if (!conversion || (basis === "revenue" && deal.status !== "won")) continue;
      const own = touches.filter((x) => x.accountId === deal.accountId && x.occurredAt <= conversion).sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.id - b.id);
      for (const model of attributionModels) {
        attributionWeights(model, own, conversion).forEach((w, i) => {
          const channel = own[i]!.channel;
          out[model]!.set(channel, (out[model]!.get(channel) ?? 0) + w * Number(deal.amount));
        });
      }
    }
    return out;
  }

  for (const basis of ["pipeline", "revenue"] as const) {
    it(`credits each channel as the pure models do (${basis})`, async () => {
      const scope: AttributionScope = { from: "2026-01-01", to: "2026-03-31", timeZone: "UTC", basis };
      const { credits, influence, totals } = await attributionAggregates(t.handle.db, scope);
      const want = expected(basis);
      expect(totals.deals).toBe(basis === "pipeline" ? 8 : 4);
      expect(totals.attributedDeals).toBe(basis === "pipeline" ? 6 : 3);
      for (const model of attributionModels) {
        const byChannel = new Map<string, number>();
        for (const row of credits) byChannel.set(row.channel, (byChannel.get(row.channel) ?? 0) + Number(row[model]));
        for (const [channel, value] of want[model]!) expect(byChannel.get(channel) ?? 0, `${model} ${channel}`).toBeCloseTo(value, 4);
        const sum = [...byChannel.values()].reduce((a, b) => a + b, 0);
        expect(sum, model).toBeCloseTo(Number(totals.attributedAmount), 4);
      }
      for (const row of influence) expect(row.deals).toBeLessThanOrEqual(totals.attributedDeals);
    });
  }

  it("reports every model's channels in whole cents that add up to the attributed amount, with the rest unattributed", async () => {
    const db = t.handle.db;
    const parsed = parseAttributionRequest({ from: "2026-01-01", to: "2026-03-31", model: "linear", basis: "revenue" }, "2026-06-30");
    if (!parsed.ok) throw new Error(parsed.error);
    const report = await buildAttributionReport(db, parsed.request, await velocityContext(db));
    // Three won deals of 33,333.33 with touches, one without.
    expect(report.totals).toMatchObject({ deals: 4, attributedDeals: 3, attributedAmount: "99999.99", unattributedDeals: 1, unattributedAmount: "33333.33" });
    for (const model of attributionModels) {
      const cents = report.channels.reduce((sum, c) => sum + Math.round(Number(c.credit[model]) * 100), 0);
      expect(cents, model).toBe(9_999_999);
      for (const c of report.channels) expect(c.credit[model]).toMatch(/^\d+\.\d{2}$/);
    }
    // The chosen model's campaigns add up to their channel.
    for (const c of report.channels) {
      const sum = report.campaigns.filter((x) => x.channel === c.channel).reduce((a, x) => a + Math.round(Number(x.credit) * 100), 0);
      expect(sum).toBe(Math.round(Number(c.credit.linear) * 100));
    }
    expect(parseAttributionRequest({ model: "fancy" }, "2026-06-30")).toMatchObject({ ok: false, parameter: "model" });
    expect(parseAttributionRequest({ basis: "bookings" }, "2026-06-30")).toMatchObject({ ok: false, parameter: "basis" });
  });
});

/**
 * Deals without an amount (docs/metrics.md §4): counted as deals, attributed or not, and in each
 * channel's influenced deals; credited nothing. Pipeline created in Q1 2026:
 * - account A (touches: podcast Jan 5, community Jan 10): P 1,000.00 created Feb 1, N without an amount created Feb 2;
 * - account B (no touches): U without an amount created Feb 3, V 500.00 created Feb 4;
 * - account C (touch: peer recommendation Jan 7): M without an amount created Feb 5.
 */
describe.each(testDrivers())("attribution of deals without an amount on %s", (driver) => {
  let t: TestDatabase;
  const q1: AttributionScope = { from: "2026-01-01", to: "2026-03-31", timeZone: "UTC", basis: "pipeline" };

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    const db = t.handle.db;
    const [a, b, c] = await db.insert(accounts).values([{ name: "A" }, { name: "B" }, { name: "C" }]).returning();
    const [a1, , c1] = await db
      .insert(contacts)
      .values([a!, b!, c!].map((account) => ({ accountId: account.id, name: `${account.name}1` })))
      .returning();
    await db.insert(touchpoints).values([
      { accountId: a!.id, contactId: a1!.id, channel: "podcast", type: "web_visit", occurredAt: at("2026-01-05") },
      { accountId: a!.id, contactId: a1!.id, channel: "community", type: "web_visit", occurredAt: at("2026-01-10") },
      { accountId: c!.id, contactId: c1!.id, channel: "peer_recommendation", type: "web_visit", occurredAt: at("2026-01-07") },
    ]);
    const open = (name: string, accountId: number, amount: string | null, created: string) => ({ name, accountId, amount, stageId: 2, status: "open" as const, createdAt: at(created) });
    await db.insert(opportunities).values([
      open("P", a!.id, "1000.00", "2026-02-01"),
      open("N", a!.id, null, "2026-02-02"),
      open("U", b!.id, null, "2026-02-03"),
      open("V", b!.id, "500.00", "2026-02-04"),
      open("M", c!.id, null, "2026-02-05"),
    ]);
  });
  afterAll(() => t.drop());

  it("credits only the amounts there are, and counts the deals without one", async () => {
    const { credits, influence, totals } = await attributionAggregates(t.handle.db, q1);
    // 5 deals, 1,500.00 in all, 3 without an amount; attributed P, N and M: 1,000.00, 2 of them without.
    expect(totals).toEqual({ deals: 5, amount: "1500.00", withoutAmount: 3, attributedDeals: 3, attributedAmount: "1000.00", attributedWithoutAmount: 2 });
    const credit = (channel: string, model: "first_touch" | "last_touch" | "linear") => credits.find((r) => r.channel === channel)![model];
    // P's 1,000.00: first touch podcast, last touch community, linear half each. N adds nothing to either.
    expect([credit("podcast", "first_touch"), credit("community", "first_touch")]).toEqual(["1000.000000", "0.000000"]);
    expect([credit("podcast", "last_touch"), credit("community", "last_touch")]).toEqual(["0.000000", "1000.000000"]);
    expect([credit("podcast", "linear"), credit("community", "linear")]).toEqual(["500.000000", "500.000000"]);
    // M is the only deal touched by peer recommendation: the channel is there, credited 0 under every model, not null.
    const peer = credits.find((r) => r.channel === "peer_recommendation")!;
    for (const model of attributionModels) expect(peer[model], model).toBe("0.000000");
    expect(influence).toEqual([
      { channel: "podcast", deals: 2, amount: "1000.00", withoutAmount: 1 },
      { channel: "peer_recommendation", deals: 1, amount: "0", withoutAmount: 1 },
      { channel: "community", deals: 2, amount: "1000.00", withoutAmount: 1 },
    ].sort((x, y) => (x.channel < y.channel ? -1 : 1)));
  });

  it("reports them: every model still adds up to the attributed amount, to the cent", async () => {
    const db = t.handle.db;
    const parsed = parseAttributionRequest({ from: "2026-01-01", to: "2026-03-31", model: "w_shaped", basis: "pipeline" }, "2026-06-30");
    if (!parsed.ok) throw new Error(parsed.error);
    const report = await buildAttributionReport(db, parsed.request, await velocityContext(db));
    expect(report.totals).toEqual({
      deals: 5, amount: "1500.00", withoutAmount: 3,
      attributedDeals: 3, attributedAmount: "1000.00", attributedWithoutAmount: 2,
      unattributedDeals: 2, unattributedAmount: "500.00", unattributedWithoutAmount: 1,
    });
    for (const model of attributionModels) {
      expect(report.channels.reduce((sum, c) => sum + Math.round(Number(c.credit[model]) * 100), 0), model).toBe(100_000);
    }
    const peer = report.channels.find((c) => c.channel === "peer_recommendation")!;
    expect(peer.credit.w_shaped).toBe("0.00");
    expect(peer.influenced).toEqual({ deals: 1, amount: "0.00", share: 0, withoutAmount: 1 });
  });
});
