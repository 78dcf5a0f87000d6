import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import type { SignalTier } from "@/lib/domain/signal-types";
import type { RoutingTrack } from "@/lib/domain/routing-tracks";
import type { ScoreExplanation } from "@/lib/metrics/scoring";

export interface AccountScore {
  fit: number;
  intent: number;
  engagement: number;
  readiness: number;
  explanation: Partial<ScoreExplanation>;
  computedAt: Date;
}

export interface AccountSignal {
  id: number;
  type: string;
  label: string;
  tier: SignalTier;
  contactName: string | null;
  receivedAt: Date;
  readiness: number | null;
  track: RoutingTrack | null;
  routedTo: string | null;
  respondedAt: Date | null;
  meetingBookedAt: Date | null;
  derived: boolean;
}

const ms = (column: string) => sql.raw(`(extract(epoch from ${column}) * 1000)::float8`);

/**
 * The account's readiness as the router sees it: the latest account-level score with its reasons,
 * the score at the end of each of the last `weeks` weeks (whole days in `timeZone`, ending `today`),
 * and the latest signals.
 */
export async function accountReadiness(db: Database, { accountId, today, timeZone, weeks = 26, signals = 10 }: { accountId: number; today: string; timeZone: string; weeks?: number; signals?: number }) {
  const [latest, trend, recent] = await Promise.all([
    queryRows<{ fit: string; intent: string; engagement: string; readiness: string; explanation: Partial<ScoreExplanation>; computedAt: number }>(
      db,
      sql`select fit, intent, engagement, readiness, explanation, ${ms("computed_at")} as "computedAt"
          from scores where account_id = ${accountId} and contact_id is null order by computed_at desc, id desc limit 1`,
    ),
    queryRows<{ weekEnd: string; value: number | null }>(
      db,
      sql`select e.week_end::text as "weekEnd",
            (select readiness::float8 from scores
               where account_id = ${accountId} and contact_id is null and computed_at < ((e.week_end + 1)::timestamp at time zone ${timeZone})
               order by computed_at desc, id desc limit 1) as value
          from (select (${today}::date - 7 * k) as week_end from generate_series(0, ${weeks - 1}) k) e
          order by e.week_end`,
    ),
    queryRows<Omit<AccountSignal, "receivedAt" | "respondedAt" | "meetingBookedAt" | "readiness"> & { receivedAt: number; respondedAt: number | null; meetingBookedAt: number | null; readiness: string | null }>(
      db,
      sql`select s.id, s.type, coalesce(t.label, s.type) as label, s.tier, c.name as "contactName", ${ms("s.received_at")} as "receivedAt",
            s.readiness, s.track, u.name as "routedTo", ${ms("s.first_response_at")} as "respondedAt", ${ms("s.meeting_booked_at")} as "meetingBookedAt",
            s.derived_from is not null as derived
          from signals s
          left join signal_types t on t.key = s.type
          left join contacts c on c.id = s.contact_id
          left join users u on u.id = s.routed_to
          where s.account_id = ${accountId}
          order by s.received_at desc, s.id desc
          limit ${signals}`,
    ),
  ]);
  const score = latest[0];
  return {
    score: score
      ? {
          fit: Number(score.fit),
          intent: Number(score.intent),
          engagement: Number(score.engagement),
          readiness: Number(score.readiness),
          explanation: score.explanation,
          computedAt: new Date(score.computedAt),
        }
      : null,
    trend,
    signals: recent.map((s) => ({
      ...s,
      readiness: s.readiness === null ? null : Number(s.readiness),
      receivedAt: new Date(s.receivedAt),
      respondedAt: s.respondedAt === null ? null : new Date(s.respondedAt),
      meetingBookedAt: s.meetingBookedAt === null ? null : new Date(s.meetingBookedAt),
    })),
  };
}
export type AccountReadiness = Awaited<ReturnType<typeof accountReadiness>>;
