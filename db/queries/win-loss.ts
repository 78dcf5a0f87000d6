import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import { dealFacts, winRateDimensions, type CompetitorCount, type DealFact, type FactSummary, type LossPoint, type OutcomeCount, type ParetoInput, type ReasonCount, type WinRateDimension } from "@/lib/metrics/win-loss";
import type { Period } from "@/lib/metrics/period";
import type { ReasonKind } from "@/lib/win-loss/reasons";
import { engagedContactsOnDeal, singleThreaded } from "./abm";
import { reasonColumns } from "./reasons";
import { closedIn, dealSizeTier, inPeriod, opportunityFilter, type VelocityScope } from "./velocity";

/**
 * The SQL behind /win-loss (docs/metrics.md §9), over the deals closed in a period. Each grouping is
 * one expression on an opportunities alias `o`, and the deal list (db/queries/deals.ts) filters by
 * the same expressions, so a figure's link holds exactly the deals it counts.
 */

/** A deal's reason (or competitor) as recorded: the taxonomy's label, else the text as entered; null when neither. */
export function recordedReason(kind: ReasonKind): SQL {
  const { mapped, raw } = reasonColumns[kind];
  return sql`coalesce(nullif(trim(o.${sql.identifier(mapped)}), ''), nullif(trim(o.${sql.identifier(raw)}), ''))`;
}

const mappedReason = (kind: ReasonKind): SQL => sql`nullif(trim(o.${sql.identifier(reasonColumns[kind].mapped)}), '') is not null`;

/** The stage a lost deal was lost at: the last open stage of its history before Closed Lost; null when the history does not say. */
export const lostAtStage: SQL = sql`(select h.stage_id from opportunity_stage_history h join pipeline_stages s on s.id = h.stage_id
  where h.opportunity_id = o.id and not s.is_lost order by h.entered_at desc, s.position desc limit 1)`;

/** The industry of the deal's account, as the industry rules filed it at import; null without an account or an industry. */
export const accountIndustry: SQL = sql`(select a.industry from accounts a where a.id = o.account_id)`;

/** The ABM tier in force of the deal's account; null: none (or no account). */
export const accountAbmTier: SQL = sql`(select a.abm_tier::text from accounts a where a.id = o.account_id)`;

/** Single-threaded (at most 1 contact Engaged or Active on its map), multi-threaded (3 or more), or two: neither (docs/metrics.md §5). */
export const threadingOf: SQL = sql`(case when ${singleThreaded} then 'single' when ${engagedContactsOnDeal} >= 3 then 'multi' else 'two' end)`;

/** `expression` equals `value`; null picks the deals where it is null. */
export const equalsOrNone = (expression: SQL, value: string | number | null): SQL =>
  value === null ? sql`(${expression}) is null` : sql`(${expression}) = ${value}`;

function groupKey(dimension: WinRateDimension, tierBounds: readonly number[]): SQL {
  switch (dimension) {
    case "segment":
      return sql`o.segment`;
    case "source":
      return sql`o.source`;
    case "competitor":
      return recordedReason("competitor");
    case "dealSizeTier":
      return dealSizeTier(tierBounds);
    case "owner":
      return sql`o.owner_id::text`;
    case "industry":
      return accountIndustry;
    case "abmTier":
      return accountAbmTier;
    case "threading":
      return threadingOf;
  }
}

export interface WinLossAggregates {
  won: number;
  lost: number;
  winReasons: ReasonCount[];
  lossReasons: ReasonCount[];
  /** Every loss reason by money lost, largest first, with the running sum; and the total lost. */
  pareto: ParetoInput[];
  lostAmount: string;
  groups: Record<WinRateDimension, OutcomeCount[]>;
  competitors: CompetitorCount[];
  competitorQuarters: (OutcomeCount & { quarterStart: string })[];
  lossPoints: LossPoint[];
  facts: FactSummary[];
}

const SECONDS_PER_DAY = 86_400;

/** Each fact of a closed deal `o` (lib/metrics/win-loss.ts, dealFactInfo), as one SQL value. */
const factValues: Record<DealFact, SQL> = {
  cycleDays: sql`extract(epoch from o.closed_at - o.created_at)::float8 / ${SECONDS_PER_DAY}`,
  engagedContacts: sql`${engagedContactsOnDeal}::float8`,
  rolesCovered: sql`(select count(distinct oc.buying_group_role) from opportunity_contacts oc
    where oc.opportunity_id = o.id and oc.status in ('engaged', 'active') and oc.buying_group_role is not null)::float8`,
  touches: sql`(select count(*) from touchpoints tp where tp.account_id = o.account_id and tp.occurred_at >= o.created_at and tp.occurred_at <= o.closed_at)::float8`,
};

type Scope = VelocityScope & { tierBounds: readonly number[]; quarters: readonly Period[] };

