/**
 * Notifications in the database: the events raised, each user's inbox and channel choices, the
 * organisation's webhooks, and the deliveries (e-mail, webhook) with every attempt logged.
 */
import "server-only";
import crypto from "node:crypto";
import { and, desc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { queryRows, type Database, type DatabaseOrTransaction } from "@/db/index";
import {
  auditLog,
  notificationDeliveries,
  notificationDeliveryAttempts,
  notificationEventLog,
  notificationPreferences,
  notifications,
  users,
  webhooks,
} from "@/db/schema";
import { eventInfo, effectiveChoices, nextAttemptAt, type ChannelChoices, type NotificationEvent } from "@/lib/domain/notifications";
import type { BuyingGroupRole, ContactStatus } from "@/lib/domain/buying-group";
import type { UserRole } from "@/lib/domain/roles";
import { ConflictError, NotFoundError } from "@/lib/errors";

export interface NewEvent {
  event: NotificationEvent;
  /** What makes a repeat the same episode, e.g. "signal:42"; null: every call is an event. */
  subject: string | null;
  /** With a subject: a repeat within this many minutes is not raised; absent: a repeat is never raised. */
  burstMinutes?: number;
  title: string;
  body: string;
  link: string | null;
  /** The users it concerns; those whose role the event does not concern, and deactivated users, are left out. */
  recipients: readonly number[];
  /** Raised as of (default now). */
  at?: Date;
}

export interface RaisedEvent {
  eventId: number;
  inbox: number;
  deliveries: number;
}

/**
 * Records the event, puts it in the inbox of each recipient who gets it in the app, and queues an
 * e-mail for each who gets it by e-mail (when `email` is on) and a delivery for each active webhook
 * that receives it. Null when it repeats an episode already raised. Call it in the transaction of
 * what happened; a repeat of the same subject waits for the first to commit.
 */
export async function recordEvent(tx: DatabaseOrTransaction, e: NewEvent, { email }: { email: boolean }): Promise<RaisedEvent | null> {
  const at = e.at ?? new Date();
  if (e.subject !== null) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`notification:${e.event}:${e.subject}`}))`);
    const since = e.burstMinutes === undefined ? null : new Date(at.getTime() - e.burstMinutes * 60_000);
    const [seen] = await tx
      .select({ id: notificationEventLog.id })
      .from(notificationEventLog)
      .where(
        and(
          eq(notificationEventLog.event, e.event),
          eq(notificationEventLog.subject, e.subject),
          since ? sql`${notificationEventLog.createdAt} > ${since.toISOString()}::timestamptz` : undefined,
        ),
      )
      .limit(1);
    if (seen) return null;
  }
  const [row] = await tx
    .insert(notificationEventLog)
    .values({ event: e.event, subject: e.subject, title: e.title, body: e.body, link: e.link, createdAt: at })
    .returning({ id: notificationEventLog.id });
  const eventId = row!.id;

  const ids = [...new Set(e.recipients)];
  const people = ids.length
    ? await tx
        .select({ id: users.id, role: users.role, email: users.email, inApp: notificationPreferences.inApp, byEmail: notificationPreferences.email })
        .from(users)
        .leftJoin(notificationPreferences, and(eq(notificationPreferences.userId, users.id), eq(notificationPreferences.event, e.event)))
        .where(and(inArray(users.id, ids), eq(users.active, true)))
    : [];
  const concerned = people
    .filter((p) => eventInfo[e.event].roles.includes(p.role))
    .map((p) => ({ ...p, choice: p.inApp === null || p.byEmail === null ? eventInfo[e.event].defaults : { in_app: p.inApp, email: p.byEmail } }));
  const inboxOf = concerned.filter((p) => p.choice.in_app);
  if (inboxOf.length) await tx.insert(notifications).values(inboxOf.map((p) => ({ eventId, userId: p.id, createdAt: at })));

  const hooks = await tx
    .select({ id: webhooks.id, url: webhooks.url })
    .from(webhooks)
    .where(and(eq(webhooks.active, true), sql`${e.event}::notification_event = any(${webhooks.events})`));
  const deliveries = [
    ...(email ? concerned.filter((p) => p.choice.email).map((p) => ({ eventId, channel: "email" as const, userId: p.id, target: p.email, nextAttemptAt: at })) : []),
    ...hooks.map((h) => ({ eventId, channel: "webhook" as const, webhookId: h.id, target: h.url, nextAttemptAt: at })),
  ];
  if (deliveries.length) await tx.insert(notificationDeliveries).values(deliveries);
  return { eventId, inbox: inboxOf.length, deliveries: deliveries.length };
}

/** The active users of some roles (e.g. every executive for the weekly review). */
export async function activeUsersWithRoles(db: DatabaseOrTransaction, roles: readonly UserRole[]): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.role, [...roles]), eq(users.active, true)));
  return rows.map((r) => r.id);
}

// ── The inbox ──────────────────────────────────────────────────────────────────────────────────
export interface InboxItem {
  id: number;
  event: NotificationEvent;
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export const INBOX_PAGE = 50;

/** A user's notifications, newest first, `INBOX_PAGE` at a time (older than `before`, an id). */
export async function inbox(db: Database, userId: number, { before, limit = INBOX_PAGE, unreadOnly = false }: { before?: number; limit?: number; unreadOnly?: boolean } = {}): Promise<InboxItem[]> {
  return db
    .select({
      id: notifications.id,
      event: notificationEventLog.event,
      title: notificationEventLog.title,
      body: notificationEventLog.body,
      link: notificationEventLog.link,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .innerJoin(notificationEventLog, eq(notificationEventLog.id, notifications.eventId))
    .where(and(eq(notifications.userId, userId), before ? lt(notifications.id, before) : undefined, unreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.id))
    .limit(limit);
}

export async function unreadCount(db: Database, userId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks one of the user's notifications read; returns its link, or throws when it is not theirs. */
export async function markRead(db: Database, userId: number, id: number): Promise<{ link: string | null }> {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ eventId: notifications.eventId });
  if (!row) throw new NotFoundError("That notification is not in your inbox.");
  const [event] = await db.select({ link: notificationEventLog.link }).from(notificationEventLog).where(eq(notificationEventLog.id, row.eventId));
  return { link: event?.link ?? null };
}

/** Marks read every notification the user had up to `upTo` (the newest id they saw); returns how many. */
export async function markAllRead(db: Database, userId: number, upTo: number): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), sql`${notifications.id} <= ${upTo}`))
    .returning({ id: notifications.id });
  return rows.length;
}

// ── Channel choices ────────────────────────────────────────────────────────────────────────────
export async function channelChoices(db: Database, user: { id: number; role: UserRole }): Promise<Map<NotificationEvent, ChannelChoices>> {
  const rows = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, user.id));
  return effectiveChoices(user.role, new Map(rows.map((r) => [r.event, { in_app: r.inApp, email: r.email }])));
}

/** Saves the user's choice for each event given (events their role has no part in are refused). */
export async function saveChannelChoices(db: Database, user: { id: number; role: UserRole }, choices: ReadonlyMap<NotificationEvent, ChannelChoices>): Promise<void> {
  for (const event of choices.keys()) {
    if (!eventInfo[event].roles.includes(user.role)) throw new ConflictError(`"${eventInfo[event].label}" does not concern your role.`);
  }
  if (choices.size === 0) return;
  await db
    .insert(notificationPreferences)
    .values([...choices].map(([event, c]) => ({ userId: user.id, event, inApp: c.in_app, email: c.email })))
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.event],
      set: { inApp: sql`excluded.in_app`, email: sql`excluded.email`, updatedAt: sql`now()` },
    });
}

// ── Webhooks ───────────────────────────────────────────────────────────────────────────────────
export interface WebhookView {
  id: number;
  name: string;
  url: string;
  events: NotificationEvent[];
  active: boolean;
  version: number;
  createdAt: Date;
  createdBy: string | null;
  sent: number;
  failed: number;
  waiting: number;
}

export function newWebhookSecret(): string {
  return `whsec_${crypto.randomBytes(24).toString("base64url")}`;
}

export async function listWebhooks(db: Database): Promise<WebhookView[]> {
  return queryRows<WebhookView>(
    db,
    sql`select w.id, w.name, w.url, w.events::text[] as events, w.active, w.version, w.created_at as "createdAt", u.name as "createdBy",
          count(d.id) filter (where d.state = 'sent')::int as sent,
          count(d.id) filter (where d.state = 'failed')::int as failed,
          count(d.id) filter (where d.state in ('pending', 'sending'))::int as waiting
        from webhooks w left join users u on u.id = w.created_by left join notification_deliveries d on d.webhook_id = w.id
        group by w.id, u.name order by w.id`,
  ).then((rows) => rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt) })));
}

export async function createWebhook(db: Database, input: { name: string; url: string; events: NotificationEvent[] }, actorId: number): Promise<{ id: number; secret: string }> {
  const secret = newWebhookSecret();
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(webhooks).values({ ...input, secret, createdBy: actorId }).returning({ id: webhooks.id });
    await tx.insert(auditLog).values({ userId: actorId, entity: "webhook", entityId: String(row!.id), field: "created", oldValue: null, newValue: `${input.name} → ${input.url}` });
    return { id: row!.id, secret };
  });
}

/** Turns a webhook on or off, refusing a change made from a stale page. */
export async function setWebhookActive(db: Database, id: number, active: boolean, expectedVersion: number, actorId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhooks)
      .set({ active, version: sql`${webhooks.version} + 1` })
      .where(and(eq(webhooks.id, id), eq(webhooks.version, expectedVersion)))
      .returning({ id: webhooks.id });
    if (!row) {
      const [exists] = await tx.select({ id: webhooks.id }).from(webhooks).where(eq(webhooks.id, id));
      if (!exists) throw new NotFoundError("That webhook no longer exists.");
      throw new ConflictError("Someone changed this webhook since you loaded the page; reload to see it.");
    }
    await tx.insert(auditLog).values({ userId: actorId, entity: "webhook", entityId: String(id), field: "active", oldValue: String(!active), newValue: String(active) });
  });
}

export async function deleteWebhook(db: Database, id: number, actorId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(webhooks).where(eq(webhooks.id, id)).returning({ name: webhooks.name });
    if (!row) throw new NotFoundError("That webhook no longer exists.");
    await tx.insert(auditLog).values({ userId: actorId, entity: "webhook", entityId: String(id), field: "deleted", oldValue: row.name, newValue: null });
  });
}

export interface DeliveryLogEntry {
  id: number;
  event: NotificationEvent;
  title: string;
  state: "pending" | "sending" | "sent" | "failed";
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
  /** The attempts, oldest first: when, HTTP status, how long, error. */
  tries: { attemptedAt: Date; status: number | null; durationMs: number; ok: boolean; error: string | null }[];
}

/** A webhook's latest deliveries with each attempt, newest first. */
export async function webhookDeliveries(db: Database, webhookId: number, limit = 20): Promise<DeliveryLogEntry[]> {
  const rows = await db
    .select({
      id: notificationDeliveries.id,
      event: notificationEventLog.event,
      title: notificationEventLog.title,
      state: notificationDeliveries.state,
      attempts: notificationDeliveries.attempts,
      nextAttemptAt: notificationDeliveries.nextAttemptAt,
      lastError: notificationDeliveries.lastError,
      sentAt: notificationDeliveries.sentAt,
      createdAt: notificationDeliveries.createdAt,
    })
    .from(notificationDeliveries)
    .innerJoin(notificationEventLog, eq(notificationEventLog.id, notificationDeliveries.eventId))
    .where(eq(notificationDeliveries.webhookId, webhookId))
    .orderBy(desc(notificationDeliveries.id))
    .limit(limit);
  const tries = rows.length
    ? await db
        .select()
        .from(notificationDeliveryAttempts)
        .where(inArray(notificationDeliveryAttempts.deliveryId, rows.map((r) => r.id)))
        .orderBy(notificationDeliveryAttempts.id)
    : [];
  return rows.map((r) => ({
    ...r,
    tries: tries.filter((t) => t.deliveryId === r.id).map((t) => ({ attemptedAt: t.attemptedAt, status: t.status, durationMs: t.durationMs, ok: t.ok, error: t.error })),
  }));
}

// ── Deliveries ─────────────────────────────────────────────────────────────────────────────────
/** How long a worker holds a delivery it is trying (a send times out well before). */
export const DELIVERY_LEASE_SECONDS = 60;

export interface DueDelivery {
  id: number;
  channel: "email" | "webhook";
  target: string;
  attempt: number;
  webhook: { secret: string; active: boolean } | null;
  event: { id: number; event: NotificationEvent; title: string; body: string; link: string | null; createdAt: Date };
}

/**
 * Takes up to `limit` deliveries that are due (or whose worker's hold ran out) for this worker: each
 * is held for DELIVERY_LEASE_SECONDS and counts one more attempt. Other workers skip them.
 */
export async function claimDueDeliveries(db: Database, now: Date, limit = 20): Promise<DueDelivery[]> {
  const rows = await queryRows<{
    id: number;
    channel: "email" | "webhook";
    target: string;
    attempts: number;
    secret: string | null;
    active: boolean | null;
    eventId: number;
    event: NotificationEvent;
    title: string;
    body: string;
    link: string | null;
    createdAt: string | Date;
  }>(
    db,
    sql`with due as (
          select id from notification_deliveries
          where (state = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz)
             or (state = 'sending' and lease_until < ${now.toISOString()}::timestamptz)
          order by next_attempt_at, id
          limit ${limit}
          for update skip locked
        ), held as (
          update notification_deliveries d set state = 'sending', attempts = d.attempts + 1,
            lease_until = ${now.toISOString()}::timestamptz + make_interval(secs => ${DELIVERY_LEASE_SECONDS})
          from due where d.id = due.id
          returning d.id, d.channel, d.target, d.attempts, d.webhook_id, d.event_id
        )
        select held.id, held.channel, held.target, held.attempts, w.secret, w.active, e.id as "eventId", e.event, e.title, e.body, e.link, e.created_at as "createdAt"
        from held join notification_events e on e.id = held.event_id left join webhooks w on w.id = held.webhook_id
        order by held.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    target: r.target,
    attempt: r.attempts,
    webhook: r.channel === "webhook" ? { secret: r.secret ?? "", active: r.active === true } : null,
    event: { id: r.eventId, event: r.event, title: r.title, body: r.body, link: r.link, createdAt: new Date(r.createdAt) },
  }));
}

