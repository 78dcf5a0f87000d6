import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import type { Channel } from "@/lib/domain/channels";
import type { DarkSocialCounts, FirstTouchChannel } from "@/lib/metrics/dark-social";
import { addDays } from "@/lib/metrics/period";
import { dayAfter, dayStart } from "./velocity";
import { trendMonthStarts } from "./funnel";

/** Leads created in whole days of the organisation's time zone. */
export interface LeadPeriod {
  from: string;
  to: string;
  timeZone: string;
}

/**
 * The leads created in the period that answered, by the channel they named and by the channel of
 * their first tracked touch: the earliest touch of the lead's contact at or before the lead came
 * in (by time, then id), read from touchpoints_contact_time_idx one lead at a time.
 */
export async function darkSocialCounts(db: Database, period: LeadPeriod): Promise<DarkSocialCounts> {
  const rows = await queryRows<{ side: "self" | "first"; channel: string; n: number }>(
    db,
    sql`
      with answered as materialized (
        select x.lead_id, x.channel, 1.0 / count(*) over (partition by x.lead_id) as weight
        from self_reported_answers x
        join leads l on l.id = x.lead_id
        where l.created_at >= ${dayStart(period.from, period.timeZone)} and l.created_at < ${dayAfter(period.to, period.timeZone)}
      ),
      first_touch as (
        select (
          select t.channel from touchpoints t
          where t.contact_id = l.contact_id and t.occurred_at <= l.created_at
          order by t.occurred_at, t.id
          limit 1
        ) as channel
        from (select distinct lead_id from answered) s
        join leads l on l.id = s.lead_id
      )
      select 'self' as side, channel::text as channel, sum(weight)::float8 as n from answered group by channel
      union all
      select 'first', coalesce(channel::text, 'untracked'), count(*)::float8 from first_touch group by 2`,
  );
  const counts: DarkSocialCounts = { leads: 0, selfReported: {}, firstTouch: {} };
  for (const row of rows) {
    if (row.side === "self") counts.selfReported[row.channel as Channel] = row.n;
    else {
      counts.firstTouch[row.channel as FirstTouchChannel] = row.n;
      counts.leads += row.n;
    }
  }
  return counts;
}

export interface MonthlyCapture {
  /** First day of the month, YYYY-MM-DD. */
  month: string;
  demoRequests: number;
  answered: number;
}

/**
 * Demo requests created in each range of whole days [start, next) in the time zone, and how many of
 * them have an answer (whenever it was entered).
 */
async function captureByRange(db: Database, ranges: { start: string; next: string }[], timeZone: string): Promise<{ demoRequests: number; answered: number }[]> {
  const rows = await queryRows<{ k: number; demoRequests: number; answered: number }>(
    db,
    sql`
      with bounds as (
        select k, (start::date::timestamp at time zone ${timeZone}) as lo, (next::date::timestamp at time zone ${timeZone}) as hi
        from json_to_recordset(${JSON.stringify(ranges.map((r, k) => ({ k, ...r })))}::json) as b(k int, start text, next text)
      )
      select b.k, count(l.id)::int as "demoRequests",
        count(l.id) filter (where exists (select 1 from self_reported_answers x where x.lead_id = l.id))::int as "answered"
      from bounds b
      left join leads l on l.is_demo_request and l.created_at >= b.lo and l.created_at < b.hi
      group by b.k`,
  );
  const byRange = new Map(rows.map((r) => [r.k, r]));
  return ranges.map((_, k) => ({ demoRequests: byRange.get(k)?.demoRequests ?? 0, answered: byRange.get(k)?.answered ?? 0 }));
}

/** Demo requests created in the period, and how many of them have an answer. */
export async function captureCounts(db: Database, period: LeadPeriod): Promise<{ demoRequests: number; answered: number }> {
  const [counts] = await captureByRange(db, [{ start: period.from, next: addDays(period.to, 1) }], period.timeZone);
  return counts!;
}

/** Capture counts for each of the `months` months ending with the one holding `last` (oldest first). */
export async function monthlyCapture(db: Database, { last, months, timeZone }: { last: string; months: number; timeZone: string }): Promise<MonthlyCapture[]> {
  const starts = trendMonthStarts(last, months);
  const ranges = starts.slice(0, -1).map((start, k) => ({ start, next: starts[k + 1]! }));
  const counts = await captureByRange(db, ranges, timeZone);
  return ranges.map((r, k) => ({ month: r.start, ...counts[k]! }));
}
