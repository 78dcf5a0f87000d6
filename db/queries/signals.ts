import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database, type DatabaseOrTransaction } from "@/db/index";
import type { UserRole } from "@/lib/domain/roles";
import { canRespondToSignal } from "@/lib/auth/permissions";
import { personalTracks, trackInfo, type RoutingTrack } from "@/lib/domain/routing-tracks";
import type { SignalTier } from "@/lib/domain/signal-types";
import { formatWhen } from "@/lib/format";
import { dayAfter, dayStart } from "./velocity";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { highIntentResponse } from "./router-impact";
import { isAfter, runningBelow, type FeedCursor } from "@/lib/signals/feed-cursor";
import { touchContacts } from "./engagement";

/**
 * Layer 3 as people work it: the queue of signals waiting for a rep, logging a response or a
 * meeting, the live feed, and the aggregates behind the Layer 3 figures (METRICS.md §3).
 */

const DAY_MS = 86_400_000;
/** A queue holds the signals of the last 30 days; older unanswered ones are history, not work. */
export const QUEUE_DAYS = 30;
/** The answered signals still waiting for a meeting: the most recent this many. */
export const QUEUE_LIMIT = 50;
/**
 * The waiting signals come this many to a page: a queue row on a phone is a few hundred pixels
 * high, and a page of 50 made the page some 16,000 px long.
 */
export const QUEUE_PAGE_SIZE = 25;
/** "Active intent signals this week": high-intent signals received in the last 7 days. */
export const ACTIVE_WINDOW_DAYS = 7;

const iso = (d: Date) => d.toISOString();
const epochMs = (column: string) => sql.raw(`(extract(epoch from ${column}) * 1000)::float8`);
const toDate = (ms: number | null) => (ms === null ? null : new Date(ms));
const PERSONAL = sql.raw(personalTracks.map((t) => `'${t}'`).join(", "));

/**
 * The SLA of an immediate handoff runs out at its `response_due_at`; a signal stored without one
 * (history, demo data) is held to the track's 5 minutes from when it was received.
 */
const HANDOFF_DUE = sql.raw(`coalesce(s.response_due_at, s.received_at + interval '${trackInfo.immediate_handoff.slaMinutes} minutes')`);

// ── The queue ───────────────────────────────────────────────────────────────────────────────────

export interface IntentReason {
  type: string;
  label: string;
  points: number;
}

export interface QueueSignal {
  id: number;
  type: string;
  typeLabel: string;
  tier: SignalTier;
  playbook: string;
  account: { id: number; name: string } | null;
  contact: { name: string; email: string | null; title: string | null } | null;
  routedTo: { id: number; name: string } | null;
  occurredAt: Date;
  receivedAt: Date;
  readiness: number | null;
  track: RoutingTrack | null;
  crossedIntoHandoff: boolean;
  responseDueAt: Date | null;
  firstResponseAt: Date | null;
  respondedBy: string | null;
  meetingBookedAt: Date | null;
  /** The account-level score this signal produced: its top reasons and the intent behind it. */
  top: string[];
  intent: IntentReason[];
  payload: Record<string, unknown>;
  /** The Content Personalizer's pick for this signal, and whether the answer went with it. */
  pick: { title: string; url: string; reasons: string[]; sent: boolean } | null;
}

interface QueueRowRaw extends Omit<QueueSignal, "occurredAt" | "receivedAt" | "responseDueAt" | "firstResponseAt" | "meetingBookedAt" | "readiness" | "account" | "contact" | "routedTo" | "pick"> {
  pickTitle: string | null;
  pickUrl: string | null;
  pickReasons: string[] | null;
  pickSent: boolean | null;
  accountId: number | null;
  accountName: string | null;
  contactName: string | null;
  contactEmail: string | null;
  contactTitle: string | null;
  routedToId: number | null;
  routedToName: string | null;
  occurredAt: number;
  receivedAt: number;
  responseDueAt: number | null;
  firstResponseAt: number | null;
  meetingBookedAt: number | null;
  readiness: string | null;
}

