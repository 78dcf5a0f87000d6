import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { storedAggregate } from "./stored-aggregates";
import { queryRows, type Database } from "@/db/index";
import type { StageInput } from "@/lib/metrics/stage-map";
import type { VelocityAggregates } from "@/lib/metrics/velocity";

/**
 * The SQL behind Layer 1 (METRICS.md §1). Periods are whole days [from, to] in the organisation's
 * time zone, i.e. [from 00:00, to + 1 day 00:00) local time; every sum of money is numeric. A deal
 * without an amount counts in every count and adds nothing to a sum (SQL's sum skips nulls); each
 * sum comes with how many of its deals had no amount.
 */
export interface OpportunityFilters {
  segment?: string;
  source?: string;
  ownerId?: number;
}

/** The same filters, where null picks the deals with none (the "(not set)" group of a breakdown). */
export interface OpportunityGroupFilters {
  segment?: string | null;
  source?: string | null;
  ownerId?: number | null;
}

export interface VelocityScope extends OpportunityFilters {
  /** First day, inclusive, YYYY-MM-DD. */
  from: string;
  /** Last day, inclusive, YYYY-MM-DD. */
  to: string;
  /** IANA time zone of the organisation, e.g. "UTC" or "Europe/Berlin". */
  timeZone: string;
}

/** Local midnight at the start of a day, as timestamptz. */
export function dayStart(day: string, timeZone: string): SQL {
  return sql`((${day}::date)::timestamp at time zone ${timeZone})`;
}

/** Local midnight after the last day. */
export function dayAfter(day: string, timeZone: string): SQL {
  return sql`(((${day}::date) + 1)::timestamp at time zone ${timeZone})`;
}

export function inPeriod(column: SQL, scope: Pick<VelocityScope, "from" | "to" | "timeZone">): SQL {
  return sql`${column} >= ${dayStart(scope.from, scope.timeZone)} and ${column} < ${dayAfter(scope.to, scope.timeZone)}`;
}

/** The segment / source / owner filters on an opportunities alias `o`. */
export function opportunityFilter(filters: OpportunityGroupFilters): SQL {
  const parts: SQL[] = [sql`true`];
  const equals = (column: SQL, value: string | number | null) => (value === null ? sql`${column} is null` : sql`${column} = ${value}`);
  if (filters.segment !== undefined) parts.push(equals(sql`o.segment`, filters.segment));
  if (filters.source !== undefined) parts.push(equals(sql`o.source`, filters.source));
  if (filters.ownerId !== undefined) parts.push(equals(sql`o.owner_id`, filters.ownerId));
  return sql.join(parts, sql` and `);
}

/*
 * The deals behind each figure, one predicate each on an opportunities alias `o`: the figure's SQL
 * and the deal list's (db/queries/deals.ts) both use them, so a list opened from a figure holds
 * exactly the deals the figure counts.
 */
type PeriodScope = Pick<VelocityScope, "from" | "to" | "timeZone">;

/** N: qualified in the period. */
export const qualifiedIn = (scope: PeriodScope): SQL => inPeriod(sql`o.qualified_at`, scope);

/** Win rate's deals: closed (won or lost) in the period; deal size and cycle read the won ones. */
export const closedIn = (scope: PeriodScope): SQL => sql`o.status <> 'open' and ${inPeriod(sql`o.closed_at`, scope)}`;

/** Pipeline created: created in the period. */
export const createdIn = (scope: PeriodScope): SQL => inPeriod(sql`o.created_at`, scope);

/** Open pipeline's deals: open now. */
export const isOpen: SQL = sql`o.status = 'open'`;

/**
 * The deal-size tier of `o`: tier i holds amounts in [bound[i-1], bound[i]); the last tier is
 * open-ended. A deal without an amount has no tier: null (the "else" would otherwise put it in the
 * top tier). No bounds: a single tier "0" ("case else … end" without a "when" is a syntax error).
 */
