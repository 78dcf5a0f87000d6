/**
 * Notifications on PGlite and PostgreSQL: events raised where they happen (handoff, Tier 1
 * stakeholder, SLA and dark-role watches with a moved clock), each once per episode, the inbox, the
 * channel choices, and deliveries against a local HTTP receiver and a local SMTP sink.
 *
 * Sam (rep) owns Initech (fit 100, 20 touches and 4 meetings in the last 90 days): a few demo
 * requests take it to 80+, an immediate handoff routed to Sam with a 5-minute SLA.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/index";
import { editBuyingGroup } from "@/db/queries/buying-groups";
import { forgetIngestContext } from "@/db/queries/ingest-context-cache";
import {
  channelChoices,
  claimDueDeliveries,
  createWebhook,
  inbox,
  markAllRead,
  markRead,
  recordEvent,
  saveChannelChoices,
  setWebhookActive,
  unreadCount,
  webhookDeliveries,
} from "@/db/queries/notifications";
import { ingestContext } from "@/db/queries/signal-context";
import { ingestSignal } from "@/db/queries/signal-ingest";
import {
  accounts,
  auditLog,
  contacts,
  meetings,
  notificationDeliveries,
  notificationEventLog,
  notifications,
  opportunities,
  opportunityContacts,
  pipelineStages,
  signals,
  touchpoints,
  users,
  webhooks,
} from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { NotFoundError } from "@/lib/errors";
import { freePort } from "@/lib/cli/free-port";
import type { SignalInput } from "@/lib/signals/ingest-request";
import { deliverDue, type Senders } from "./deliver";
import { notifyImportEnded } from "./events";
import { notify } from "./notify";
import { smtpMailer } from "./send";
import { verifyWebhook } from "./signing";
import { checkDarkRoles, checkResponseSlas } from "./watch";

const now = new Date("2026-11-27T15:00:00Z");
const DAY = 86_400_000;

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver answering each request with the next status of `statuses` (then 200). */
async function receiver(statuses: number[]): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body });
      response.statusCode = statuses.shift() ?? 200;
      response.end(response.statusCode === 200 ? "ok" : "receiver is down");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A local SMTP server keeping every message it is given. */
