/**
 * The queue, responses, Layer 3 and the feed on PGlite and PostgreSQL, on a hand-built dataset.
 *
 * "Now" N = 2026-11-27 15:00 UTC; the period P is November 2026 in UTC; the meeting window is 14 days.
 * Riley (sales) owns Acme, Sam (sales) owns Globex; Ada is an admin, Mo a marketer. Signals, in id order:
 *   S1  pricing (high)  Acme,   Riley, immediate handoff, crossed into 80+, N−2 min, due N+3 min, unanswered
 *   S2  demo (high)     Acme,   Riley, immediate handoff, crossed,          N−10 min, due N−5 min, unanswered (overdue)
 *   S3  content (med.)  Acme,   Riley, co-engagement,                       N−1 h,   due N+1 day, unanswered
 *   S4  trial (high)    Acme,   Riley, accelerated nurture (no SLA),        N−30 min, unanswered
 *   S5  blog (low)      Acme,   Riley, programmatic nurture,                N−5 min — not a person's work
 *   S6  pricing (high)  Globex, Sam,   immediate handoff,                   N−1 min, due N+4 min, unanswered
 *   S7  pricing (high)  Acme,   Riley, immediate handoff,                   N−40 days — too old for the queue
 *   S8  demo (high)     Acme,   Riley, immediate handoff,  Nov 20 10:00, answered 10:04 (4 min), no meeting
 *   S9  pricing (high)  Acme,   Riley, co-engagement,      Nov 10 09:00, answered 09:10 (10 min), meeting Nov 12
 *   S10 pricing (high)  Globex, Sam,   immediate handoff,  Nov 5 12:00,  answered 12:20 (20 min)
 *   S11 review (high)   Globex, Sam,   co-engagement,      Oct 28 — before P
 * Meetings: Acme Nov 12 10:00 (after S9, before S8); Globex Nov 19 12:00, exactly 14 days after S10.
 *
 * Riley's queue: crossed first by due time S2, S1; then high intent newest first S4; then S3 → [S2, S1, S4, S3].
 *   Answered, no meeting, answered since Nov 13 15:00: [S8].
 * The admin's queue (handoff and co-engagement tracks, anyone's): [S2, S1, S6, S3].
 * Waiting counts: Riley 4, of which S2 is past due (S4 has no SLA) → 4 / 1; everyone's 4 / 1.
 * Layer 3 over P: high-intent received S1 S2 S4 S6 S8 S9 S10 = 7; answered S8 S9 S10 = 3, 4 unanswered;
 *   median of 240, 600, 1200 s = 600 s = 10 min.
 *   Followed by a meeting within 14 days: S9 (Acme Nov 12) and S10 (Globex at exactly +14 days) = 2 of 7.
 *   Immediate handoffs in P: S8 met (4 min, no due time stored → 5 min from receipt), S2 missed (overdue),
 *   S10 missed (20 min); S1 and S6 still within their SLA → 1 met, 2 missed, 2 pending.
 *   High intent in the last 7 days [Nov 20 15:00, N): S1 S2 S4 S6 = 4; the 7 before: S8 = 1.
 * Score bands, latest account-level score per account: Acme 79.99 (after an earlier 85) → 60–79;
 *   Globex 80 → 80–100; Initech 60 → 60–79; Umbrella 59.99 and Hooli 40 → 40–59; Wayne 39.99 → 0–39
 *   (its newer contact-level 95 is not the account's score) → 1, 2, 2, 1.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import { accounts, contacts, meetings, scores, signals, users, type NewSignal } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import type { FeedCursor } from "@/lib/signals/feed-cursor";
import { trackFor } from "@/lib/metrics/scoring";
import { layer3Aggregates, logMeeting, logSignalResponse, scoreBandCounts, signalFeed, signalFeedSince, signalQueue, waitingSignalCounts } from "./signals";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";

const N = new Date("2026-11-27T15:00:00Z");
const MIN = 60_000;
const ago = (ms: number) => new Date(N.getTime() - ms);
const at = (s: string) => new Date(s);
const P = { from: "2026-11-01", to: "2026-11-30", timeZone: "UTC", meetingWindowDays: 14 };

describe.each(testDrivers())("signal queue and Layer 3 on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  const u: Record<string, { id: number; role: "admin" | "sales" | "marketing" }> = {};
  const s: number[] = [0]; // s[1] is S1
  let acme = 0;
  let dana = 0;

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    const people = await db
      .insert(users)
      .values([
        { email: "riley@x.com", name: "Riley", role: "sales", passwordHash: "x" },
        { email: "sam@x.com", name: "Sam", role: "sales", passwordHash: "x" },
        { email: "ada@x.com", name: "Ada", role: "admin", passwordHash: "x" },
        { email: "mo@x.com", name: "Mo", role: "marketing", passwordHash: "x" },
      ])
      .returning();
    for (const p of people) u[p.name.toLowerCase()] = { id: p.id, role: p.role as "admin" | "sales" | "marketing" };
    const accountRows = await db
      .insert(accounts)
      .values([
        { name: "Acme", domain: "acme.com", ownerId: u.riley!.id },
        { name: "Globex", domain: "globex.com", ownerId: u.sam!.id },
        { name: "Initech" },
        { name: "Umbrella" },
        { name: "Hooli" },
        { name: "Wayne" },
      ])
      .returning();
    const a = Object.fromEntries(accountRows.map((r) => [r.name, r.id])) as Record<string, number>;
    acme = a.Acme!;
    const [contact, wayneContact] = await db
      .insert(contacts)
      .values([
        { accountId: acme, name: "Dana Diaz", email: "dana@acme.com", title: "Head of RevOps" },
        { accountId: a.Wayne!, name: "Bruce", email: "bruce@wayne.com" },
      ])
      .returning();
    dana = contact!.id;

    const riley = u.riley!.id;
    const sam = u.sam!.id;
    const drafts: Omit<NewSignal, "occurredAt">[] = [
      { type: "pricing_page_depth", tier: "high", accountId: acme, contactId: dana, receivedAt: ago(2 * MIN), track: "immediate_handoff", crossedIntoHandoff: true, routedTo: riley, responseDueAt: ago(-3 * MIN), payload: { page: "/pricing" } },
      { type: "demo_request", tier: "high", accountId: acme, receivedAt: ago(10 * MIN), track: "immediate_handoff", crossedIntoHandoff: true, routedTo: riley, responseDueAt: ago(5 * MIN) },
      { type: "content_download", tier: "medium", accountId: acme, receivedAt: ago(60 * MIN), track: "co_engagement", routedTo: riley, responseDueAt: ago(-24 * 60 * MIN) },
      { type: "trial_signup", tier: "high", accountId: acme, receivedAt: ago(30 * MIN), track: "accelerated_nurture", routedTo: riley },
      { type: "blog_visit", tier: "low", accountId: acme, receivedAt: ago(5 * MIN), track: "programmatic_nurture", routedTo: riley },
      { type: "pricing_page_depth", tier: "high", accountId: a.Globex!, receivedAt: ago(MIN), track: "immediate_handoff", routedTo: sam, responseDueAt: ago(-4 * MIN) },
      { type: "pricing_page_depth", tier: "high", accountId: acme, receivedAt: ago(40 * 24 * 60 * MIN), track: "immediate_handoff", routedTo: riley },
      { type: "demo_request", tier: "high", accountId: acme, contactId: dana, receivedAt: at("2026-11-20T10:00:00Z"), track: "immediate_handoff", routedTo: riley, firstResponseAt: at("2026-11-20T10:04:00Z"), respondedBy: riley },
      { type: "pricing_page_depth", tier: "high", accountId: acme, receivedAt: at("2026-11-10T09:00:00Z"), track: "co_engagement", routedTo: riley, firstResponseAt: at("2026-11-10T09:10:00Z"), meetingBookedAt: at("2026-11-12T10:00:00Z") },
      { type: "pricing_page_depth", tier: "high", accountId: a.Globex!, receivedAt: at("2026-11-05T12:00:00Z"), track: "immediate_handoff", routedTo: sam, firstResponseAt: at("2026-11-05T12:20:00Z") },
      { type: "review_site_research", tier: "high", accountId: a.Globex!, receivedAt: at("2026-10-28T12:00:00Z"), track: "co_engagement", routedTo: sam, firstResponseAt: at("2026-10-28T12:05:00Z") },
    ];
    const rows: NewSignal[] = drafts.map((r) => ({ occurredAt: r.receivedAt!, ...r }));
    for (const row of rows) {
      const [inserted] = await db.insert(signals).values(row).returning({ id: signals.id });
      s.push(inserted!.id);
    }
    await db.insert(meetings).values([
      { accountId: acme, bookedAt: at("2026-11-12T10:00:00Z") },
      { accountId: a.Globex!, bookedAt: at("2026-11-19T12:00:00Z") },
    ]);
    const explanation = (top: string[], intent: { type: string; label: string; points: number }[] = []) => ({ fit: [], engagement: [], intent, top });
    const score = (accountId: number, readiness: string, computedAt: Date, extra: Partial<typeof scores.$inferInsert> = {}) => ({
      accountId,
      fit: "50",
      intent: "50",
      engagement: "50",
      readiness,
      computedAt,
      explanation: explanation([`Readiness ${readiness}`]),
      ...extra,
    });
    await db.insert(scores).values([
      score(acme, "85.00", at("2026-11-01T00:00:00Z")),
      score(acme, "79.99", ago(2 * MIN), { signalId: s[1], explanation: explanation(["Intent 62.0 × 0.40 = 24.8", "Fit 90.0 × 0.30 = 27.0"], [{ type: "pricing_page_depth", label: "Pricing page depth", points: 24.9 }]) }),
      // the contact's own score on the same signal: not the account's explanation
      score(acme, "99.00", ago(2 * MIN), { signalId: s[1], contactId: dana, explanation: explanation(["Contact-level"]) }),
      score(a.Globex!, "80.00", ago(MIN)),
      score(a.Initech!, "60.00", ago(MIN)),
      score(a.Umbrella!, "59.99", ago(MIN)),
      score(a.Hooli!, "40.00", ago(MIN)),
      score(a.Wayne!, "39.99", ago(2 * MIN)),
      score(a.Wayne!, "95.00", ago(MIN), { contactId: wayneContact!.id }),
    ]);
  });
  afterAll(() => t.drop());

  const ids = (list: { id: number }[]) => list.map((r) => s.indexOf(r.id));

  it("orders a rep's queue: crossed into handoff by due time, then high intent newest first, then the rest", async () => {
    const queue = await signalQueue(db, { userId: u.riley!.id, now: N, meetingWindowDays: 14 });
    expect(ids(queue.waiting)).toEqual([2, 1, 4, 3]);
    expect(ids(queue.respondedNoMeeting)).toEqual([8]);
    // The counts the overview shows come with the list, one computation for both.
    expect(queue.waitingCounts).toEqual({ waiting: 4, overdue: 1 });
    const s1 = queue.waiting[1]!;
    expect(s1).toMatchObject({
      typeLabel: "Pricing page depth",
      tier: "high",
      account: { id: acme, name: "Acme" },
      contact: { name: "Dana Diaz", email: "dana@acme.com", title: "Head of RevOps" },
      routedTo: { name: "Riley" },
      readiness: null,
      track: "immediate_handoff",
      crossedIntoHandoff: true,
      responseDueAt: ago(-3 * MIN),
      receivedAt: ago(2 * MIN),
      payload: { page: "/pricing" },
      top: ["Intent 62.0 × 0.40 = 24.8", "Fit 90.0 × 0.30 = 27.0"],
      intent: [{ type: "pricing_page_depth", label: "Pricing page depth", points: 24.9 }],
    });
    expect(s1.playbook).toMatch(/5 minutes/);
    expect(queue.waiting[0]!.top).toEqual([]);
    // a handoff stored without a due time is held to 5 minutes from receipt
    expect(queue.respondedNoMeeting[0]!.responseDueAt).toEqual(at("2026-11-20T10:05:00Z"));
  });

  it("counts the signals waiting and those past their SLA, as the overview shows them", async () => {
    expect(await waitingSignalCounts(db, { userId: u.riley!.id, now: N })).toEqual({ waiting: 4, overdue: 1 });
    expect(await waitingSignalCounts(db, { userId: null, now: N })).toEqual({ waiting: 4, overdue: 1 });
    expect(await waitingSignalCounts(db, { userId: u.riley!.id, now: ago(-10 * MIN) })).toEqual({ waiting: 4, overdue: 2 });
  });

  it("gives an admin everyone's unanswered handoff and co-engagement signals", async () => {
    const queue = await signalQueue(db, { userId: null, now: N, meetingWindowDays: 14 });
    expect(ids(queue.waiting)).toEqual([2, 1, 6, 3]);
    expect(ids(queue.respondedNoMeeting)).toEqual([8]);
  });

  it("pages the waiting signals in queue order, with how many wait in all on every page", async () => {
    const page = (n: number) => signalQueue(db, { userId: null, now: N, meetingWindowDays: 14, page: n, pageSize: 3 });
    const [first, second, past] = await Promise.all([page(1), page(2), page(3)]);
    expect(ids(first.waiting)).toEqual([2, 1, 6]);
    expect(ids(second.waiting)).toEqual([3]);
    expect(past.waiting).toEqual([]);
    for (const q of [first, second, past]) {
      expect(q.waitingCounts.waiting).toBe(4);
      expect(ids(q.respondedNoMeeting)).toEqual([8]);
    }
    const rep = await signalQueue(db, { userId: u.riley!.id, now: N, meetingWindowDays: 14, page: 2, pageSize: 2 });
    expect(ids(rep.waiting)).toEqual([4, 3]);
    expect(rep.waitingCounts.waiting).toBe(4);
  });

  it("computes Layer 3 over the period", async () => {
    const l3 = await layer3Aggregates(db, { ...P, now: N });
    expect(l3).toEqual({
      activeThisWeek: 4,
      activePreviousWeek: 1,
      high: 7,
      answered: 3,
      medianResponseSeconds: 600,
      withMeeting: 2,
      handoffs: { met: 1, missed: 2, pending: 2 },
    });
  });

  it("shortens the meeting window and a meeting at the edge stops counting", async () => {
    const l3 = await layer3Aggregates(db, { ...P, meetingWindowDays: 13, now: N });
    expect(l3.withMeeting).toBe(1);
  });

  it("bands each account's latest account-level score on the router's edges", async () => {
    expect(await scoreBandCounts(db)).toEqual({ immediate_handoff: 1, co_engagement: 2, accelerated_nurture: 2, programmatic_nurture: 1 });
    // the SQL edges are trackFor's
    expect([80, 79.99, 60, 59.99, 40, 39.99].map(trackFor)).toEqual(["immediate_handoff", "co_engagement", "co_engagement", "accelerated_nurture", "accelerated_nurture", "programmatic_nurture"]);
  });

  it("feeds the newest signals with a cursor past the last one stored, and every signal since a cursor, a page at a time", async () => {
    const { signals: feed, cursor } = await signalFeed(db, { limit: 3 });
    expect(ids(feed)).toEqual([11, 10, 9]);
    expect(feed[0]).toMatchObject({ typeLabel: "Review site research", tier: "high", accountName: "Globex", routedTo: "Sam", track: "co_engagement", receivedAt: "2026-10-28T12:00:00.000Z" });
    expect(await signalFeedSince(db, { cursor })).toEqual({ signals: [], cursor, more: false });

    const seen: number[] = [];
    let from: FeedCursor = { txid: "0", id: 0, inFlight: [] };
    let pages = 0;
    for (let more = true; more; pages++) {
      const page = await signalFeedSince(db, { cursor: from, limit: 4 });
      seen.push(...ids(page.signals));
      ({ cursor: from, more } = page);
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    expect(from).toEqual(cursor);
  });

  it("logs the first response once, from the rep it was routed to or an admin", async () => {
    const opts = { now: ago(-MIN), timeZone: "UTC" };
    await expect(logSignalResponse(db, { signalId: s[1]!, user: u.sam!, ...opts })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(logSignalResponse(db, { signalId: s[1]!, user: u.mo!, ...opts })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(logSignalResponse(db, { signalId: 999_999, user: u.ada!, ...opts })).rejects.toBeInstanceOf(NotFoundError);
    expect(await logSignalResponse(db, { signalId: s[1]!, user: u.riley!, ...opts })).toEqual({ respondedAt: ago(-MIN) });
    const again = logSignalResponse(db, { signalId: s[1]!, user: u.ada!, ...opts });
    await expect(again).rejects.toBeInstanceOf(ConflictError);
    await expect(again).rejects.toThrow("This signal was already answered by Riley on Nov 27, 2026, 3:01 PM.");
    // an admin answers anyone's
    await logSignalResponse(db, { signalId: s[6]!, user: u.ada!, ...opts });
    const audit = await queryRows<{ userId: number; field: string }>(db, sql`select user_id as "userId", field from audit_log where entity = 'signal' and entity_id = ${String(s[1])}`);
    expect(audit).toEqual([{ userId: u.riley!.id, field: "first_response_at" }]);

    const queue = await signalQueue(db, { userId: u.riley!.id, now: ago(-2 * MIN), meetingWindowDays: 14 });
    expect(ids(queue.waiting)).toEqual([2, 4, 3]);
    expect(ids(queue.respondedNoMeeting)).toEqual([1, 8]);
    // S1 answered after 3 min and S6 after 2: 120, 180, 240, 600, 1200 s → median 240 s
    expect((await layer3Aggregates(db, { ...P, now: N })).medianResponseSeconds).toBe(240);
  });

  it("lets only one of two simultaneous responses count", async () => {
    const opts = { signalId: s[3]!, now: N, timeZone: "UTC" };
    const results = await Promise.allSettled([logSignalResponse(db, { ...opts, user: u.riley! }), logSignalResponse(db, { ...opts, user: u.ada! })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ConflictError);
  });

  it("logs a meeting: a meetings row, the signal's booking time, and a first response if it had none", async () => {
    const opts = { now: ago(-5 * MIN), timeZone: "UTC" };
    const booked = await logMeeting(db, { signalId: s[8]!, user: u.riley!, ...opts });
    expect(booked.firstResponse).toBe(false);
    const [meeting] = await queryRows<{ accountId: number; contactId: number; signalId: number; bookedBy: number; bookedAt: number }>(
      db,
      sql`select account_id as "accountId", contact_id as "contactId", signal_id as "signalId", booked_by as "bookedBy", (extract(epoch from booked_at) * 1000)::float8 as "bookedAt" from meetings where id = ${booked.meetingId}`,
    );
    expect(meeting).toEqual({ accountId: acme, contactId: dana, signalId: s[8], bookedBy: u.riley!.id, bookedAt: ago(-5 * MIN).getTime() });
    await expect(logMeeting(db, { signalId: s[8]!, user: u.riley!, ...opts })).rejects.toThrow("A meeting was already booked from this signal on Nov 27, 2026, 3:05 PM.");
    await expect(logMeeting(db, { signalId: s[8]!, user: u.sam!, ...opts })).rejects.toBeInstanceOf(ForbiddenError);

    expect((await logMeeting(db, { signalId: s[4]!, user: u.riley!, ...opts })).firstResponse).toBe(true);
    const [s4] = await queryRows<{ respondedBy: number; first: number; booked: number }>(
      db,
      sql`select responded_by as "respondedBy", (extract(epoch from first_response_at) * 1000)::float8 as first, (extract(epoch from meeting_booked_at) * 1000)::float8 as booked from signals where id = ${s[4]}`,
    );
    expect(s4).toEqual({ respondedBy: u.riley!.id, first: ago(-5 * MIN).getTime(), booked: ago(-5 * MIN).getTime() });
    const fields = await queryRows<{ field: string }>(db, sql`select field from audit_log where entity = 'signal' and entity_id = ${String(s[4])} order by id`);
    expect(fields.map((f) => f.field)).toEqual(["meeting_booked_at", "first_response_at"]);

    const queue = await signalQueue(db, { userId: u.riley!.id, now: ago(-6 * MIN), meetingWindowDays: 14 });
    expect(ids(queue.waiting)).toEqual([2]);
    expect(ids(queue.respondedNoMeeting)).toEqual([1, 3]);
  });
});