export function dealSizeTier(tierBounds: readonly number[]): SQL {
  if (tierBounds.length === 0) return sql`(case when o.amount is null then null else '0' end)`;
  const cases = tierBounds.map((bound, i) => sql`when o.amount < ${bound}::numeric then '${sql.raw(String(i))}'`);
  return sql`(case when o.amount is null then null ${sql.join(cases, sql` `)} else '${sql.raw(String(tierBounds.length))}' end)`;
}

/** A deal on an account in an ABM tier (the tier in force now). */
export const onAbmAccount: SQL = sql`exists (select 1 from accounts a where a.id = o.account_id and a.abm_tier is not null)`;

const SECONDS_PER_DAY = 86_400;

/** N, won, lost, won amount (and won deals without one) and won cycle days for one period and scope. */
export async function velocityAggregates(db: Database, scope: VelocityScope): Promise<VelocityAggregates> {
  const filter = opportunityFilter(scope);
  const [row] = await queryRows<VelocityAggregates>(
    db,
    sql`
      select
        (select count(*)::int from opportunities o where ${qualifiedIn(scope)} and ${filter}) as "qualified",
        count(*) filter (where o.status = 'won')::int as "won",
        count(*) filter (where o.status = 'lost')::int as "lost",
        coalesce(sum(o.amount) filter (where o.status = 'won'), 0)::text as "wonAmount",
        count(*) filter (where o.status = 'won' and o.amount is null)::int as "wonWithoutAmount",
        coalesce(sum(extract(epoch from o.closed_at - o.created_at)) filter (where o.status = 'won'), 0)::float8 / ${SECONDS_PER_DAY} as "wonCycleDays"
      from opportunities o
      where ${closedIn(scope)} and ${filter}
    `,
  );
  return row!;
}

export type SegmentDimension = "source" | "segment" | "dealSizeTier" | "owner" | "abm";

export interface SegmentAggregates extends VelocityAggregates {
  /** The group: a source or segment name, a tier index ("0", "1", …) or an owner id; null when unset (a deal-size tier: no amount). */
  key: string | null;
}

function segmentKey(dimension: SegmentDimension, tierBounds: readonly number[]): SQL {
  switch (dimension) {
    case "source":
      return sql`o.source`;
    case "segment":
      return sql`o.segment`;
    case "owner":
      return sql`o.owner_id::text`;
    case "abm":
      return sql`(case when ${onAbmAccount} then 'abm' else 'non_abm' end)`;
    case "dealSizeTier":
      return dealSizeTier(tierBounds);
  }
}

/** The same aggregates within each group of one dimension. */
export async function velocityBySegment(
  db: Database,
  scope: VelocityScope,
  dimension: SegmentDimension,
  tierBounds: readonly number[],
): Promise<SegmentAggregates[]> {
  const key = segmentKey(dimension, tierBounds);
  const filter = opportunityFilter(scope);
  return queryRows<SegmentAggregates>(
    db,
    sql`
      with qualified as (
        select ${key} as key, count(*)::int as n
        from opportunities o
        where ${qualifiedIn(scope)} and ${filter}
        group by 1
      ), closed as (
        select ${key} as key,
          count(*) filter (where o.status = 'won')::int as won,
          count(*) filter (where o.status = 'lost')::int as lost,
          coalesce(sum(o.amount) filter (where o.status = 'won'), 0) as won_amount,
          count(*) filter (where o.status = 'won' and o.amount is null)::int as won_without_amount,
          coalesce(sum(extract(epoch from o.closed_at - o.created_at)) filter (where o.status = 'won'), 0)::float8 as won_seconds
        from opportunities o
        where ${closedIn(scope)} and ${filter}
        group by 1
      ), together as (
        -- Not a full join on "key is not distinct from": PostgreSQL refuses FULL JOIN on a condition
        -- that is neither merge- nor hash-joinable. Stacking both sides and grouping keeps the groups
        -- found on one side only, and GROUP BY puts every null key in one group.
        select key, n, 0 as won, 0 as lost, 0::numeric as won_amount, 0 as won_without_amount, 0::float8 as won_seconds from qualified
        union all
        select key, 0, won, lost, won_amount, won_without_amount, won_seconds from closed
      )
      select
        key as "key",
        sum(n)::int as "qualified",
        sum(won)::int as "won",
        sum(lost)::int as "lost",
        sum(won_amount)::text as "wonAmount",
        sum(won_without_amount)::int as "wonWithoutAmount",
        sum(won_seconds)::float8 / ${SECONDS_PER_DAY} as "wonCycleDays"
      from together
      group by key
      order by key nulls last
    `,
  );
}