export interface AttemptOutcome {
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
  /** Not worth trying again (e.g. the webhook was turned off). */
  final?: boolean;
}

/**
 * Logs the attempt and ends it: sent, or back to pending for a retry after its back-off, or failed
 * for good after the last attempt. Only while this worker still holds the delivery (its attempt).
 */
export async function recordAttempt(db: Database, delivery: Pick<DueDelivery, "id" | "attempt">, outcome: AttemptOutcome, at: Date): Promise<"sent" | "retry" | "failed" | "lost"> {
  return db.transaction(async (tx) => {
    const next = outcome.ok || outcome.final ? null : nextAttemptAt(delivery.attempt, at);
    const state = outcome.ok ? "sent" : next ? "pending" : "failed";
    const [row] = await tx
      .update(notificationDeliveries)
      .set({
        state,
        leaseUntil: null,
        lastError: outcome.ok ? null : outcome.error,
        sentAt: outcome.ok ? at : null,
        ...(next ? { nextAttemptAt: next } : {}),
      })
      .where(and(eq(notificationDeliveries.id, delivery.id), eq(notificationDeliveries.attempts, delivery.attempt), eq(notificationDeliveries.state, "sending")))
      .returning({ id: notificationDeliveries.id });
    await tx.insert(notificationDeliveryAttempts).values({
      deliveryId: delivery.id,
      attemptedAt: at,
      durationMs: Math.max(0, Math.round(outcome.durationMs)),
      ok: outcome.ok,
      status: outcome.status,
      error: outcome.error,
    });
    if (!row) return "lost";
    return state === "sent" ? "sent" : state === "pending" ? "retry" : "failed";
  });
}

