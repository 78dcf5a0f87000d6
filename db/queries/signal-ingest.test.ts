/**
 * Ingest → derive → score → route on PGlite and PostgreSQL, on a hand-built dataset.
 *
 * Reps: Riley (active), Sam (active), Old Rep (deactivated). Acme (acme.com, ICP fit 90) is owned by
 * Riley; Globex (globex.com, fit 40) by Old Rep; Initech (fit 100) by Sam, with 20 touches and 4
 * meetings in the last 90 days.
 *
 * A pricing-page visit at Acme (25 points, half-life 7 days, 1 hour old at "now"):
 *   intent      = 100 × (1 − e^(−25 × 2^(−1/168) / 60))            = 33.96 (an hour is 1/168 of the half-life)
 *   engagement  = 100 × (1 − e^(−1 / 12))   (the visit itself)     = 8.00
 *   readiness   = 0.30 × 90 + 0.40 × 33.96 + 0.30 × 8.00           = 27 + 13.584 + 2.4 = 42.98
 *   → accelerated nurture, routed to Riley (the owner), no SLA.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import { accounts, apiKeys, meetings, touchpoints, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { SignalItemError } from "@/lib/errors";
import type { SignalInput } from "@/lib/signals/ingest-request";
import { forgetIngestContext } from "./ingest-context-cache";
import { ingestContext } from "./signal-context";
import { ingestSignal } from "./signal-ingest";
import { accountReadiness } from "./account-signals";
import { signalQueue } from "./signals";

const now = new Date("2026-11-27T15:00:00Z"); // a Friday
const hourAgo = new Date(now.getTime() - 3_600_000);
const signal = (over: Partial<SignalInput>): SignalInput => ({
  type: "pricing_page_depth",
  occurredAt: hourAgo,
  account: { domain: "acme.com" },
  contact: null,
  properties: {},
  idempotencyKey: null,
  ...over,
});

describe.each(testDrivers())("signal ingest on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    const [riley, sam, old] = await db
      .insert(users)
      .values([
        { email: "riley@x.com", name: "Riley", role: "sales", passwordHash: "x" },
        { email: "sam@x.com", name: "Sam", role: "sales", passwordHash: "x" },
        { email: "old@x.com", name: "Old Rep", role: "sales", passwordHash: "x", active: false },
      ])
      .returning();
    Object.assign(ids, { riley: riley!.id, sam: sam!.id, old: old!.id });
    const [acme, globex, initech] = await db
      .insert(accounts)
      .values([
        { name: "Acme", domain: "acme.com", icpFitScore: 90, ownerId: riley!.id },
        { name: "Globex", domain: "globex.com", icpFitScore: 40, ownerId: old!.id },
        { name: "Initech", domain: "initech.com", icpFitScore: 100, ownerId: sam!.id },
      ])
      .returning();
    Object.assign(ids, { acme: acme!.id, globex: globex!.id, initech: initech!.id });
    await db.insert(touchpoints).values(
      Array.from({ length: 20 }, (_, i) => ({ accountId: initech!.id, channel: "email" as const, type: "email_click", occurredAt: new Date(now.getTime() - (i + 1) * 86_400_000) })),
    );
    await db.insert(meetings).values(Array.from({ length: 4 }, (_, i) => ({ accountId: initech!.id, bookedAt: new Date(now.getTime() - (i + 2) * 86_400_000) })));
    forgetIngestContext();
  });
  afterAll(() => t.drop());

  const ingest = async (input: SignalInput, at = now) => ingestSignal(db, input, await ingestContext(db), { now: at });

  it("stores, scores and routes a signal to the account's owner", async () => {
    const result = await ingest(signal({ contact: { email: "Dana@Acme.com", name: "Dana" }, idempotencyKey: "web-1" }));
    expect(result).toMatchObject({ duplicate: false, accountId: ids.acme, track: "accelerated_nurture", routedTo: ids.riley, responseDueAt: null, crossedIntoHandoff: false });
    expect(result.score).toEqual({ fit: 90, intent: 33.96, engagement: 8, readiness: 42.98 });
    const scores = await queryRows<{ contact: boolean; readiness: string; explanation: { top: string[] } }>(
      db,
      sql`select contact_id is not null as contact, readiness, explanation from scores where signal_id = ${result.id} order by contact_id nulls first`,
    );
    expect(scores.map((s) => s.contact)).toEqual([false, true]);
    expect(scores[0]!.explanation.top[0]).toBe("Fit 90.0 × 0.30 = 27.0");
    const [contact] = await queryRows<{ email: string; accountId: number; name: string }>(db, sql`select email, account_id as "accountId", name from contacts where id = ${result.contactId}`);
    expect(contact).toEqual({ email: "dana@acme.com", accountId: ids.acme, name: "Dana" });
  });

  it("stores one signal per idempotency key and answers the first result again", async () => {
    const first = await ingest(signal({ type: "demo_request", idempotencyKey: "form-7" }));
    const again = await ingest(signal({ type: "demo_request", idempotencyKey: "form-7" }), new Date(now.getTime() + 60_000));
    const { created: _created, ...firstAnswer } = first;
    expect(again).toEqual({ ...firstAnswer, duplicate: true });
    const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from signals where idempotency_key = 'form-7'`);
    expect(row!.n).toBe(1);
  });

  it("never routes to a deactivated owner: the active reps take turns", async () => {
    const first = await ingest(signal({ account: { domain: "globex.com" } }));
    const second = await ingest(signal({ account: { domain: "globex.com" } }));
    expect([first.routedTo, second.routedTo].sort()).toEqual([ids.riley, ids.sam].sort());
    const [globex] = await queryRows<{ ownerId: number }>(db, sql`select owner_id as "ownerId" from accounts where id = ${ids.globex}`);
    expect(globex!.ownerId).toBe(ids.old); // the account keeps its owner; an admin reassigns it
  });

  it("creates an unknown account from its domain and gives it to the rep whose turn it is", async () => {
    const result = await ingest(signal({ account: { domain: "hooli-labs.io" }, contact: { email: "gavin@hooli-labs.io" } }));
    const [hooli] = await queryRows<{ name: string; ownerId: number }>(db, sql`select name, owner_id as "ownerId" from accounts where id = ${result.accountId}`);
    expect(hooli!.name).toBe("Hooli Labs");
    expect([ids.riley, ids.sam]).toContain(result.routedTo);
    expect(hooli!.ownerId).toBe(result.routedTo);
    const next = await ingest(signal({ account: { domain: "hooli-labs.io" } }));
    expect(next.routedTo).toBe(result.routedTo);
  });

  it("derives multiple stakeholders once a third person of the account shows up within a week, once a week", async () => {
    const people = ["a@acme.com", "b@acme.com", "c@acme.com", "d@acme.com"];
    const results = [];
    for (const [i, email] of people.entries()) {
      results.push(await ingest(signal({ type: "product_page_visit", contact: { email }, occurredAt: new Date(hourAgo.getTime() + i * 60_000) })));
    }
    // Dana (the first test) and a, b: the third distinct person is b.
    expect(results.map((r) => r.derived.map((d) => d.type))).toEqual([[], ["multiple_stakeholders"], [], []]);
  });

  it("derives a return after 30 quiet days, and not after 29", async () => {
    const quiet = (days: number) => new Date(hourAgo.getTime() - days * 86_400_000);
    const domain = "umbrella.com";
    await ingest(signal({ account: { domain }, type: "blog_visit", occurredAt: quiet(70) }));
    const after29 = await ingest(signal({ account: { domain }, type: "blog_visit", occurredAt: quiet(41) }));
    const after41 = await ingest(signal({ account: { domain }, type: "blog_visit", occurredAt: quiet(0) }));
    expect(after29.derived.map((d) => d.type)).toEqual([]);
    expect(after41.derived.map((d) => d.type)).toEqual(["return_after_dormancy"]);
  });

  it("puts a crossing into the 80+ band on the 5-minute SLA", async () => {
    // Initech: fit 100, engagement from 20 touches + 4 meetings; intent climbs with each demo request.
    let crossing = null;
    for (let i = 0; i < 6 && !crossing; i++) {
      const result = await ingest(signal({ account: { domain: "initech.com" }, type: "demo_request", occurredAt: new Date(hourAgo.getTime() + i * 1000) }));
      if (result.crossedIntoHandoff) crossing = result;
      else expect(result.score!.readiness).toBeLessThan(80);
    }
    expect(crossing).not.toBeNull();
    expect(crossing!.track).toBe("immediate_handoff");
    expect(crossing!.routedTo).toBe(ids.sam);
    expect(crossing!.responseDueAt!.getTime() - now.getTime()).toBe(5 * 60_000);
    const after = await ingest(signal({ account: { domain: "initech.com" }, type: "pricing_page_depth" }));
    expect(after).toMatchObject({ track: "immediate_handoff", crossedIntoHandoff: false });

    // The owner's queue: the crossing on top with its 5-minute SLA, then the newer handoff.
    const queue = await signalQueue(db, { userId: ids.sam!, now, meetingWindowDays: 14 });
    expect(queue.waiting.slice(0, 2).map((q) => [q.id, q.crossedIntoHandoff, q.responseDueAt?.toISOString()])).toEqual([
      [crossing!.id, true, new Date(now.getTime() + 5 * 60_000).toISOString()],
      [after.id, false, new Date(now.getTime() + 5 * 60_000).toISOString()],
    ]);
    expect(queue.waiting[0]!.top[0]).toMatch(/^Fit 100\.0 × 0\.30 = 30\.0$/);
  });

  it("puts co-engagement on a 1-business-day SLA: Friday's signal is due on Monday", async () => {
    await db.update(accounts).set({ icpFitScore: 100 }).where(sql`id = ${ids.acme}`);
    let result;
    for (let i = 0; i < 10; i++) {
      result = await ingest(signal({ type: "trial_signup", occurredAt: new Date(hourAgo.getTime() + i) }));
      if (result.track === "co_engagement") break;
    }
    expect(result!.track).toBe("co_engagement");
    expect(result!.responseDueAt!.toISOString()).toBe("2026-11-30T15:00:00.000Z");
  });

  it("refuses an account id that does not exist, storing nothing", async () => {
    const before = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from signals`);
    await expect(ingest(signal({ account: { id: 999_999 } }))).rejects.toThrow(SignalItemError);
    const after = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from signals`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it("stores concurrent repeats of one idempotency key once", async () => {
    const context = await ingestContext(db);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => ingestSignal(db, signal({ account: { domain: "stark.com" }, idempotencyKey: "burst-1" }), context, { now })),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from signals where idempotency_key = 'burst-1'`);
    expect(row!.n).toBe(1);
  });

  it("creates no account or contact for a repeated idempotency key, even when the repeats name other accounts at once", async () => {
    const context = await ingestContext(db);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        ingestSignal(db, signal({ account: { domain: `burst-${i}.com` }, contact: { email: `kim@burst-${i}.com` }, idempotencyKey: "burst-2" }), context, { now }),
      ),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    const [made] = await queryRows<{ accounts: number; contacts: number }>(
      db,
      sql`select (select count(*) from accounts where domain like 'burst-%')::int as accounts, (select count(*) from contacts where email like 'kim@burst-%')::int as contacts`,
    );
    expect(made).toEqual({ accounts: 1, contacts: 1 });
  });

  // Two connections at once: PostgreSQL only (PGlite has one connection).
  // Needs two connections at once: PostgreSQL only (PGlite has one).
  if (driver === "postgres")
  it("rolls back what it created when a writer that did not claim the key stores it first", async () => {
    const context = await ingestContext(db);
    const [acme] = await queryRows<{ id: number }>(db, sql`select id from accounts where domain = 'acme.com'`);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedOnce = new Promise<void>((resolve) => (inserted = resolve));
    const other = db.transaction(async (tx) => {
      const [row] = await queryRows<{ id: number }>(
        tx,
        sql`insert into signals (type, tier, account_id, occurred_at, idempotency_key) values ('blog_visit', 'low', ${acme!.id}, now(), 'unclaimed-1') returning id`,
      );
      inserted();
      await held;
      return row!.id;
    });
    await insertedOnce;
    const ingesting = ingestSignal(db, signal({ account: { domain: "unclaimed.com" }, contact: { email: "jo@unclaimed.com" }, idempotencyKey: "unclaimed-1" }), context, { now });
    await new Promise((resolve) => setTimeout(resolve, 300)); // ingest now waits on the other's row
    release();
    const otherId = await other;
    expect(await ingesting).toMatchObject({ id: otherId, duplicate: true, type: "blog_visit" });
    const [made] = await queryRows<{ accounts: number; contacts: number }>(
      db,
      sql`select (select count(*) from accounts where domain = 'unclaimed.com')::int as accounts, (select count(*) from contacts where email = 'jo@unclaimed.com')::int as contacts`,
    );
    expect(made).toEqual({ accounts: 0, contacts: 0 });
  });

  it("keeps each API key's idempotency keys apart, and the keyless import's apart from both", async () => {
    const [one, two] = await db
      .insert(apiKeys)
      .values([
        { name: "One", prefix: "pa_1", keyHash: "h1", scopes: ["signals:write"] },
        { name: "Two", prefix: "pa_2", keyHash: "h2", scopes: ["signals:write"] },
      ])
      .returning();
    const context = await ingestContext(db);
    const send = (apiKeyId: number | null, type: string) => ingestSignal(db, signal({ type, account: { domain: "soylent.com" }, idempotencyKey: "order-9" }), context, { now, apiKeyId });
    const first = await send(one!.id, "demo_request");
    const second = await send(two!.id, "pricing_page_depth");
    const keyless = await send(null, "webinar_attended");
    expect([first.duplicate, second.duplicate, keyless.duplicate]).toEqual([false, false, false]);
    expect(new Set([first.id, second.id, keyless.id]).size).toBe(3);
    expect(second.type).toBe("pricing_page_depth");
    expect(await send(two!.id, "demo_request")).toMatchObject({ id: second.id, duplicate: true, type: "pricing_page_depth" });
    expect(await send(null, "demo_request")).toMatchObject({ id: keyless.id, duplicate: true, type: "webinar_attended" });
  });

  it("finds the contact by email within the account; another account's contact is never attached nor scored", async () => {
    // Three signals of Pat at Globex, then Pat's email on a signal at Acme: a new contact at Acme,
    // scored on its own one signal (engagement 100 × (1 − e^(−1/12)) = 8.00), not on Globex's.
    const atGlobex = [];
    for (let i = 0; i < 3; i++) atGlobex.push(await ingest(signal({ account: { domain: "globex.com" }, contact: { email: "pat@globex.com", name: "Pat" }, occurredAt: new Date(hourAgo.getTime() + i) })));
    expect(new Set(atGlobex.map((r) => r.contactId)).size).toBe(1);
    const atAcme = await ingest(signal({ type: "case_study_view", contact: { email: "Pat@Globex.com" } }));
    expect(atAcme.accountId).toBe(ids.acme);
    expect(atAcme.contactId).not.toBe(atGlobex[0]!.contactId);
    const people = await queryRows<{ id: number; accountId: number; name: string }>(db, sql`select id, account_id as "accountId", name from contacts where lower(email) = 'pat@globex.com' order by id`);
    expect(people).toEqual([
      { id: atGlobex[0]!.contactId, accountId: ids.globex, name: "Pat" },
      { id: atAcme.contactId, accountId: ids.acme, name: "Pat" },
    ]);
    const [score] = await queryRows<{ engagement: string }>(db, sql`select engagement from scores where signal_id = ${atAcme.id} and contact_id = ${atAcme.contactId}`);
    expect(Number(score!.engagement)).toBe(8);
    const globexAgain = await ingest(signal({ account: { domain: "globex.com" }, contact: { email: "pat@globex.com" } }));
    expect(globexAgain.contactId).toBe(atGlobex[0]!.contactId);
  });

  it("shows the account its latest score with reasons, the weekly trend and the latest signals", async () => {
    const last = await ingest(signal({ account: { domain: "wayne.com" }, type: "competitor_comparison", contact: { email: "bruce@wayne.com", name: "Bruce" } }));
    const readiness = await accountReadiness(db, { accountId: last.accountId, today: "2026-11-27", timeZone: "UTC", weeks: 3 });
    expect(readiness.score).toMatchObject({ readiness: last.score!.readiness, fit: 50, intent: last.score!.intent });
    expect(readiness.score!.explanation.intent![0]).toMatchObject({ type: "competitor_comparison", label: "Competitor comparison" });
    // The score came at 15:00 on the 27th: the week ending that day (read to its end) has it, earlier weeks none.
    expect(readiness.trend).toEqual([
      { weekEnd: "2026-11-13", value: null },
      { weekEnd: "2026-11-20", value: null },
      { weekEnd: "2026-11-27", value: last.score!.readiness },
    ]);
    expect(readiness.signals).toMatchObject([{ id: last.id, label: "Competitor comparison", tier: "high", contactName: "Bruce", derived: false, respondedAt: null }]);
  });
});