export async function winLossAggregates(db: Database, scope: Scope): Promise<WinLossAggregates> {
  const closed = sql`${closedIn(scope)} and ${opportunityFilter(scope)}`;
  const reasons = (kind: "win" | "loss") =>
    queryRows<ReasonCount>(
      db,
      sql`select ${recordedReason(kind)} as reason, bool_or(${mappedReason(kind)}) as mapped, count(*)::int as deals,
          coalesce(sum(o.amount), 0)::text as amount, (count(*) filter (where o.amount is null))::int as "withoutAmount"
        from opportunities o where ${closed} and o.status = ${kind === "win" ? "won" : "lost"} group by 1`,
    );
  const outcomes = (key: SQL) =>
    queryRows<OutcomeCount>(
      db,
      sql`select (${key})::text as key, (count(*) filter (where o.status = 'won'))::int as won, (count(*) filter (where o.status = 'lost'))::int as lost
        from opportunities o where ${closed} group by 1`,
    );
  const first = scope.quarters[0]!;
  const last = scope.quarters[scope.quarters.length - 1]!;
  const competitor = recordedReason("competitor");

  const facts = sql.join(
    dealFacts.map((fact) => sql`(${fact}, ${factValues[fact]})`),
    sql`, `,
  );
  const [[totals], winReasons, lossReasons, pareto, competitors, competitorQuarters, lossPoints, factRows, ...groups] = await Promise.all([
    queryRows<{ won: number; lost: number; lostAmount: string }>(
      db,
      sql`select (count(*) filter (where o.status = 'won'))::int as won, (count(*) filter (where o.status = 'lost'))::int as lost,
          coalesce(sum(o.amount) filter (where o.status = 'lost'), 0)::text as "lostAmount"
        from opportunities o where ${closed}`,
    ),
    reasons("win"),
    reasons("loss"),
    queryRows<ParetoInput>(
      db,
      sql`with r as (
          select ${recordedReason("loss")} as reason, coalesce(sum(o.amount), 0) as amount
          from opportunities o where ${closed} and o.status = 'lost' group by 1
        )
        select reason, amount::text as amount,
          sum(amount) over (order by amount desc, reason nulls last rows between unbounded preceding and current row)::text as "cumulativeAmount"
        from r order by r.amount desc, r.reason nulls last`,
    ),
    queryRows<CompetitorCount>(
      db,
      sql`select ${competitor} as key, (count(*) filter (where o.status = 'won'))::int as won, (count(*) filter (where o.status = 'lost'))::int as lost,
          coalesce(sum(o.amount) filter (where o.status = 'lost'), 0)::text as "lostAmount",
          (count(*) filter (where o.status = 'lost' and o.amount is null))::int as "lostWithoutAmount",
          coalesce(bool_or(${mappedReason("competitor")}), false) as mapped
        from opportunities o where ${closed} group by 1`,
    ),
    queryRows<OutcomeCount & { quarterStart: string }>(
      db,
      sql`select ${competitor} as key, to_char(date_trunc('quarter', o.closed_at at time zone ${scope.timeZone}), 'YYYY-MM-DD') as "quarterStart",
          (count(*) filter (where o.status = 'won'))::int as won, (count(*) filter (where o.status = 'lost'))::int as lost
        from opportunities o
        where o.status <> 'open' and ${inPeriod(sql`o.closed_at`, { from: first.from, to: last.to, timeZone: scope.timeZone })} and ${opportunityFilter(scope)}
        group by 1, 2`,
    ),
    queryRows<LossPoint>(
      db,
      sql`select l.stage_id as "stageId", s.name as "stageName", l.reason, l.segment, count(*)::int as deals,
          coalesce(sum(l.amount), 0)::text as amount, (count(*) filter (where l.amount is null))::int as "withoutAmount"
        from (select ${lostAtStage} as stage_id, ${recordedReason("loss")} as reason, o.segment, o.amount
              from opportunities o where ${closed} and o.status = 'lost') l
        left join pipeline_stages s on s.id = l.stage_id
        group by l.stage_id, s.name, l.reason, l.segment`,
    ),
    queryRows<FactSummary>(
      db,
      sql`select f.fact, o.status::text as outcome, count(*)::int as n, avg(f.value)::float8 as mean, coalesce(var_samp(f.value), 0)::float8 as variance
        from opportunities o cross join lateral (values ${facts}) as f(fact, value)
        where ${closed} group by 1, 2`,
    ),
    ...winRateDimensions.map((d) => outcomes(groupKey(d, scope.tierBounds))),
  ]);
  return {
    won: totals!.won,
    lost: totals!.lost,
    lostAmount: totals!.lostAmount,
    winReasons,
    lossReasons,
    pareto,
    competitors,
    competitorQuarters,
    lossPoints,
    facts: factRows,
    groups: Object.fromEntries(winRateDimensions.map((d, i) => [d, groups[i]!])) as Record<WinRateDimension, OutcomeCount[]>,
  };
}