// ── What the watch jobs look at ────────────────────────────────────────────────────────────────
export interface WaitingSignal {
  id: number;
  accountId: number;
  accountName: string;
  type: string;
  routedTo: number;
  routedAt: Date;
  dueAt: Date;
}

/**
 * Signals a person works (their own, not derived), routed, with no response yet, whose deadline is
 * within `from`–`to`: the candidates for "about to breach" and "breached".
 */
export async function unansweredSignalsDue(db: Database, from: Date, to: Date): Promise<WaitingSignal[]> {
  const rows = await queryRows<Omit<WaitingSignal, "routedAt" | "dueAt"> & { routedAt: string | Date; dueAt: string | Date }>(
    db,
    sql`select s.id, s.account_id as "accountId", a.name as "accountName", coalesce(t.label, s.type) as type, s.routed_to as "routedTo",
          s.routed_at as "routedAt", s.response_due_at as "dueAt"
        from signals s join accounts a on a.id = s.account_id left join signal_types t on t.key = s.type
        where s.response_due_at > ${from.toISOString()}::timestamptz and s.response_due_at <= ${to.toISOString()}::timestamptz
          and s.first_response_at is null and s.routed_to is not null and s.routed_at is not null and s.derived_from is null
          and s.track in ('immediate_handoff', 'co_engagement')
        order by s.response_due_at, s.id`,
  );
  return rows.map((r) => ({ ...r, routedAt: new Date(r.routedAt), dueAt: new Date(r.dueAt) }));
}