function queueSelect(where: SQL, order: SQL, { limit = QUEUE_LIMIT, offset = 0 }: { limit?: number; offset?: number } = {}): SQL {
  return sql`
    select s.id, s.type, t.label as "typeLabel", s.tier, t.response_playbook as playbook,
      s.account_id as "accountId", a.name as "accountName",
      c.name as "contactName", c.email as "contactEmail", c.title as "contactTitle",
      s.routed_to as "routedToId", ru.name as "routedToName",
      ${epochMs("s.occurred_at")} as "occurredAt", ${epochMs("s.received_at")} as "receivedAt",
      s.readiness, s.track, s.crossed_into_handoff as "crossedIntoHandoff",
      (extract(epoch from case when s.track = 'immediate_handoff' then ${HANDOFF_DUE} else s.response_due_at end) * 1000)::float8 as "responseDueAt", ${epochMs("s.first_response_at")} as "firstResponseAt",
      rb.name as "respondedBy", ${epochMs("s.meeting_booked_at")} as "meetingBookedAt",
      coalesce(sc.explanation -> 'top', '[]'::jsonb) as top, coalesce(sc.explanation -> 'intent', '[]'::jsonb) as intent,
      s.payload, ap.asset_title as "pickTitle", ap.asset_url as "pickUrl", ap.reasons as "pickReasons", ap.sent_at is not null as "pickSent"
    from signals s
    join signal_types t on t.key = s.type
    left join asset_picks ap on ap.signal_id = s.id
    left join accounts a on a.id = s.account_id
    left join contacts c on c.id = s.contact_id
    left join users ru on ru.id = s.routed_to
    left join users rb on rb.id = s.responded_by
    left join lateral (
      select explanation from scores where signal_id = s.id and contact_id is null order by id desc limit 1
    ) sc on true
    where ${where}
    order by ${order}
    limit ${limit} offset ${offset}`;
}

function queueSignal(r: QueueRowRaw): QueueSignal {
  return {
    id: r.id,
    type: r.type,
    typeLabel: r.typeLabel,
    tier: r.tier,
    playbook: r.playbook,
    account: r.accountId === null ? null : { id: r.accountId, name: r.accountName ?? "" },
    contact: r.contactName === null ? null : { name: r.contactName, email: r.contactEmail, title: r.contactTitle },
    routedTo: r.routedToId === null ? null : { id: r.routedToId, name: r.routedToName ?? "" },
    occurredAt: new Date(r.occurredAt),
    receivedAt: new Date(r.receivedAt),
    readiness: r.readiness === null ? null : Number(r.readiness),
    track: r.track,
    crossedIntoHandoff: r.crossedIntoHandoff,
    responseDueAt: toDate(r.responseDueAt),
    firstResponseAt: toDate(r.firstResponseAt),
    respondedBy: r.respondedBy,
    meetingBookedAt: toDate(r.meetingBookedAt),
    top: Array.isArray(r.top) ? r.top : [],
    intent: Array.isArray(r.intent) ? r.intent : [],
    payload: r.payload ?? {},
    pick: r.pickTitle === null || r.pickUrl === null ? null : { title: r.pickTitle, url: r.pickUrl, reasons: r.pickReasons ?? [], sent: r.pickSent === true },
  };
}

export interface SignalQueue {
  /** Waiting for a first response: one page of them. */
  waiting: QueueSignal[];
  /** Answered within the meeting window, no meeting booked yet. */
  respondedNoMeeting: QueueSignal[];
  /** All that wait (the list above is one page of them), and how many of them are past their SLA. */
  waitingCounts: { waiting: number; overdue: number };
}

/**
 * The signals that need a person, routed to `userId` (or to anyone, for an admin's view with
 * `userId: null`, which holds the immediate-handoff and co-engagement tracks only): received in the
 * last 30 days with no response yet, handoffs the score just crossed into first (soonest due first),
 * then high intent newest first, then the rest newest first; and, apart, those answered within the
 * meeting window that have no meeting yet. The waiting signals come a page at a time (`page` from 1),
 * with how many wait in all.
 */
/** Whose queue: one rep's (their person-worked tracks and any high intent), or every rep's handoffs for an admin. */
function queueOwner(userId: number | null): SQL {
  return userId === null ? sql`s.routed_to is not null and s.track in (${PERSONAL})` : sql`s.routed_to = ${userId} and (s.track in (${PERSONAL}) or s.tier = 'high')`;
}

/** The queue's signals still waiting for a first response. */
function waitingWhere(userId: number | null, now: Date): SQL {
  const since = iso(new Date(now.getTime() - QUEUE_DAYS * DAY_MS));
  return sql`${queueOwner(userId)} and s.received_at >= ${since}::timestamptz and s.received_at <= ${iso(now)}::timestamptz and s.first_response_at is null`;
}

