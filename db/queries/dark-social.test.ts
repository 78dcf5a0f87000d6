/**
 * Dark social and capture rate on a hand-built dataset (METRICS.md §4), on PGlite and PostgreSQL.
 *
 * March 2026 (UTC) has four leads: L1 (demo request, answered "Heard on GTM Weekly": podcast;
 * first touch search on 1 March, then paid ads), L2 (demo request, answered twice: "a friend",
 * peer, and "the RevOps slack", community; its only touch came after it, so untracked), L3 (demo
 * request, no answer) and L4 (not a demo request, answered "G2": review site; first touch paid
 * ads). L5 is a demo request from February with no answer.
 *
 * Over the answered March leads (3): self-reported podcast 1, peer ½, community ½, review site 1;
 * first touch search 1, untracked 1, paid ads 1. Capture: February 0 / 1, March 2 / 3, April 0 / 0.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, contacts, leads, selfReportedAnswers, touchpoints } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { captureRate, darkSocialRows } from "@/lib/metrics/dark-social";
import { unansweredDemoRequests } from "./answers";
import { captureCounts, darkSocialCounts, monthlyCapture } from "./dark-social";

const at = (iso: string) => new Date(iso);

describe.each(testDrivers())("dark social on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    const db = t.handle.db;
    const [a] = await db.insert(accounts).values({ name: "Acme" }).returning();
    const c = await db.insert(contacts).values([1, 2, 3, 4, 5].map((k) => ({ accountId: a!.id, name: `P${k}`, email: `p${k}@acme.com` }))).returning();
    const l = await db
      .insert(leads)
      .values([
        { contactId: c[0]!.id, accountId: a!.id, isDemoRequest: true, createdAt: at("2026-03-05T10:00:00Z") },
        { contactId: c[1]!.id, accountId: a!.id, isDemoRequest: true, createdAt: at("2026-03-20T10:00:00Z") },
        { contactId: c[2]!.id, accountId: a!.id, isDemoRequest: true, createdAt: at("2026-03-31T23:59:59Z") },
        { contactId: c[3]!.id, accountId: a!.id, isDemoRequest: false, createdAt: at("2026-03-10T10:00:00Z") },
        { contactId: c[4]!.id, accountId: a!.id, isDemoRequest: true, createdAt: at("2026-02-27T10:00:00Z") },
      ])
      .returning();
    await db.insert(touchpoints).values([
      { contactId: c[0]!.id, accountId: a!.id, channel: "paid_ads", type: "ad_click", occurredAt: at("2026-03-03T10:00:00Z") },
      { contactId: c[0]!.id, accountId: a!.id, channel: "search", type: "web_visit", occurredAt: at("2026-03-01T10:00:00Z") },
      { contactId: c[1]!.id, accountId: a!.id, channel: "linkedin", type: "ad_click", occurredAt: at("2026-03-21T10:00:00Z") },
      { contactId: c[3]!.id, accountId: a!.id, channel: "paid_ads", type: "ad_click", occurredAt: at("2026-03-10T10:00:00Z") },
    ]);
    await db.insert(selfReportedAnswers).values([
      { leadId: l[0]!.id, contactId: c[0]!.id, answer: "Heard on GTM Weekly", channel: "podcast" },
      { leadId: l[1]!.id, contactId: c[1]!.id, answer: "a friend", channel: "peer_recommendation" },
      { leadId: l[1]!.id, contactId: c[1]!.id, answer: "the RevOps slack", channel: "community" },
      { leadId: l[3]!.id, contactId: c[3]!.id, answer: "G2", channel: "review_site" },
    ]);
  });
  afterAll(() => t.drop());

  const march = { from: "2026-03-01", to: "2026-03-31", timeZone: "UTC" };

  it("counts the answered leads by the channel they named and by their first tracked touch", async () => {
    const counts = await darkSocialCounts(t.handle.db, march);
    expect(counts).toEqual({
      leads: 3,
      selfReported: { podcast: 1, peer_recommendation: 0.5, community: 0.5, review_site: 1 },
      firstTouch: { search: 1, paid_ads: 1, untracked: 1 },
    });
    const rows = darkSocialRows(counts);
    expect(rows[0]).toMatchObject({ channel: "podcast", selfReportedShare: 1 / 3, firstTouchShare: 0, delta: 1 / 3 });
    expect(rows.find((r) => r.channel === "search")!.delta).toBeCloseTo(-1 / 3, 12);
  });

  it("measures capture rate over demo requests in the period and month by month", async () => {
    const { demoRequests, answered } = await captureCounts(t.handle.db, march);
    expect([demoRequests, answered]).toEqual([3, 2]);
    expect(captureRate(answered, demoRequests)).toBeCloseTo(2 / 3, 12);
    expect(await monthlyCapture(t.handle.db, { last: "2026-04-15", months: 3, timeZone: "UTC" })).toEqual([
      { month: "2026-02-01", demoRequests: 1, answered: 0 },
      { month: "2026-03-01", demoRequests: 3, answered: 2 },
      { month: "2026-04-01", demoRequests: 0, answered: 0 },
    ]);
    // In New York, L3 (23:59 UTC on 31 March) came in on 31 March too; L1 moves nowhere.
    const ny = await monthlyCapture(t.handle.db, { last: "2026-03-15", months: 1, timeZone: "America/New_York" });
    expect(ny).toEqual([{ month: "2026-03-01", demoRequests: 3, answered: 2 }]);
  });

  it("lists the demo requests still waiting for an answer, newest first", async () => {
    const waiting = await unansweredDemoRequests(t.handle.db, { limit: 10 });
    expect(waiting.rows.map((r) => [r.email, r.createdAt])).toEqual([
      ["p3@acme.com", "2026-03-31T23:59:59Z"],
      ["p5@acme.com", "2026-02-27T10:00:00Z"],
    ]);
    expect([waiting.total, waiting.withEmail]).toEqual([2, 2]);
  });
});