export interface OpenDealMembers {
  id: number;
  name: string;
  accountId: number;
  accountName: string;
  ownerId: number;
  members: { name: string; role: BuyingGroupRole | null; status: ContactStatus; lastTouchAt: Date | null }[];
}

/** Every open deal with an owner, with the contacts on its map. */
export async function openDealMaps(db: Database): Promise<OpenDealMembers[]> {
  const rows = await queryRows<{
    id: number;
    name: string;
    accountId: number;
    accountName: string;
    ownerId: number;
    contactName: string | null;
    role: BuyingGroupRole | null;
    status: ContactStatus | null;
    lastTouchAt: string | Date | null;
  }>(
    db,
    sql`select o.id, o.name, o.account_id as "accountId", a.name as "accountName", o.owner_id as "ownerId",
          c.name as "contactName", oc.buying_group_role as role, oc.status, greatest(oc.last_touch_at, c.last_touch_at) as "lastTouchAt"
        from opportunities o join accounts a on a.id = o.account_id
          left join opportunity_contacts oc on oc.opportunity_id = o.id left join contacts c on c.id = oc.contact_id
        where o.status = 'open' and o.owner_id is not null
        order by o.id, c.name, c.id`,
  );
  const deals = new Map<number, OpenDealMembers>();
  for (const r of rows) {
    let deal = deals.get(r.id);
    if (!deal) {
      deal = { id: r.id, name: r.name, accountId: r.accountId, accountName: r.accountName, ownerId: r.ownerId, members: [] };
      deals.set(r.id, deal);
    }
    if (r.contactName !== null && r.status !== null) {
      deal.members.push({ name: r.contactName, role: r.role, status: r.status, lastTouchAt: r.lastTouchAt === null ? null : new Date(r.lastTouchAt) });
    }
  }
  return [...deals.values()];
}