/** How many signals wait in the queue, and how many of those are past their response SLA. */
export async function waitingSignalCounts(db: Database, { userId, now }: { userId: number | null; now: Date }): Promise<{ waiting: number; overdue: number }> {
  const [row] = await queryRows<{ waiting: number; overdue: number }>(
    db,
    sql`select count(*)::int as waiting,
          count(*) filter (where (case when s.track = 'immediate_handoff' then ${HANDOFF_DUE} else s.response_due_at end) < ${iso(now)}::timestamptz)::int as overdue
        from signals s where ${waitingWhere(userId, now)}`,
  );
  return row ?? { waiting: 0, overdue: 0 };
}

export async function signalQueue(
  db: Database,
  { userId, now, meetingWindowDays, page = 1, pageSize = QUEUE_PAGE_SIZE }: { userId: number | null; now: Date; meetingWindowDays: number; page?: number; pageSize?: number },
): Promise<SignalQueue> {
  const owner = queueOwner(userId);
  const waiting = queueSelect(
    waitingWhere(userId, now),
    sql`s.crossed_into_handoff desc, case when s.crossed_into_handoff then s.response_due_at end asc nulls last, (s.tier = 'high') desc, s.received_at desc, s.id desc`,
    { limit: pageSize, offset: (page - 1) * pageSize },
  );
  const responded = queueSelect(
    sql`${owner} and s.first_response_at >= ${iso(new Date(now.getTime() - meetingWindowDays * DAY_MS))}::timestamptz and s.meeting_booked_at is null`,
    sql`s.first_response_at desc, s.id desc`,
  );
  const [w, r, waitingCounts] = await Promise.all([queryRows<QueueRowRaw>(db, waiting), queryRows<QueueRowRaw>(db, responded), waitingSignalCounts(db, { userId, now })]);
  return { waiting: w.map(queueSignal), respondedNoMeeting: r.map(queueSignal), waitingCounts };
}

/** One signal as the queue shows it, whoever it was routed to. */
export async function queueSignalById(db: Database, id: number): Promise<QueueSignal | null> {
  const [row] = await queryRows<QueueRowRaw>(db, queueSelect(sql`s.id = ${id}`, sql`s.id`));
  return row ? queueSignal(row) : null;
}

// ── Responding ──────────────────────────────────────────────────────────────────────────────────

export interface Responder {
  id: number;
  role: UserRole;
}

interface LockedSignal {
  routedTo: number | null;
  accountId: number | null;
  contactId: number | null;
  firstResponseAt: number | null;
  respondedBy: string | null;
  meetingBookedAt: number | null;
}

/** Locks the signal's row for the rest of the transaction and checks the user may work it. */
async function lockSignal(tx: DatabaseOrTransaction, signalId: number, user: Responder): Promise<LockedSignal> {
  const [row] = await queryRows<LockedSignal>(
    tx,
    sql`select s.routed_to as "routedTo", s.account_id as "accountId", s.contact_id as "contactId",
          ${epochMs("s.first_response_at")} as "firstResponseAt", u.name as "respondedBy", ${epochMs("s.meeting_booked_at")} as "meetingBookedAt"
        from signals s left join users u on u.id = s.responded_by
        where s.id = ${signalId} for update of s`,
  );
  if (!row) throw new NotFoundError(`There is no signal ${signalId}.`);
  if (!canRespondToSignal(user, row.routedTo)) throw new ForbiddenError("Only the rep this signal was routed to, or an admin, can log a response or a meeting on it.");
  return row;
}

async function audit(tx: DatabaseOrTransaction, userId: number, signalId: number, field: string, at: Date) {
  await tx.execute(sql`insert into audit_log (user_id, entity, entity_id, field, old_value, new_value) values (${userId}, 'signal', ${String(signalId)}, ${field}, null, ${iso(at)})`);
}

/** Who answered a signal and when, for the message that refuses a second answer. */
async function answeredBy(tx: DatabaseOrTransaction, signalId: number, timeZone: string): Promise<string> {
  const [row] = await queryRows<{ name: string | null; at: number | null }>(
    tx,
    sql`select u.name, ${epochMs("s.first_response_at")} as at from signals s left join users u on u.id = s.responded_by where s.id = ${signalId}`,
  );
  const who = row?.name ?? "someone";
  return row?.at == null ? who : `${who} on ${formatWhen(new Date(row.at), timeZone)}`;
}