/** Per stage: entries, advances, exits with their dwell, and losses (the stage map's inputs). */
export type StageAggregates = StageInput;

/** Conversion, drop-off and dwell inputs per pipeline stage, from the stage history. */
export async function stageAggregates(db: Database, scope: VelocityScope): Promise<StageAggregates[]> {
  const filter = opportunityFilter(scope);
  return queryRows<StageAggregates>(
    db,
    sql`
      with touched as (
        -- Only opportunities with a stage entry or exit in the period (which covers every deal closed
        -- in it) matter; found through the entry and exit indexes, not by reading all history.
        select opportunity_id from opportunity_stage_history where ${inPeriod(sql`entered_at`, scope)}
        union
        select opportunity_id from opportunity_stage_history where ${inPeriod(sql`exited_at`, scope)}
      ), entries as (
        select h.opportunity_id, h.stage_id, h.entered_at, h.exited_at, s.position,
          -- the furthest non-lost stage this deal reached from this entry on: one pass per deal
          max(case when not s.is_lost then s.position end) over (
            partition by h.opportunity_id order by h.entered_at, s.position
            rows between current row and unbounded following
          ) as furthest_later
        from opportunity_stage_history h
        join touched t on t.opportunity_id = h.opportunity_id
        join pipeline_stages s on s.id = h.stage_id
        join opportunities o on o.id = h.opportunity_id
        where ${filter}
      ), entered as (
        select e.stage_id,
          count(*)::int as entered,
          count(*) filter (where e.furthest_later > e.position)::int as advanced
        from entries e
        where ${inPeriod(sql`e.entered_at`, scope)}
        group by e.stage_id
      ), exited as (
        select e.stage_id, count(*)::int as exits,
          sum(extract(epoch from e.exited_at - e.entered_at))::float8 / ${SECONDS_PER_DAY} as dwell_days
        from entries e
        where e.exited_at is not null and ${inPeriod(sql`e.exited_at`, scope)}
        group by e.stage_id
      ), last_before_lost as (
        select distinct on (o.id) o.id, e.stage_id
        from opportunities o
        join entries e on e.opportunity_id = o.id
        join pipeline_stages s on s.id = e.stage_id
        where o.status = 'lost' and ${inPeriod(sql`o.closed_at`, scope)} and ${filter} and not s.is_lost
        order by o.id, e.entered_at desc, s.position desc
      ), lost as (
        select stage_id, count(*)::int as lost_from from last_before_lost group by stage_id
      )
      select s.id as "stageId", s.name, s.position, s.is_won as "isWon", s.is_lost as "isLost",
        coalesce(en.entered, 0) as "entered", coalesce(en.advanced, 0) as "advanced",
        coalesce(ex.exits, 0) as "exits", coalesce(ex.dwell_days, 0)::float8 as "dwellDays",
        coalesce(l.lost_from, 0) as "lostFrom"
      from pipeline_stages s
      left join entered en on en.stage_id = s.id
      left join exited ex on ex.stage_id = s.id
      left join lost l on l.stage_id = s.id
      order by s.position
    `,
  );
}