async function smtpSink(): Promise<{ url: string; messages: { to: string[]; raw: string }[]; close: () => Promise<void> }> {
  const messages: { to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      stream.on("end", () => {
        messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe.each(testDrivers())("notifications on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    const people = await db
      .insert(users)
      .values([
        { email: "sam@x.com", name: "Sam", role: "sales", passwordHash: "x" },
        { email: "riley@x.com", name: "Riley", role: "sales", passwordHash: "x" },
        { email: "mia@x.com", name: "Mia", role: "marketing", passwordHash: "x" },
        { email: "ed@x.com", name: "Ed", role: "executive", passwordHash: "x" },
        { email: "ada@x.com", name: "Ada", role: "admin", passwordHash: "x" },
        { email: "gone@x.com", name: "Gone", role: "sales", passwordHash: "x", active: false },
      ])
      .returning();
    for (const p of people) ids[p.name.toLowerCase()] = p.id;
    const [initech, acme] = await db
      .insert(accounts)
      .values([
        { name: "Initech", domain: "initech.com", icpFitScore: 100, ownerId: ids.sam, abmTier: "tier_1" },
        { name: "Acme", domain: "acme.com", icpFitScore: 60, ownerId: ids.riley, abmTier: "tier_2" },
      ])
      .returning();
    Object.assign(ids, { initech: initech!.id, acme: acme!.id });
    await db.insert(touchpoints).values(
      Array.from({ length: 20 }, (_, i) => ({ accountId: initech!.id, channel: "email" as const, type: "email_click", occurredAt: new Date(now.getTime() - (i + 1) * DAY) })),
    );
    await db.insert(meetings).values(Array.from({ length: 4 }, (_, i) => ({ accountId: initech!.id, bookedAt: new Date(now.getTime() - (i + 2) * DAY) })));
    forgetIngestContext();
  });
  afterAll(() => t.drop());

  const demo = (at: Date, i: number): SignalInput => ({
    type: "demo_request",
    occurredAt: new Date(at.getTime() - 60_000 + i * 1000),
    account: { domain: "initech.com" },
    contact: { email: "peter@initech.com", name: "Peter Gibbons" },
    properties: {},
    idempotencyKey: null,
  });
  const inboxOf = (name: string) => inbox(db, ids[name]!);
  const clear = async () => {
    await db.delete(notificationEventLog);
    await db.delete(webhooks);
  };

  it("tells the rep of an immediate handoff at once, once per burst of the account's signals", async () => {
    await clear();
    const hook = await createWebhook(db, { name: "Sales channel", url: "http://127.0.0.1:9/hook", events: ["handoff"] }, ids.ada!);
    let handoffs = 0;
    for (let i = 0; i < 8 && handoffs < 2; i++) {
      const result = await ingestSignal(db, demo(now, i), await ingestContext(db), { now: new Date(now.getTime() + i * 1000) });
      if (result.track === "immediate_handoff") handoffs++;
    }
    expect(handoffs).toBe(2);
    const samInbox = await inboxOf("sam");
    expect(samInbox).toHaveLength(1);
    expect(samInbox[0]).toMatchObject({ event: "handoff", link: `/signals?account=${ids.initech}`, readAt: null });
    expect(samInbox[0]!.title).toMatch(/^Immediate handoff: Initech at \d+$/);
    expect(samInbox[0]!.body).toMatch(/^Demo request from Peter Gibbons\. Readiness \d+: respond by 15:0\d UTC\.$/);
    expect(await inboxOf("riley")).toEqual([]);
    // The webhook gets the one event; no e-mail is queued without a mail server.
    const queued = await db.select().from(notificationDeliveries);
    expect(queued.map((d) => [d.channel, d.webhookId])).toEqual([["webhook", hook.id]]);

    // 31 minutes later the burst is over: the next handoff is news again.
    await ingestSignal(db, demo(new Date(now.getTime() + 31 * 60_000), 0), await ingestContext(db), { now: new Date(now.getTime() + 31 * 60_000) });
    expect(await inboxOf("sam")).toHaveLength(2);
    expect(await unreadCount(db, ids.sam!)).toBe(2);
  });

  it("never fails what happened when notifying fails", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const kept = await db.transaction(async (tx) => {
      const [row] = await tx.insert(auditLog).values({ userId: ids.ada, entity: "test", entityId: "1", field: "kept", oldValue: null, newValue: "yes" }).returning();
      // An event the database refuses (not one of its kinds): logged, and the transaction goes on.
      const raised = await notify(tx, { event: "no_such_event" as never, subject: null, title: "x", body: "x", link: null, recipients: [ids.sam!] });
      expect(raised).toBeNull();
      return row!.id;
    });
    expect(await db.select().from(auditLog).where(eq(auditLog.id, kept))).toHaveLength(1);
    expect(spy).toHaveBeenCalledWith(expect.stringMatching(/Notifying "no_such_event"/), expect.anything());
    spy.mockRestore();
  });

  it("follows each user's choices, leaves out deactivated users and roles the event does not concern", async () => {
    await clear();
    await saveChannelChoices(db, { id: ids.riley!, role: "sales" }, new Map([["sla_breached", { in_app: false, email: true }]]));
    expect((await channelChoices(db, { id: ids.riley!, role: "sales" })).get("sla_breached")).toEqual({ in_app: false, email: true });
    expect((await channelChoices(db, { id: ids.riley!, role: "sales" })).has("weekly_review")).toBe(false);
    await expect(saveChannelChoices(db, { id: ids.riley!, role: "sales" }, new Map([["weekly_review", { in_app: true, email: true }]]))).rejects.toThrow(/does not concern your role/);

    const raised = await recordEvent(
      db,
      { event: "sla_breached", subject: "signal:1", title: "Overdue", body: "…", link: "/signals", recipients: [ids.sam!, ids.riley!, ids.gone!, ids.ed!] },
      { email: true },
    );
    // Sam: in the app and by e-mail (the defaults); Riley: e-mail only; Gone: deactivated; Ed: an executive.
    expect(raised).toMatchObject({ inbox: 1, deliveries: 2 });
    expect((await inboxOf("sam")).map((n) => n.title)).toEqual(["Overdue"]);
    expect(await inboxOf("riley")).toEqual([]);
    expect((await db.select().from(notificationDeliveries)).map((d) => d.target).sort()).toEqual(["riley@x.com", "sam@x.com"]);
    // The same episode again: nothing new.
    expect(await recordEvent(db, { event: "sla_breached", subject: "signal:1", title: "Overdue", body: "…", link: null, recipients: [ids.sam!] }, { email: true })).toBeNull();
  });

  it("keeps each inbox its owner's: another user's notification cannot be read or marked", async () => {
    await clear();
    await recordEvent(db, { event: "import_finished", subject: null, title: "First", body: "", link: "/import/1", recipients: [ids.ada!] }, { email: false });
    await recordEvent(db, { event: "import_failed", subject: null, title: "Second", body: "", link: null, recipients: [ids.ada!] }, { email: false });
    const [second, first] = await inbox(db, ids.ada!);
    await expect(markRead(db, ids.sam!, first!.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await markRead(db, ids.ada!, first!.id)).toEqual({ link: "/import/1" });
    expect(await unreadCount(db, ids.ada!)).toBe(1);
    // "Mark all read" marks what the page showed, not what arrived after it.
    await recordEvent(db, { event: "import_finished", subject: null, title: "Third", body: "", link: null, recipients: [ids.ada!] }, { email: false });
    expect(await markAllRead(db, ids.ada!, second!.id)).toBe(1);
    expect((await inbox(db, ids.ada!, { unreadOnly: true })).map((n) => n.title)).toEqual(["Third"]);
  });

  it("tells the import's admin when it finished or failed, not when a dry run validated", async () => {
    await clear();
    const base = { importId: 7, fileName: "deals.csv", createdBy: ids.ada!, createdRows: 1200, updatedRows: 34, failedRows: 0, message: null };
    await notifyImportEnded(db, { ...base, run: "dry_run", status: "validated" });
    await notifyImportEnded(db, { ...base, run: "commit", status: "completed" });
    await notifyImportEnded(db, { ...base, run: "commit", status: "failed", message: "Row 14, Amount: “12,OOO” is not an amount." });
    expect((await inboxOf("ada")).map((n) => [n.event, n.title, n.body])).toEqual([
      ["import_failed", "The import of deals.csv failed", "Row 14, Amount: “12,OOO” is not an amount."],
      ["import_finished", "Import finished: deals.csv", "1,200 created, 34 updated."],
    ]);
  });

  it("tells the account's owner and the ABM team of a new stakeholder on a Tier 1 account, not the one who added it", async () => {
    await clear();
    const [account] = await db.select({ version: accounts.buyingGroupVersion }).from(accounts).where(eq(accounts.id, ids.initech!));
    await editBuyingGroup(db, { accountId: ids.initech!, expectedVersion: account!.version, actorId: ids.ada!, edit: { kind: "add", name: "Joanna", title: "CFO", role: "economic_buyer" } });
    for (const name of ["sam", "mia"]) {
      expect((await inboxOf(name)).map((n) => [n.title, n.body])).toEqual([["New stakeholder at Initech (Tier 1)", "Joanna, CFO, joined the buying group as Economic Buyer; added by Ada."]]);
    }
    expect(await inboxOf("ada")).toEqual([]);
    // Tier 2: no one is told.
    const [acme] = await db.select({ version: accounts.buyingGroupVersion }).from(accounts).where(eq(accounts.id, ids.acme!));
    await editBuyingGroup(db, { accountId: ids.acme!, expectedVersion: acme!.version, actorId: ids.ada!, edit: { kind: "add", name: "Bob", title: null, role: null } });
    expect(await inboxOf("riley")).toEqual([]);
  });

  it("warns the rep before a response SLA breaches and again when it breaches, once each, as the clock moves", async () => {
    await clear();
    const routedAt = new Date("2026-12-01T09:00:00Z");
    const dueAt = new Date(routedAt.getTime() + 5 * 60_000);
    const [waiting] = await db
      .insert(signals)
      .values({ type: "demo_request", tier: "high", accountId: ids.acme!, occurredAt: routedAt, receivedAt: routedAt, track: "immediate_handoff", routedTo: ids.riley, routedAt, responseDueAt: dueAt })
      .returning();
    await saveChannelChoices(db, { id: ids.riley!, role: "sales" }, new Map([["sla_breached", { in_app: true, email: false }]]));
    const at = (ms: number) => checkResponseSlas(db, new Date(routedAt.getTime() + ms));

    // A quarter of 5 minutes (75 s) before the deadline: not at 3:44, warned at 3:45.
    expect(await at(224_000)).toEqual({ warned: 0, breached: 0 });
    expect(await at(225_000)).toEqual({ warned: 1, breached: 0 });
    expect(await at(240_000)).toEqual({ warned: 0, breached: 0 });
    expect(await at(300_000)).toEqual({ warned: 0, breached: 0 });
    expect(await at(301_000)).toEqual({ warned: 0, breached: 1 });
    expect(await at(360_000)).toEqual({ warned: 0, breached: 0 });
    expect((await inboxOf("riley")).map((n) => [n.event, n.title, n.link])).toEqual([
      ["sla_breached", "Response overdue: Acme", `/signals?account=${ids.acme}`],
      ["sla_warning", "Respond within 1 min: Acme", `/signals?account=${ids.acme}`],
    ]);

    // Answered in time: no breach.
    const [answered] = await db
      .insert(signals)
      .values({ type: "demo_request", tier: "high", accountId: ids.acme!, occurredAt: routedAt, receivedAt: routedAt, track: "immediate_handoff", routedTo: ids.riley, routedAt, responseDueAt: dueAt, firstResponseAt: new Date(routedAt.getTime() + 60_000) })
      .returning();
    await db.delete(notificationEventLog);
    expect(await at(301_000)).toEqual({ warned: 0, breached: 1 });
    expect((await db.select({ subject: notificationEventLog.subject }).from(notificationEventLog)).map((e) => e.subject)).toEqual([`signal:${waiting!.id}`]);
    expect(answered!.id).not.toBe(waiting!.id);
    // A deadline over an hour old is old news (e.g. the server was off): nothing.
    await db.delete(notificationEventLog);
    expect(await at(300_000 + 61 * 60_000)).toEqual({ warned: 0, breached: 0 });
    await db.delete(signals).where(eq(signals.accountId, ids.acme!));
  });

  it("tells a deal's owner once when a buying-group role goes dark, and again after a new touch goes dark", async () => {
    await clear();
    const [stage] = await db.select({ id: pipelineStages.id }).from(pipelineStages).limit(1);
    const [deal] = await db
      .insert(opportunities)
      .values({ name: "Acme expansion", accountId: ids.acme!, ownerId: ids.riley, stageId: stage!.id, amount: "48000.00", createdAt: new Date("2026-10-01T00:00:00Z"), status: "open" })
      .returning();
    const [carol] = await db.insert(contacts).values({ accountId: ids.acme!, name: "Carol", buyingGroupRole: "technical_evaluator" }).returning();
    const lastTouch = new Date("2026-10-20T12:00:00Z");
    await db.insert(opportunityContacts).values({ opportunityId: deal!.id, contactId: carol!.id, buyingGroupRole: "technical_evaluator", status: "engaged", lastTouchAt: lastTouch });

    // Dark after 30 days (the default): dark on Nov 19 at noon.
    expect(await checkDarkRoles(db, new Date("2026-11-19T11:00:00Z"))).toEqual({ notified: 0 });
    expect(await checkDarkRoles(db, new Date("2026-11-19T13:00:00Z"))).toEqual({ notified: 1 });
    expect(await checkDarkRoles(db, new Date("2026-11-20T13:00:00Z"))).toEqual({ notified: 0 });
    const [notice] = await inboxOf("riley");
    expect(notice).toMatchObject({ event: "role_dark", title: "Technical Evaluator gone dark on Acme expansion", link: `/deals/${deal!.id}` });
    expect(notice!.body).toMatch(/^Carol \(Technical Evaluator\) at Acme: no touch in 30 days\. Re-engage Carol/);

    // A new touch, then dark again: a new episode.
    await db
      .update(opportunityContacts)
      .set({ lastTouchAt: new Date("2026-11-21T12:00:00Z") })
      .where(and(eq(opportunityContacts.opportunityId, deal!.id), eq(opportunityContacts.contactId, carol!.id)));
    expect(await checkDarkRoles(db, new Date("2026-12-21T13:00:00Z"))).toEqual({ notified: 1 });
    // Dark for over a week already when first seen: old news.
    await db.delete(notificationEventLog);
    expect(await checkDarkRoles(db, new Date("2027-01-05T13:00:00Z"))).toEqual({ notified: 0 });
    await db.delete(opportunities).where(eq(opportunities.id, deal!.id));
  });

  it("posts to a webhook signed, retries after a 500 with back-off, and logs each attempt", async () => {
    await clear();
    const site = await receiver([500]);
    try {
      const hook = await createWebhook(db, { name: "Slack", url: site.url, events: ["weekly_review"] }, ids.ada!);
      await recordEvent(db, { event: "weekly_review", subject: "report:1", title: "Weekly velocity review ready", body: "Nov 23 – Nov 29", link: "/reports/1", recipients: [ids.ed!], at: now }, { email: false });
      const senders: Senders = { baseUrl: "https://revops.example.com", mailer: null };

      expect(await deliverDue(db, senders, { now: () => now })).toEqual({ sent: 0, retrying: 1, failed: 0 });
      // Not due again until a minute later.
      expect(await deliverDue(db, senders, { now: () => new Date(now.getTime() + 59_000) })).toEqual({ sent: 0, retrying: 0, failed: 0 });
      expect(await deliverDue(db, senders, { now: () => new Date(now.getTime() + 60_000) })).toEqual({ sent: 1, retrying: 0, failed: 0 });

      expect(site.received).toHaveLength(2);
      const last = site.received[1]!;
      const body = JSON.parse(last.body);
      expect(body).toMatchObject({ event: "weekly_review", title: "Weekly velocity review ready", url: "https://revops.example.com/reports/1" });
      expect(body.text).toBe("*Weekly velocity review ready*\nNov 23 – Nov 29\n<https://revops.example.com/reports/1|Open in Pipeline Accelerator>");
      expect(last.headers["content-type"]).toBe("application/json");
      const timestamp = last.headers["x-pipeline-timestamp"] as string;
      expect(Number(timestamp)).toBe(Math.floor((now.getTime() + 60_000) / 1000));
      const check = { timestamp, signature: last.headers["x-pipeline-signature"] as string, body: last.body };
      expect(verifyWebhook(hook.secret, check, { now: new Date(now.getTime() + 60_000) })).toBe(true);
      expect(verifyWebhook("whsec_wrong", check, { now: new Date(now.getTime() + 60_000) })).toBe(false);

      const [log] = await webhookDeliveries(db, hook.id);
      expect(log).toMatchObject({ state: "sent", attempts: 2, lastError: null });
      expect(log!.tries.map((x) => [x.ok, x.status, x.error])).toEqual([
        [false, 500, "HTTP 500: receiver is down"],
        [true, 200, null],
      ]);
    } finally {
      await site.close();
    }
  });

  it("marks a delivery failed with its reason after the last attempt, and never sends to a webhook turned off", async () => {
    await clear();
    // Nothing listens on a port just freed: each attempt is refused at once.
    const hook = await createWebhook(db, { name: "Nowhere", url: `http://127.0.0.1:${await freePort()}/hook`, events: ["import_failed"] }, ids.ada!);
    await recordEvent(db, { event: "import_failed", subject: null, title: "Import failed", body: "", link: null, recipients: [], at: now }, { email: false });
    const senders: Senders = { baseUrl: "http://localhost:3000", mailer: null };
    const minutes = [0, 1, 6, 21, 81];
    const rounds = [];
    for (const m of minutes) rounds.push(await deliverDue(db, senders, { now: () => new Date(now.getTime() + m * 60_000) }));
    expect(rounds).toEqual([...Array(4).fill({ sent: 0, retrying: 1, failed: 0 }), { sent: 0, retrying: 0, failed: 1 }]);
    const [log] = await webhookDeliveries(db, hook.id);
    expect(log).toMatchObject({ state: "failed", attempts: 5 });
    expect(log!.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(await deliverDue(db, senders, { now: () => new Date(now.getTime() + 600 * 60_000) })).toEqual({ sent: 0, retrying: 0, failed: 0 });

    // Queued while on, turned off before it was sent: failed at once, not posted.
    await recordEvent(db, { event: "import_failed", subject: null, title: "Again", body: "", link: null, recipients: [], at: now }, { email: false });
    const [current] = await db.select({ version: webhooks.version }).from(webhooks).where(eq(webhooks.id, hook.id));
    await setWebhookActive(db, hook.id, false, current!.version, ids.ada!);
    await expect(setWebhookActive(db, hook.id, true, current!.version, ids.ada!)).rejects.toThrow(/changed this webhook/);
    expect(await deliverDue(db, senders, { now: () => now })).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect((await webhookDeliveries(db, hook.id))[0]).toMatchObject({ title: "Again", state: "failed", lastError: "The webhook was turned off." });
  });

  it("e-mails through the SMTP server, and a second worker never takes a delivery another holds", async () => {
    await clear();
    const sink = await smtpSink();
    const mailer = smtpMailer(sink.url, "Pipeline Accelerator <notify@example.com>");
    try {
      await recordEvent(db, { event: "weekly_review", subject: "report:2", title: "Weekly velocity review ready: Nov 23 – 29", body: "The four levers.", link: "/reports/2", recipients: [ids.ed!], at: now }, { email: true });
      // Another worker holds it: this one finds nothing due until the hold ends.
      const held = await claimDueDeliveries(db, now);
      expect(held.map((d) => d.target)).toEqual(["ed@x.com"]);
      const senders: Senders = { baseUrl: "https://revops.example.com", mailer };
      expect(await deliverDue(db, senders, { now: () => new Date(now.getTime() + 30_000) })).toEqual({ sent: 0, retrying: 0, failed: 0 });
      expect(await deliverDue(db, senders, { now: () => new Date(now.getTime() + 61_000) })).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(sink.messages).toHaveLength(1);
      expect(sink.messages[0]!.to).toEqual(["ed@x.com"]);
      expect(sink.messages[0]!.raw).toMatch(/^Subject: Weekly velocity review ready: Nov 23 – 29|Subject: =\?UTF-8\?/m);
      expect(sink.messages[0]!.raw).toContain("https://revops.example.com/reports/2");
      expect(sink.messages[0]!.raw).toMatch(/From: Pipeline Accelerator <notify@example\.com>/);
    } finally {
      mailer.close();
      await sink.close();
    }
  });

  it("records a mail server that does not answer as a failed attempt to retry, without blocking", async () => {
    await clear();
    await recordEvent(db, { event: "weekly_review", subject: "report:3", title: "Ready", body: "", link: null, recipients: [ids.ed!], at: now }, { email: true });
    const mailer = smtpMailer(`smtp://127.0.0.1:${await freePort()}`, "Pipeline Accelerator <notify@example.com>");
    try {
      expect(await deliverDue(db, { baseUrl: "http://localhost:3000", mailer }, { now: () => now })).toEqual({ sent: 0, retrying: 1, failed: 0 });
    } finally {
      mailer.close();
    }
    const [delivery] = await db.select().from(notificationDeliveries);
    expect(delivery).toMatchObject({ state: "pending", attempts: 1 });
    expect(delivery!.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(delivery!.nextAttemptAt.getTime()).toBe(now.getTime() + 60_000);
  });

  it("lists nothing for a notification raised without recipients but keeps the event", async () => {
    await clear();
    await recordEvent(db, { event: "handoff", subject: null, title: "x", body: "", link: null, recipients: [] }, { email: true });
    const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(notifications)) as [{ n: number }];
    expect(n).toBe(0);
    expect(await db.select().from(notificationEventLog)).toHaveLength(1);
  });
});