/**
 * Logs the first response to a signal. Only one first response counts: a second one is refused,
 * naming who answered and when (the update only touches a row that has no response yet).
 */
export async function logSignalResponse(
  db: Database,
  { signalId, user, now, timeZone, withPickedAsset = false }: { signalId: number; user: Responder; now: Date; timeZone: string; withPickedAsset?: boolean },
): Promise<{ respondedAt: Date }> {
  return db.transaction(async (tx) => {
    const signal = await lockSignal(tx, signalId, user);
    const [updated] = await queryRows<{ id: number }>(
      tx,
      sql`update signals set first_response_at = ${iso(now)}::timestamptz, responded_by = ${user.id}
          where id = ${signalId} and first_response_at is null returning id`,
    );
    if (!updated) throw new ConflictError(`This signal was already answered by ${await answeredBy(tx, signalId, timeZone)}.`);
    await audit(tx, user.id, signalId, "first_response_at", now);
    // Answered with the Content Personalizer's pick: what its measure compares.
    if (withPickedAsset) {
      const [sent] = await queryRows<{ id: number }>(tx, sql`update asset_picks set sent_at = ${iso(now)}::timestamptz, sent_by = ${user.id} where signal_id = ${signalId} and sent_at is null returning id`);
      if (!sent) throw new ConflictError("No asset was picked for this signal: log the response without one.");
      await audit(tx, user.id, signalId, "picked_asset_sent_at", now);
    }
    // A response is a touch of the signal's contact.
    await touchContacts(tx, [signal.contactId], now);
    return { respondedAt: now };
  });
}

/**
 * Logs a meeting booked from a signal: a `meetings` row with the account, contact and signal, the
 * signal's `meeting_booked_at`, and its first response if it had none (booking a meeting is one).
 */
export async function logMeeting(db: Database, { signalId, user, now, timeZone }: { signalId: number; user: Responder; now: Date; timeZone: string }): Promise<{ meetingId: number; firstResponse: boolean }> {
  return db.transaction(async (tx) => {
    const signal = await lockSignal(tx, signalId, user);
    if (signal.accountId === null) throw new ConflictError("This signal has no account to book a meeting with.");
    const [updated] = await queryRows<{ id: number }>(
      tx,
      sql`update signals set meeting_booked_at = ${iso(now)}::timestamptz,
            responded_by = case when first_response_at is null then ${user.id} else responded_by end,
            first_response_at = coalesce(first_response_at, ${iso(now)}::timestamptz)
          where id = ${signalId} and meeting_booked_at is null
          returning id`,
    );
    if (!updated) {
      const when = signal.meetingBookedAt === null ? "" : ` on ${formatWhen(new Date(signal.meetingBookedAt), timeZone)}`;
      throw new ConflictError(`A meeting was already booked from this signal${when}.`);
    }
    const [meeting] = await queryRows<{ id: number }>(
      tx,
      sql`insert into meetings (account_id, contact_id, signal_id, booked_by, booked_at)
          values (${signal.accountId}, ${signal.contactId}, ${signalId}, ${user.id}, ${iso(now)}::timestamptz) returning id`,
    );
    await audit(tx, user.id, signalId, "meeting_booked_at", now);
    // The row is locked, so the response read above is still the one the update saw.
    const firstResponse = signal.firstResponseAt === null;
    if (firstResponse) await audit(tx, user.id, signalId, "first_response_at", now);
    await touchContacts(tx, [signal.contactId], now);
    return { meetingId: meeting!.id, firstResponse };
  });
}

// ── Layer 3 aggregates ──────────────────────────────────────────────────────────────────────────

export interface Layer3Scope {
  from: string;
  to: string;
  timeZone: string;
  /** Days after a signal within which a meeting with its account counts (setting `signals`). */
  meetingWindowDays: number;
  now: Date;
}

export interface Layer3Aggregates {
  /** High-intent signals received in the last 7 days before `now`, and the 7 before those. */
  activeThisWeek: number;
  activePreviousWeek: number;
  /** High-intent signals received in the period. */
  high: number;
  answered: number;
  /** Median of first response − received, in seconds, over the answered ones; null with none. */
  medianResponseSeconds: number | null;
  /** Of `high`, those followed by a meeting with the account within the window. */
  withMeeting: number;
  /** Immediate-handoff signals received in the period: answered by the SLA, late or never answered after it ran out, and still within it. */
  handoffs: { met: number; missed: number; pending: number };
}

