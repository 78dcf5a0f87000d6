import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type DatabaseOrTransaction } from "@/db/index";
import type { EngagementLevel } from "@/lib/domain/buying-group";
import { derivedSignalTypes } from "@/lib/domain/signal-types";
import { ENGAGEMENT_WINDOW_DAYS, contactEngagementLevel } from "@/lib/metrics/engagement";

/**
 * A contact's last touch and engagement level (METRICS.md §5), kept from the facts: touchpoints,
 * first-party signals, responses and meetings logged on signals, meetings, and reps' map edits.
 * Every path that writes one of those calls `touchContacts` for the contacts concerned (the signal
 * router folds the same computation into its own statement); a daily job recomputes every contact,
 * so levels follow the 90-day window as it moves.
 */

const DAY_MS = 86_400_000;
const DERIVED = sql.raw([...derivedSignalTypes].map((t) => `'${t}'`).join(", "));
const iso = (d: Date) => d.toISOString();
const epochMs = (column: SQL) => sql`(extract(epoch from ${column}) * 1000)::float8`;

/** What SQL finds of one contact as of a moment: its stored values and its touches. */
export interface ContactTouchFacts {
  id: number;
  lastTouchAt: number | null;
  level: EngagementLevel;
  setLevel: EngagementLevel | null;
  setAt: number | null;
  /** The latest touch from the facts up to the moment (map edits are not among them: they write the last touch at once). */
  latestTouch: number | null;
  touchpoints: number;
  signals: number;
  meetings: number;
  touchpointsSince: number;
  signalsSince: number;
  meetingsSince: number;
}

/**
 * The facts of the contacts `where` selects (on `c`, the contacts alias) as of `now`: one row each.
 * A touch dated after `now` is not a touch yet. Responses and meetings logged on a signal count
 * whatever kind of signal it was; a signal itself counts when it is the buyer's own action (not
 * external, not derived).
 */
export function contactTouchFactsQuery(where: SQL, now: Date): SQL {
  const to = sql`${iso(now)}::timestamptz`;
  const from = sql`${iso(new Date(now.getTime() - ENGAGEMENT_WINDOW_DAYS * DAY_MS))}::timestamptz`;
  const firstParty = sql`s.tier <> 'external' and s.type not in (${DERIVED}) and s.occurred_at <= ${to}`;
  return sql`
    select c.id, ${epochMs(sql`c.last_touch_at`)} as "lastTouchAt", c.engagement_level as level,
      c.engagement_set_level as "setLevel", ${epochMs(sql`c.engagement_set_at`)} as "setAt",
      ${epochMs(sql`greatest(t.latest, s.latest, s.responded, s.booked, m.latest)`)} as "latestTouch",
      t.n as touchpoints, s.n as signals, m.n as meetings, t.since as "touchpointsSince", s.since as "signalsSince", m.since as "meetingsSince"
    from contacts c
    cross join lateral (
      select max(p.occurred_at) as latest, (count(*) filter (where p.occurred_at > ${from}))::int as n,
        (count(*) filter (where p.occurred_at > c.engagement_set_at))::int as since
      from touchpoints p where p.contact_id = c.id and p.occurred_at <= ${to}
    ) t
    cross join lateral (
      select max(s.occurred_at) filter (where ${firstParty}) as latest,
        max(s.first_response_at) filter (where s.first_response_at <= ${to}) as responded,
        max(s.meeting_booked_at) filter (where s.meeting_booked_at <= ${to}) as booked,
        (count(*) filter (where ${firstParty} and s.occurred_at > ${from}))::int as n,
        (count(*) filter (where ${firstParty} and s.occurred_at > c.engagement_set_at))::int as since
      from signals s where s.contact_id = c.id
    ) s
    cross join lateral (
      select max(m.booked_at) as latest, (count(*) filter (where m.booked_at > ${from}))::int as n,
        (count(*) filter (where m.booked_at > c.engagement_set_at))::int as since
      from meetings m where m.contact_id = c.id and m.booked_at <= ${to}
    ) m
    where ${where}`;
}

export interface EngagementChange {
  id: number;
  lastTouchAt: string | null;
  level: EngagementLevel;
  /** The rep's setting the level was computed with: a setting changed since leaves the level alone. */
  setAt: string | null;
}

/**
 * What to write for each contact whose last touch or level differs from the facts: the last touch
 * only moves forward (and never past `now`), the level follows the rule of lib/metrics/engagement.
 */
