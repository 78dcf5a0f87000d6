import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import { rollUpForecast, type Forecast, type ForecastGroup } from "@/lib/metrics/forecast";
import type { Period } from "@/lib/metrics/period";
import type { ForecastCategory } from "@/lib/domain/forecast-categories";
import { closedIn } from "./velocity";

/**
 * The SQL behind the forecast (docs/metrics.md, "Forecast"): for one quarter, the deals won in it
 * and the open deals expected to close in it, summed per owner, status, the deal's own forecast
 * category and its stage's probability; lib/metrics/forecast.ts decides each group's category.
 */
export interface ForecastScope {
  /** The whole quarter, YYYY-MM-DD both ends included. */
  quarter: Period;
  timeZone: string;
  /**
   * Only this owner's deals and quota: a rep's forecast is filtered here, in the query, not on the
   * page. Undefined: every owner's.
   */
  ownerId?: number;
}

export interface ForecastWithNames extends Forecast {
  /** The name of each owner with a row (a rep who has left is still named). */
  names: Record<number, string>;
}

/** Deals whose expected close date falls in the period (whole days, both ends included): the open deals of a quarter's call. */
export const expectedCloseIn = (period: Period): SQL => sql`o.expected_close_date between ${period.from}::date and ${period.to}::date`;

/** Won in the period (the forecast's closed won). */
const wonIn = (period: Period, timeZone: string): SQL => sql`o.status = 'won' and ${closedIn({ ...period, timeZone })}`;

export async function forecastFor(db: Database, scope: ForecastScope): Promise<ForecastWithNames> {
  const owner = scope.ownerId === undefined ? sql`true` : sql`o.owner_id = ${scope.ownerId}`;
  const groups = await queryRows<ForecastGroup>(
    db,
    sql`select o.owner_id as "ownerId", o.status, o.forecast_category as category, s.probability::int as "stageProbability",
        count(*)::int as deals, (count(*) filter (where o.amount is null))::int as "withoutAmount",
        coalesce(sum(o.amount), 0)::text as amount
      from opportunities o
      join pipeline_stages s on s.id = o.stage_id
      where ${owner} and (
        (o.status = 'open' and ${expectedCloseIn(scope.quarter)})
        or (${wonIn(scope.quarter, scope.timeZone)}))
      group by 1, 2, 3, 4`,
  );
  const quotaOwner = scope.ownerId === undefined ? sql`true` : sql`q.user_id = ${scope.ownerId}`;
  const quotas = await queryRows<{ userId: number; amount: string }>(
    db,
    sql`select q.user_id as "userId", q.amount::text as amount from quotas q where q.quarter_start = ${scope.quarter.from}::date and ${quotaOwner}`,
  );
  // Every active rep has a row (a rep with nothing yet shows zeros); a rep looking sees their own.
  const reps = await queryRows<{ id: number }>(
    db,
    scope.ownerId === undefined ? sql`select id from users where role = 'sales' and active` : sql`select ${scope.ownerId}::int as id`,
  );
  const forecast = rollUpForecast(groups, new Map(quotas.map((q) => [q.userId, q.amount])), reps.map((r) => r.id));
  const ids = forecast.rows.flatMap((r) => (r.ownerId === null ? [] : [r.ownerId]));
  const names = ids.length
    ? await queryRows<{ id: number; name: string }>(db, sql`select id, name from users where id = any(${`{${ids.join(",")}}`}::int[])`)
    : [];
  const byName = Object.fromEntries(names.map((n) => [n.id, n.name]));
  forecast.rows.sort((a, b) => (a.ownerId === null ? 1 : b.ownerId === null ? -1 : (byName[a.ownerId] ?? "").localeCompare(byName[b.ownerId] ?? "")));
  return { ...forecast, names: byName };
}

export interface ForecastDeal {
  id: number;
  name: string;
  amount: string | null;
  stageName: string;
  stageProbability: number;
  /** As set; null: derived from the stage. */
  category: ForecastCategory | null;
  expectedCloseDate: string;
  version: number;
}

/** One owner's open deals expected to close in the quarter, largest first: the deals of their call. */
export async function forecastDeals(db: Database, { quarter, ownerId }: { quarter: Period; ownerId: number }): Promise<ForecastDeal[]> {
  return queryRows<ForecastDeal>(
    db,
    sql`select o.id, o.name, o.amount::text as amount, s.name as "stageName", s.probability::int as "stageProbability",
        o.forecast_category as category, o.expected_close_date::text as "expectedCloseDate", o.version
      from opportunities o join pipeline_stages s on s.id = o.stage_id
      where o.owner_id = ${ownerId} and o.status = 'open' and ${expectedCloseIn(quarter)}
      order by o.amount desc nulls last, o.id
      limit 200`,
  );
}