export async function layer3Aggregates(db: Database, scope: Layer3Scope): Promise<Layer3Aggregates> {
  const start = dayStart(scope.from, scope.timeZone);
  const end = dayAfter(scope.to, scope.timeZone);
  const now = iso(scope.now);
  const weekAgo = iso(new Date(scope.now.getTime() - ACTIVE_WINDOW_DAYS * DAY_MS));
  const twoWeeksAgo = iso(new Date(scope.now.getTime() - 2 * ACTIVE_WINDOW_DAYS * DAY_MS));
  const [response, [row]] = await Promise.all([
    highIntentResponse(db, scope),
    queryRows<{ activeThisWeek: number; activePreviousWeek: number; met: number; missed: number; pending: number }>(
      db,
      sql`
        with handoffs as (
          select s.response_due_at, s.received_at, s.first_response_at from signals s
          where s.received_at >= ${start} and s.received_at < ${end} and s.track = 'immediate_handoff'
        )
        select
          (select count(*)::int from signals where tier = 'high' and received_at >= ${weekAgo}::timestamptz and received_at < ${now}::timestamptz) as "activeThisWeek",
          (select count(*)::int from signals where tier = 'high' and received_at >= ${twoWeeksAgo}::timestamptz and received_at < ${weekAgo}::timestamptz) as "activePreviousWeek",
          (select count(*)::int from handoffs s where s.first_response_at <= ${HANDOFF_DUE}) as met,
          (select count(*)::int from handoffs s
             where s.first_response_at > ${HANDOFF_DUE} or (s.first_response_at is null and ${HANDOFF_DUE} < ${now}::timestamptz)) as missed,
          (select count(*)::int from handoffs s where s.first_response_at is null and ${HANDOFF_DUE} >= ${now}::timestamptz) as pending`,
    ),
  ]);
  const r = row!;
  return {
    activeThisWeek: r.activeThisWeek,
    activePreviousWeek: r.activePreviousWeek,
    high: response.signals,
    answered: response.responded,
    medianResponseSeconds: response.medianResponseSeconds,
    withMeeting: response.withMeeting,
    handoffs: { met: r.met, missed: r.missed, pending: r.pending },
  };
}

/**
 * Accounts by the band of their latest account-level score (scores with no contact). The bands are
 * the routing tracks' (`trackFor` in lib/metrics/scoring.ts: 80 / 60 / 40), computed here in SQL
 * with the same edges taken from `trackInfo`, so both always agree.
 */
export async function scoreBandCounts(db: Database): Promise<Record<RoutingTrack, number>> {
  const rows = await queryRows<{ band: RoutingTrack; accounts: number }>(
    db,
    sql`
      with latest as (
        select distinct on (account_id) account_id, readiness from scores
        where contact_id is null order by account_id, computed_at desc, id desc
      )
      select case
          when readiness >= ${trackInfo.immediate_handoff.min} then 'immediate_handoff'
          when readiness >= ${trackInfo.co_engagement.min} then 'co_engagement'
          when readiness >= ${trackInfo.accelerated_nurture.min} then 'accelerated_nurture'
          else 'programmatic_nurture'
        end as band,
        count(*)::int as accounts
      from latest group by 1`,
  );
  const counts: Record<RoutingTrack, number> = { immediate_handoff: 0, co_engagement: 0, accelerated_nurture: 0, programmatic_nurture: 0 };
  for (const r of rows) counts[r.band] = r.accounts;
  return counts;
}

// ── The live feed ───────────────────────────────────────────────────────────────────────────────

export interface FeedSignal {
  id: number;
  typeLabel: string;
  tier: SignalTier;
  accountName: string | null;
  contactName: string | null;
  track: RoutingTrack | null;
  routedTo: string | null;
  readiness: number | null;
  receivedAt: string;
}

export const FEED_LIMIT = 50;

const feedColumns = sql`s.id, s.txid::text as txid, t.label as "typeLabel", s.tier, a.name as "accountName", c.name as "contactName", s.track,
  u.name as "routedTo", s.readiness, ${epochMs("s.received_at")} as "receivedAt"`;
const feedJoins = sql`join signal_types t on t.key = s.type
  left join accounts a on a.id = s.account_id
  left join contacts c on c.id = s.contact_id
  left join users u on u.id = s.routed_to`;
