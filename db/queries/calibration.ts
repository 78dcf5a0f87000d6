import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import type { CalibrationAggregates } from "@/lib/metrics/calibration";
import type { ScoringWeights } from "@/lib/metrics/scoring";
import { inPeriod } from "./velocity";

export interface BacktestScope {
  /** Deals closed from this day, inclusive, YYYY-MM-DD. */
  from: string;
  /** …to this day, inclusive. */
  to: string;
  timeZone: string;
  /** The weights to recompute each stored score with (the saved ones, or a candidate). */
  weights: ScoringWeights;
  /** A best score at or above this "scored high". */
  threshold: number;
}

/**
 * The calibration backtest (METRICS.md §3) over deals won or lost in the period: for each deal, the
 * highest account-level readiness its account reached before the deal was created, recomputed from
 * the stored sub-scores with the given weights; a deal with no earlier score counts as 0. Returns the
 * counts the rates are made of, the won/lost counts per ten-point bucket, and the median best scores.
 */
export async function calibrationBacktest(db: Database, scope: BacktestScope): Promise<CalibrationAggregates> {
  const { fit, intent, engagement } = scope.weights;
  const [row] = await queryRows<{
    won: number;
    lost: number;
    won_unscored: number;
    lost_unscored: number;
    false_positives: number;
    false_negatives: number;
    median_won: number | null;
    median_lost: number | null;
    buckets: { bucket: number; won: number; lost: number }[] | null;
  }>(
    db,
    sql`
      with deals as (
        select o.status = 'won' as won,
          (
            select max(round(${fit}::numeric * s.fit + ${intent}::numeric * s.intent + ${engagement}::numeric * s.engagement, 2))
            from scores s
            where s.account_id = o.account_id and s.contact_id is null and s.computed_at < o.created_at
          ) as best
        from opportunities o
        where o.status in ('won', 'lost') and ${inPeriod(sql`o.closed_at`, scope)}
      ),
      scored as (
        select won, best is null as unscored, coalesce(best, 0) as best, least(floor(coalesce(best, 0) / 10), 9)::int as bucket from deals
      ),
      buckets as (
        select bucket, (count(*) filter (where won))::int as won, (count(*) filter (where not won))::int as lost from scored group by bucket
      )
      select
        (count(*) filter (where won))::int as won,
        (count(*) filter (where not won))::int as lost,
        (count(*) filter (where won and unscored))::int as won_unscored,
        (count(*) filter (where not won and unscored))::int as lost_unscored,
        (count(*) filter (where not won and best >= ${scope.threshold}::numeric))::int as false_positives,
        (count(*) filter (where won and best < ${scope.threshold}::numeric))::int as false_negatives,
        (percentile_cont(0.5) within group (order by best) filter (where won))::float8 as median_won,
        (percentile_cont(0.5) within group (order by best) filter (where not won))::float8 as median_lost,
        (select json_agg(json_build_object('bucket', bucket, 'won', won, 'lost', lost) order by bucket) from buckets) as buckets
      from scored
    `,
  );
  return {
    won: row!.won,
    lost: row!.lost,
    wonUnscored: row!.won_unscored,
    lostUnscored: row!.lost_unscored,
    falsePositives: row!.false_positives,
    falseNegatives: row!.false_negatives,
    medianWon: row!.median_won,
    medianLost: row!.median_lost,
    buckets: row!.buckets ?? [],
  };
}
