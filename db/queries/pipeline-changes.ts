import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import type { DealMovementGroup, DealMoment, PipelineMove } from "@/lib/metrics/pipeline-changes";
import { centsToDecimal, decimalToUnits } from "@/lib/metrics/attribution";
import { contributionOf, movementKeysOf } from "@/lib/metrics/pipeline-changes";
import { dayAfter, dayStart } from "./velocity";

/**
 * The SQL behind pipeline changes (docs/metrics.md, "Pipeline changes"). Each deal's amount, expected
 * close date and status at a past moment is its current value with the later changes undone: the old
 * value of its first change at or after that moment, else the value it has now.
 */
export interface PipelineChangesScope {
  /** The period, whole days both ends included, YYYY-MM-DD. */
  from: string;
  to: string;
  /** The forecast window: deals expected to close in these days are the pipeline. */
  windowFrom: string;
  windowTo: string;
  timeZone: string;
  /** Only this owner's deals (null: the deals without an owner). */
  ownerId?: number | null;
}

/** Each candidate deal's moment at the period's start and end, amounts at both, as a CTE named `moments`. */
function momentsCte(scope: PipelineChangesScope): SQL {
  const start = dayStart(scope.from, scope.timeZone);
  const end = dayAfter(scope.to, scope.timeZone);
  const owner = scope.ownerId === undefined ? sql`true` : scope.ownerId === null ? sql`o.owner_id is null` : sql`o.owner_id = ${scope.ownerId}`;
  // A field's value at moment m: the old value of its first change at or after m, else the current one.
  const valueAt = (field: string, current: SQL, m: SQL) => sql`
    (coalesce((select array[c.old_value] from opportunity_changes c
      where c.opportunity_id = o.id and c.field = ${field} and c.changed_at >= ${m}
      order by c.changed_at, c.id limit 1), array[${current}]))[1]`;
  const moment = (m: SQL, status: SQL, close: SQL) => sql`case
    when o.created_at >= ${m} then 'absent'
    when ${status} <> 'open' then ${status}
    when ${close} is null then 'undated'
    when ${close}::date < ${scope.windowFrom}::date then 'before'
    when ${close}::date > ${scope.windowTo}::date then 'after'
    else 'in' end`;
  return sql`
    bounds as (select ${start} as start_at, ${end} as end_at),
    candidates as (
      -- Deals closed before the period and unchanged since stand still: neither in the pipeline nor moving.
      select o.* from opportunities o, bounds b
      where o.created_at < b.end_at and ${owner}
        and (o.status = 'open' or o.closed_at >= b.start_at
          or exists (select 1 from opportunity_changes c where c.opportunity_id = o.id and c.changed_at >= b.start_at))
    ),
    valued as (
      select o.id, o.created_at,
        ${valueAt("status", sql`o.status::text`, sql`b.start_at`)} as start_status,
        ${valueAt("expected_close_date", sql`o.expected_close_date::text`, sql`b.start_at`)} as start_close,
        ${valueAt("amount", sql`o.amount::text`, sql`b.start_at`)}::numeric as start_amount,
        ${valueAt("status", sql`o.status::text`, sql`b.end_at`)} as end_status,
        ${valueAt("expected_close_date", sql`o.expected_close_date::text`, sql`b.end_at`)} as end_close,
        ${valueAt("amount", sql`o.amount::text`, sql`b.end_at`)}::numeric as end_amount
      from candidates o, bounds b
    ),
    moments as (
      select o.id,
        ${moment(sql`b.start_at`, sql`o.start_status`, sql`o.start_close`)} as start_moment,
        ${moment(sql`b.end_at`, sql`o.end_status`, sql`o.end_close`)} as end_moment,
        case when o.created_at >= b.start_at then null else o.start_amount end as start_amount,
        case when o.created_at >= b.end_at then null else o.end_amount end as end_amount
      from valued o, bounds b
    )`;
}

const amountChange = sql`sign(coalesce(m.end_amount, 0) - coalesce(m.start_amount, 0))::int`;

/** Deals grouped by their moment at the start and the end and the sign of their amount change. */
export async function dealMovementGroups(db: Database, scope: PipelineChangesScope): Promise<DealMovementGroup[]> {
  return queryRows<DealMovementGroup>(
    db,
    sql`with ${momentsCte(scope)}
      select m.start_moment as "start", m.end_moment as "end", ${amountChange} as "amountChange",
        count(*)::int as deals,
        coalesce(sum(m.start_amount), 0)::text as "startAmount",
        coalesce(sum(m.end_amount), 0)::text as "endAmount"
      from moments m
      where not (m.start_moment = m.end_moment and m.start_moment <> 'in')
      group by 1, 2, 3
      order by 1, 2, 3`,
  );
}

export interface MovedDeal {
  id: number;
  name: string;
  accountName: string | null;
  ownerName: string | null;
  start: DealMoment;
  end: DealMoment;
  /** Exact decimals; null: no amount then (or the deal did not exist yet). */
  startAmount: string | null;
  endAmount: string | null;
  expectedCloseDate: string | null;
  /** What the deal adds to the bar listed (negative: takes away), exact to the cent; the deals' contributions add up to the bar. */
  contribution: string;
}

export const MOVED_DEALS_PER_PAGE = 50;

/** The deals behind one bar, largest amount first, a page at a time, with their count. */
export async function dealsBehindMove(db: Database, scope: PipelineChangesScope, move: PipelineMove, page: number): Promise<{ deals: MovedDeal[]; total: number }> {
  const keys = movementKeysOf(move);
  const filter = sql`(m.start_moment || ':' || m.end_moment || ':' || ${amountChange}) = any(${`{${keys.join(",")}}`}::text[])`;
  const deals = await queryRows<Omit<MovedDeal, "contribution"> & { total: number }>(
    db,
    sql`with ${momentsCte(scope)}
      select o.id, o.name, a.name as "accountName", u.name as "ownerName", m.start_moment as "start", m.end_moment as "end",
        m.start_amount::text as "startAmount", m.end_amount::text as "endAmount", o.expected_close_date::text as "expectedCloseDate",
        (count(*) over ())::int as total
      from moments m
      join opportunities o on o.id = m.id
      left join accounts a on a.id = o.account_id
      left join users u on u.id = o.owner_id
      where ${filter}
      order by greatest(coalesce(m.start_amount, 0), coalesce(m.end_amount, 0)) desc, o.id
      limit ${MOVED_DEALS_PER_PAGE} offset ${(page - 1) * MOVED_DEALS_PER_PAGE}`,
  );
  const cents = (amount: string | null) => (amount === null ? 0n : decimalToUnits(amount, 2));
  return {
    deals: deals.map(({ total: _total, ...d }) => ({ ...d, contribution: centsToDecimal(contributionOf(move, d.start, d.end, cents(d.startAmount), cents(d.endAmount))) })),
    total: deals[0]?.total ?? 0,
  };
}