/** The transactions running when the statement's snapshot was taken (none on PGlite: one connection). */
const runningTransactions = sql`array(select x::text from pg_snapshot_xip(pg_current_snapshot()) x)`;

type FeedRow = Omit<FeedSignal, "readiness" | "receivedAt"> & { txid: string; readiness: string | null; receivedAt: number };
const feedSignal = ({ txid: _txid, ...r }: FeedRow): FeedSignal => ({
  ...r,
  readiness: r.readiness === null ? null : Number(r.readiness),
  receivedAt: new Date(r.receivedAt).toISOString(),
});

/**
 * The newest signals, newest first, and the cursor to poll from: the last signal stored (in the
 * feed's order) and the transactions still running below it, all as of one snapshot.
 */
export async function signalFeed(db: Database, { limit = 20 }: { limit?: number } = {}): Promise<{ signals: FeedSignal[]; cursor: FeedCursor }> {
  // One statement, so the rows shown and the cursor come from one snapshot.
  const rows = await queryRows<(FeedRow | { id: null }) & { head_txid: string | null; head_id: number | null; running: string[] }>(
    db,
    sql`select h.txid as head_txid, h.id as head_id, ${runningTransactions} as running, f.*
        from (select 1) one
        left join lateral (select txid::text as txid, id from signals order by txid desc, id desc limit 1) h on true
        left join lateral (select ${feedColumns} from signals s ${feedJoins} order by s.id desc limit ${Math.min(Math.max(1, limit), FEED_LIMIT)}) f on true
        order by f.id desc`,
  );
  const first = rows[0];
  const txid = first?.head_txid ?? "0";
  const cursor: FeedCursor = { txid, id: first?.head_id ?? 0, inFlight: runningBelow(first?.running ?? [], txid) };
  const signals = rows
    .filter((r): r is FeedRow & { head_txid: string | null; head_id: number | null; running: string[] } => r.id !== null)
    .map(({ head_txid: _t, head_id: _i, running: _r, ...r }) => feedSignal(r));
  return { signals, cursor };
}

/**
 * Every signal that became visible since `cursor`, oldest first, `limit` at a time (`more` when
 * another page waits), and the cursor to ask from next. Reads the signals after the cursor's
 * position and those of the transactions it names as running then, in one statement, so the
 * transactions running now are known for exactly the signals this read could see. A signal whose
 * transaction commits late is read once it commits, whatever its id; none is skipped or dropped.
 */
export async function signalFeedSince(
  db: Database,
  { cursor, limit = FEED_LIMIT }: { cursor: FeedCursor; limit?: number },
): Promise<{ signals: FeedSignal[]; cursor: FeedCursor; more: boolean }> {
  const take = Math.min(Math.max(1, limit), FEED_LIMIT);
  const inFlight = `{${cursor.inFlight.join(",")}}`;
  const rows = await queryRows<(FeedRow & { running: string[] }) | { id: null; running: string[] }>(
    db,
    sql`with page as (
          (select id, txid from signals where (txid, id) > (${cursor.txid}::xid8, ${cursor.id}::int) order by txid, id limit ${take + 1})
          union
          (select id, txid from signals where txid = any(${inFlight}::xid8[]) order by txid, id limit ${take + 1})
        )
        select ${runningTransactions} as running, f.*
        from (select 1) one left join lateral (
          select ${feedColumns}, p.txid as order_txid from page p join signals s on s.id = p.id ${feedJoins}
          order by p.txid, p.id limit ${take + 1}
        ) f on true
        order by f.order_txid, f.id`,
  );
  const running = rows[0]?.running ?? [];
  const found = rows.filter((r): r is FeedRow & { running: string[]; order_txid?: string } => r.id !== null);
  const more = found.length > take;
  const page = found.slice(0, take);
  const last = page.at(-1);
  // Late signals sort below the cursor's position, so the position only moves forward, except when a
  // page is cut short among late signals: then the next read starts after the last one returned and
  // may repeat signals the client already has (it keeps one copy by id), but skips none.
  const previous = { txid: cursor.txid, id: cursor.id };
  const position = !last ? previous : more || isAfter(last, previous) ? { txid: last.txid, id: last.id } : previous;
  return {
    signals: page.map(({ running: _running, order_txid: _order, ...r }) => feedSignal(r)),
    cursor: { ...position, inFlight: runningBelow(running, position.txid) },
    more,
  };
}