export function engagementChanges(rows: readonly ContactTouchFacts[], now: Date): EngagementChange[] {
  const changes: EngagementChange[] = [];
  for (const r of rows) {
    const latest = Math.max(r.lastTouchAt ?? -Infinity, r.latestTouch ?? -Infinity);
    const lastTouchAt = Number.isFinite(latest) ? Math.min(latest, now.getTime()) : null;
    const level = contactEngagementLevel(
      {
        inWindow: { touchpoint: r.touchpoints, signal: r.signals, meeting: r.meetings },
        manual: r.setLevel !== null && r.setAt !== null ? { level: r.setLevel, at: new Date(r.setAt) } : null,
        sinceManual: { touchpoint: r.touchpointsSince, signal: r.signalsSince, meeting: r.meetingsSince },
      },
      now,
    );
    if (lastTouchAt === r.lastTouchAt && level === r.level) continue;
    changes.push({ id: r.id, lastTouchAt: lastTouchAt === null ? null : new Date(lastTouchAt).toISOString(), level, setAt: r.setAt === null ? null : new Date(r.setAt).toISOString() });
  }
  return changes;
}

/**
 * The statement writing the changes (a data-modifying CTE can hold it). It neither bumps the
 * contact's version nor its updated_at: these are derived values, not anyone's edit, so no rep's
 * save is refused as stale and no import's rollback is blocked because of them.
 */
export function engagementWrite(changes: readonly EngagementChange[], now: Date): SQL {
  return sql`update contacts c set
      last_touch_at = least(greatest(c.last_touch_at, d.last_touch_at), ${iso(now)}::timestamptz),
      engagement_level = case when c.engagement_set_at is not distinct from d.set_at then d.level else c.engagement_level end
    from jsonb_to_recordset(${JSON.stringify(changes.map((c) => ({ id: c.id, last_touch_at: c.lastTouchAt, level: c.level, set_at: c.setAt })))}::jsonb)
      as d(id int, last_touch_at timestamptz, level engagement_level, set_at timestamptz)
    where c.id = d.id`;
}

/** An int[] literal parameter: a thousand ids as one parameter. */
const idArray = (ids: readonly number[]) => `{${ids.join(",")}}`;

/**
 * Recomputes the last touch and engagement level of these contacts from their facts as of `now`,
 * in two statements whatever their number. Returns how many changed.
 */
export async function touchContacts(db: DatabaseOrTransaction, contactIds: Iterable<number | null | undefined>, now = new Date()): Promise<number> {
  const ids = [...new Set([...contactIds].filter((id): id is number => typeof id === "number"))];
  if (ids.length === 0) return 0;
  const rows = await queryRows<ContactTouchFacts>(db, contactTouchFactsQuery(sql`c.id = any(${idArray(ids)}::int[])`, now));
  const changes = engagementChanges(rows, now);
  if (changes.length) await db.execute(engagementWrite(changes, now));
  return changes.length;
}

/** The next `limit` contacts after `afterId`, recomputed; `lastId` is null once there are none left. */
export async function recomputeEngagementBatch(
  db: DatabaseOrTransaction,
  { afterId, limit, now }: { afterId: number; limit: number; now: Date },
): Promise<{ lastId: number | null; contacts: number; changed: number }> {
  const ids = (await queryRows<{ id: number }>(db, sql`select id from contacts where id > ${afterId} order by id limit ${limit}`)).map((r) => r.id);
  if (ids.length === 0) return { lastId: null, contacts: 0, changed: 0 };
  const changed = await touchContacts(db, ids, now);
  return { lastId: ids[ids.length - 1]!, contacts: ids.length, changed };
}

/** A rep's map edit is a touch of the contact at that moment. */
export async function recordMapTouch(db: DatabaseOrTransaction, contactId: number, at: Date): Promise<void> {
  await db.execute(sql`update contacts set last_touch_at = greatest(last_touch_at, ${iso(at)}::timestamptz) where id = ${contactId}`);
}

/** The settings row marking that every contact has been recomputed once (after the upgrade that added the rule). */
export const ENGAGEMENT_BACKFILL_SETTING = "engagement_backfill";

export async function engagementBackfillDone(db: DatabaseOrTransaction): Promise<boolean> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from settings where key = ${ENGAGEMENT_BACKFILL_SETTING}`);
  return (row?.n ?? 0) > 0;
}

export async function markEngagementBackfillDone(db: DatabaseOrTransaction, at: Date): Promise<void> {
  await db.execute(sql`insert into settings (key, value) values (${ENGAGEMENT_BACKFILL_SETTING}, ${JSON.stringify({ completedAt: iso(at) })}::jsonb)
    on conflict (key) do update set value = excluded.value, updated_at = now()`);
}
