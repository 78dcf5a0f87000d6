import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import type { ResponseAggregates } from "@/lib/metrics/router-impact";
import { inPeriod } from "./velocity";

export interface ResponseScope {
  /** First day, inclusive, YYYY-MM-DD. */
  from: string;
  /** Last day, inclusive. */
  to: string;
  timeZone: string;
  /** Days after a signal within which a meeting with the account counts (the `signals.meetingWindowDays` setting). */
  meetingWindowDays: number;
}

/** A signal `s` followed by a meeting with its account within `days` of it (the meeting window, the last day's end included). */
export const metWithin = (days: number): SQL => sql`exists (
  select 1 from meetings m
  where m.account_id = s.account_id and m.booked_at >= s.received_at
    and m.booked_at <= s.received_at + make_interval(days => ${days}::int))`;

/**
 * Response and meeting counts over the high-intent signals received in the days given (METRICS.md §3):
 * how many were answered, how many within 5 minutes, the median received → first response, and how
 * many were followed by a meeting with the account within the meeting window (the last day's end
 * included). One function for any window: Layer 3's period and the router's before and after are
 * counted the same way.
 */
export async function highIntentResponse(db: Database, scope: ResponseScope): Promise<ResponseAggregates> {
  const [row] = await queryRows<{ signals: number; responded: number; within_5: number; with_meeting: number; median_seconds: number | null }>(
    db,
    sql`
      select
        count(*)::int as signals,
        count(s.first_response_at)::int as responded,
        (count(*) filter (where s.first_response_at <= s.received_at + interval '5 minutes'))::int as within_5,
        (count(*) filter (where ${metWithin(scope.meetingWindowDays)}))::int as with_meeting,
        (percentile_cont(0.5) within group (order by extract(epoch from s.first_response_at - s.received_at))
          filter (where s.first_response_at is not null))::float8 as median_seconds
      from signals s
      where s.tier = 'high' and ${inPeriod(sql`s.received_at`, scope)}
    `,
  );
  return {
    signals: row!.signals,
    responded: row!.responded,
    within5Minutes: row!.within_5,
    withMeeting: row!.with_meeting,
    medianResponseSeconds: row!.median_seconds,
  };
}