export interface PipelineSnapshot {
  /** Sum of amount of open opportunities (now). */
  openPipeline: string;
  /** Σ amount × probability of the current stage, of open opportunities. */
  weightedPipeline: string;
  /** Open opportunities, and those without an amount (left out of both sums above). */
  openDeals: number;
  openWithoutAmount: number;
  /** Open pipeline whose expected close date falls in the quarter. */
  openClosingInQuarter: string;
  closingInQuarterDeals: number;
  closingInQuarterWithoutAmount: number;
  /** Amount closed won in the quarter. */
  wonInQuarter: string;
  wonInQuarterDeals: number;
  wonInQuarterWithoutAmount: number;
  /** Quota of the quarter: the owner's when filtered by owner, else every rep's. */
  quota: string;
  quarterStart: string;
  quarterEnd: string;
}

/** Open and weighted pipeline now, and the inputs of pipeline coverage for the quarter holding `today`. */
export async function pipelineSnapshot(
  db: Database,
  { today, timeZone, ...filters }: OpportunityFilters & { today: string; timeZone: string },
): Promise<PipelineSnapshot> {
  const filter = opportunityFilter(filters);
  const quotaOwner = filters.ownerId === undefined ? sql`true` : sql`q.user_id = ${filters.ownerId}`;
  const closingInQuarter = sql`o.status = 'open' and o.expected_close_date between quarter.first_day and quarter.last_day`;
  const wonInQuarter = sql`o.status = 'won'
    and o.closed_at >= (quarter.first_day::timestamp at time zone ${timeZone})
    and o.closed_at < ((quarter.last_day + 1)::timestamp at time zone ${timeZone})`;
  const [row] = await queryRows<PipelineSnapshot>(
    db,
    sql`
      with quarter as (
        select date_trunc('quarter', ${today}::date)::date as first_day,
          (date_trunc('quarter', ${today}::date) + interval '3 months' - interval '1 day')::date as last_day
      )
      select
        coalesce(sum(o.amount) filter (where ${isOpen}), 0)::text as "openPipeline",
        coalesce(sum(o.amount * s.probability / 100.0) filter (where ${isOpen}), 0)::numeric(16, 2)::text as "weightedPipeline",
        count(*) filter (where ${isOpen})::int as "openDeals",
        count(*) filter (where ${isOpen} and o.amount is null)::int as "openWithoutAmount",
        coalesce(sum(o.amount) filter (where ${closingInQuarter}), 0)::text as "openClosingInQuarter",
        count(*) filter (where ${closingInQuarter})::int as "closingInQuarterDeals",
        count(*) filter (where ${closingInQuarter} and o.amount is null)::int as "closingInQuarterWithoutAmount",
        coalesce(sum(o.amount) filter (where ${wonInQuarter}), 0)::text as "wonInQuarter",
        count(*) filter (where ${wonInQuarter})::int as "wonInQuarterDeals",
        count(*) filter (where ${wonInQuarter} and o.amount is null)::int as "wonInQuarterWithoutAmount",
        (select coalesce(sum(q.amount), 0)::text from quotas q where q.quarter_start = quarter.first_day and ${quotaOwner}) as "quota",
        to_char(quarter.first_day, 'YYYY-MM-DD') as "quarterStart",
        to_char(quarter.last_day, 'YYYY-MM-DD') as "quarterEnd"
      from quarter
      left join opportunities o on ${filter}
      left join pipeline_stages s on s.id = o.stage_id
      group by quarter.first_day, quarter.last_day
    `,
  );
  return row!;
}

export interface PipelineCreated {
  /** Sum of amount of the opportunities created in the period. */
  amount: string;
  /** The opportunities created in the period, and those without an amount (left out of the sum). */
  deals: number;
  withoutAmount: number;
}

export async function pipelineCreated(db: Database, scope: VelocityScope): Promise<PipelineCreated> {
  const [row] = await queryRows<PipelineCreated>(
    db,
    sql`select coalesce(sum(o.amount), 0)::text as amount, count(*)::int as deals, count(*) filter (where o.amount is null)::int as "withoutAmount"
      from opportunities o where ${createdIn(scope)} and ${opportunityFilter(scope)}`,
  );
  return row!;
}

/** The value of a company target in force on a day (the latest set on or before it), or null. */
export async function targetInForce(db: Database, metric: string, day: string): Promise<string | null> {
  const [row] = await queryRows<{ value: string }>(
    db,
    sql`select value::text as value from targets where metric = ${metric} and effective_from <= ${day}::date order by effective_from desc limit 1`,
  );
  return row?.value ?? null;
}

export interface TrendPoint extends VelocityAggregates {
  /** Last day of the week (a Sunday), YYYY-MM-DD. */
  weekEnd: string;
}

/**
 * One point per week for `weeks` weeks ending with the week holding `today`; each point aggregates
 * the `windowDays` days that end with that week, so the line shows a trend rather than weekly noise.
 */
export async function weeklyTrend(
  db: Database,
  { today, timeZone, weeks, windowDays, ...filters }: OpportunityFilters & { today: string; timeZone: string; weeks: number; windowDays: number },
): Promise<TrendPoint[]> {
  const filter = opportunityFilter(filters);
  return queryRows<TrendPoint>(
    db,
    sql`
      with week_ends as (
        select (date_trunc('week', ${today}::date)::date + 6 - 7 * g)::date as last_day
        from generate_series(0, ${weeks - 1}::int) g
      ), windows as (
        select last_day,
          ((last_day - ${windowDays - 1}::int)::timestamp at time zone ${timeZone}) as window_start,
          ((last_day + 1)::timestamp at time zone ${timeZone}) as window_end
        from week_ends
      )
      select to_char(w.last_day, 'YYYY-MM-DD') as "weekEnd",
        (select count(*)::int from opportunities o
          where o.qualified_at >= w.window_start and o.qualified_at < w.window_end and ${filter}) as "qualified",
        c.won, c.lost, c.won_amount as "wonAmount", c.won_without_amount as "wonWithoutAmount", c.won_cycle_days as "wonCycleDays"
      from windows w
      cross join lateral (
        select count(*) filter (where o.status = 'won')::int as won,
          count(*) filter (where o.status = 'lost')::int as lost,
          coalesce(sum(o.amount) filter (where o.status = 'won'), 0)::text as won_amount,
          count(*) filter (where o.status = 'won' and o.amount is null)::int as won_without_amount,
          coalesce(sum(extract(epoch from o.closed_at - o.created_at)) filter (where o.status = 'won'), 0)::float8 / ${SECONDS_PER_DAY} as won_cycle_days
        from opportunities o
        where o.status <> 'open' and o.closed_at >= w.window_start and o.closed_at < w.window_end and ${filter}
      ) c
      order by w.last_day
    `,
  );
}

/**
 * The aggregates of a period and the weekly trend as stored since the last write to the deals'
 * dates, status, amount or filter columns (db/queries/stored-aggregates.ts), else computed afresh:
 * a comparison period and the trend's weeks rarely change between views.
 */
export function storedVelocityAggregates(db: Database, scope: VelocityScope): Promise<VelocityAggregates> {
  return storedAggregate(db, "velocity_aggregates", scope, () => velocityAggregates(db, scope));
}

export function storedWeeklyTrend(db: Database, args: Parameters<typeof weeklyTrend>[1]): Promise<TrendPoint[]> {
  return storedAggregate(db, "velocity_trend", args, () => weeklyTrend(db, args));
}

export interface FilterOptions {
  segments: string[];
  sources: string[];
  owners: { id: number; name: string; active: boolean }[];
}

/** The values the segment, source and owner filters can take. */
export async function velocityFilterOptions(db: Database): Promise<FilterOptions> {
  const [segments, sources, owners] = await Promise.all([
    queryRows<{ value: string }>(db, sql`select distinct segment as value from opportunities where segment is not null order by 1`),
    queryRows<{ value: string }>(db, sql`select distinct source as value from opportunities where source is not null order by 1`),
    queryRows<{ id: number; name: string; active: boolean }>(
      db,
      sql`select u.id, u.name, u.active from users u where exists (select 1 from opportunities o where o.owner_id = u.id) order by u.name`,
    ),
  ]);
  return { segments: segments.map((r) => r.value), sources: sources.map((r) => r.value), owners };
}
