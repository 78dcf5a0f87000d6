import "server-only";
import { NOT_A_RIVAL } from "@/lib/automations/competitive-alerts";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import type { AmountCount } from "@/lib/metrics/amounts";
import type { DealFilters, DealSort, DealStatus } from "@/lib/deals/request";
import type { Period } from "@/lib/metrics/period";
import type { StallSettings } from "@/lib/win-loss/stalls";
import { forecastCategories, type ForecastCategory } from "@/lib/domain/forecast-categories";
import { opportunityStatuses } from "@/lib/domain/pipeline-stages";
import { forecastCallOf, forecastCategoryOf, type ForecastCall } from "@/lib/metrics/forecast";
import { singleThreaded, engagedContactsOnDeal } from "./abm";
import { expectedCloseIn } from "./forecast";
import { changeDueAt, stageUpdateCaseIn, stageUpdateBreachedIn, stageWithExpectedDays, withoutLossReason } from "./funnel";
import { accountIndustry, equalsOrNone, lostAtStage, recordedReason, threadingOf } from "./win-loss";
import { inList } from "./import-apply";
import { stalledBy } from "./stalls";
import { closedIn, createdIn, dealSizeTier, isOpen, onAbmAccount, opportunityFilter, qualifiedIn } from "./velocity";

/**
 * The deal list (/deals) and its CSV export: every opportunity matching one filter, built from the
 * same SQL predicates as the figures it drills into (db/queries/velocity.ts), so a list opened from
 * a figure holds exactly the deals the figure counts.
 */

/** What the filter reads besides the request: the organisation's time zone, today, now and the deal-size tiers. */
export interface DealContext {
  timeZone: string;
  /** Today in the organisation's time zone, YYYY-MM-DD (a close date before it is past). */
  today: string;
  now: Date;
  tierBounds: readonly number[];
  /** The stall patterns' thresholds in force, read by `stall`. */
  stalls: StallSettings;
  /** The open deals with a proof gap and with a matched story not sent yet (db/queries/proof.ts), read by `proof`. */
  proof?: { gap: readonly number[]; unsent: readonly number[] };
  /** The Opportunity SLA in force, in seconds (null: it has no number); read by `slaBreached`. */
  stageUpdateSlaSeconds?: number | null;
}

/**
 * A deal stalled in its stage: open, and in its current stage (the stage-history entry not yet
 * exited) longer than the stage's expected days. The moment the Opportunity SLA's stage change falls
 * due (db/queries/funnel.ts); a breach is a stalled deal still there after the SLA on top.
 */
export function stalledDeal(now: Date): SQL {
  return sql`(${isOpen} and exists (
    select 1 from opportunity_stage_history h
    join pipeline_stages s on ${stageWithExpectedDays}
    where h.opportunity_id = o.id and h.exited_at is null and ${changeDueAt} < ${now.toISOString()}::timestamptz
  ))`;
}

/** An open deal with no next step written (imports and edits store a blank one as null). */
export const withoutNextStep: SQL = sql`(${isOpen} and o.next_step is null)`;

/** A deal with a stage update that fell due in the period while it was still in the stage (a case of the Opportunity SLA). */
function stageUpdateDueIn(scope: Period & { timeZone: string }): SQL {
  return sql`exists (select 1 from opportunity_stage_history h join pipeline_stages s on ${stageWithExpectedDays} where h.opportunity_id = o.id and ${stageUpdateCaseIn(scope)})`;
}

/** An open deal whose expected close date is before today. */
export const pastCloseDate = (today: string): SQL => sql`(${isOpen} and o.expected_close_date < ${today}::date)`;

type DealFacts = Parameters<typeof forecastCategoryOf>[0];

/**
 * The deals for which `test` holds, `test` being a rule of lib/metrics/forecast.ts over a deal's
 * status, the category set (or none) and its stage's probability (0–100): the rule is run here over
 * every combination and written as the ranges of probability that pass, so SQL applies the one rule,
 * not a copy of it.
 */
function dealsWhere(test: (deal: DealFacts) => boolean): SQL {
  const parts: SQL[] = [];
  for (const status of opportunityStatuses) {
    for (const own of [...forecastCategories, null]) {
      const ranges: [number, number][] = [];
      for (let p = 0; p <= 100; p++) {
        if (!test({ status, category: own, stageProbability: p })) continue;
        const last = ranges[ranges.length - 1];
        if (last && last[1] === p - 1) last[1] = p;
        else ranges.push([p, p]);
      }
      if (ranges.length === 0) continue;
      const ownSql = own === null ? sql`o.forecast_category is null` : sql`o.forecast_category = ${own}`;
      const probability = sql`(select s.probability from pipeline_stages s where s.id = o.stage_id)`;
      const inRanges =
        ranges.length === 1 && ranges[0]![0] === 0 && ranges[0]![1] === 100
          ? sql`true`
          : sql.join(
              ranges.map(([from, to]) => sql`${probability} between ${from} and ${to}`),
              sql` or `,
            );
      parts.push(sql`(o.status = ${status} and ${ownSql} and (${inRanges}))`);
    }
  }
  return parts.length === 0 ? sql`false` : sql`(${sql.join(parts, sql` or `)})`;
}

/** The deals whose forecast category in force is `category` (forecastCategoryOf). */
export const forecastCategoryIs = (category: ForecastCategory): SQL => dealsWhere((deal) => forecastCategoryOf(deal) === category);

/** The open deals the forecast counts in the `call` column (forecastCallOf: an open deal called Closed is Commit). */
export const forecastCallIs = (call: ForecastCall): SQL => dealsWhere((deal) => forecastCallOf(deal) === call);

const periodPredicate = { created: createdIn, qualified: qualifiedIn, closed: closedIn, expected: expectedCloseIn, due: stageUpdateDueIn } as const;

const statusPredicate: Record<DealStatus, SQL> = { open: isOpen, won: sql`o.status = 'won'`, lost: sql`o.status = 'lost'` };

/** The deals a list's filters keep, on an opportunities alias `o`. */
export function dealFilter(filters: DealFilters, context: DealContext): SQL {
  const parts: SQL[] = [opportunityFilter(filters)];
  if (filters.period) {
    const scope = { ...filters.period, timeZone: context.timeZone };
    // The SLA's breaches of the period: one stay both due in it and breached, not any two stays.
    if (filters.slaBreached && filters.period.dates === "due") {
      if (context.stageUpdateSlaSeconds == null) throw new Error("slaBreached needs the Opportunity SLA in force (DealContext.stageUpdateSlaSeconds).");
      parts.push(stageUpdateBreachedIn(scope, context.stageUpdateSlaSeconds, context.now));
    }
    else parts.push(periodPredicate[filters.period.dates](scope));
  }
  if (filters.stageId !== undefined) parts.push(sql`o.stage_id = ${filters.stageId}`);
  if (filters.status) parts.push(statusPredicate[filters.status]);
  if (filters.tier === "none") parts.push(sql`not ${onAbmAccount}`);
  else if (filters.tier === "abm") parts.push(onAbmAccount);
  else if (filters.tier) parts.push(sql`o.account_id in (select a.id from accounts a where a.abm_tier = ${filters.tier})`);
  if (filters.forecast) parts.push(forecastCategoryIs(filters.forecast));
  if (filters.call) parts.push(forecastCallIs(filters.call));
  if (filters.band === "none") parts.push(sql`o.amount is null`);
  else if (filters.band !== undefined) parts.push(sql`${dealSizeTier(context.tierBounds)} = ${String(filters.band)}`);
  if (filters.singleThreaded) parts.push(singleThreaded);
  if (filters.stalled) parts.push(stalledDeal(context.now));
  if (filters.stall) {
    parts.push(stalledBy(filters.stall, { now: context.now, settings: context.stalls }));
  }
  if (filters.proof) {
    if (!context.proof) throw new Error("proof needs the deals' proof states (DealContext.proof).");
    const ids = context.proof[filters.proof];
    parts.push(inList(sql`o.id`, ids, "int"));
  }
  if (filters.pastClose) parts.push(pastCloseDate(context.today));
  if (filters.noLossReason) parts.push(withoutLossReason);
  if (filters.noNextStep) parts.push(withoutNextStep);
  if (filters.winReason !== undefined) parts.push(equalsOrNone(recordedReason("win"), filters.winReason));
  if (filters.lossReason !== undefined) parts.push(equalsOrNone(recordedReason("loss"), filters.lossReason));
  if (filters.competitor !== undefined) parts.push(equalsOrNone(recordedReason("competitor"), filters.competitor));
  if (filters.rivals) parts.push(sql`${recordedReason("competitor")} !~* ${NOT_A_RIVAL.source}`);
  if (filters.lostAt !== undefined) parts.push(sql`o.status = 'lost' and ${equalsOrNone(lostAtStage, filters.lostAt)}`);
  if (filters.industry !== undefined) parts.push(equalsOrNone(accountIndustry, filters.industry));
  if (filters.threading) parts.push(equalsOrNone(threadingOf, filters.threading));
  if (filters.search) {
    const like = `%${filters.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(sql`(o.name ilike ${like} or o.account_id in (select a.id from accounts a where a.name ilike ${like}))`);
  }
  return sql.join(parts, sql` and `);
}

/** The whole filtered list's count and sum of amount (deals without one counted, not summed). */
export interface DealTotals extends AmountCount {
  amount: string;
}

export async function dealTotals(db: Database, filters: DealFilters, context: DealContext): Promise<DealTotals> {
  const [row] = await queryRows<DealTotals>(
    db,
    sql`select count(*)::int as deals, coalesce(sum(o.amount), 0)::text as amount, (count(*) filter (where o.amount is null))::int as "withoutAmount"
      from opportunities o where ${dealFilter(filters, context)}`,
  );
  return row!;
}

export interface DealRow {
  id: number;
  name: string;
  accountId: number | null;
  accountName: string | null;
  ownerName: string | null;
  stageName: string;
  status: DealStatus;
  amount: string | null;
  /** Local days, YYYY-MM-DD. */
  createdOn: string;
  /** The expected close date of an open deal, the day a closed one closed. */
  closeOn: string | null;
  /** Days in the current stage, for open deals whose stage entry is known. */
  daysInStage: number | null;
  expectedDays: number | null;
  stalled: boolean;
  engagedContacts: number;
}

const SECONDS_PER_DAY = 86_400;

function sortExpression(sort: DealSort, context: DealContext): SQL {
  switch (sort) {
    case "amount":
      return sql`o.amount`;
    case "close":
      return closeOn(context.timeZone);
    case "created":
      return sql`o.created_at`;
    case "days":
      return daysInStage(context.now);
    case "name":
      return sql`lower(o.name)`;
  }
}

const closeOn = (timeZone: string): SQL => sql`(case when o.status = 'open' then o.expected_close_date else (o.closed_at at time zone ${timeZone})::date end)`;
const daysInStage = (now: Date): SQL =>
  sql`(case when o.status = 'open' then extract(epoch from ${now.toISOString()}::timestamptz - current_stage.entered_at)::float8 / ${SECONDS_PER_DAY} end)`;

/** The current stage's entry of each deal `o`, as `current_stage` (its days in stage sort and show). */
const currentStageJoin = sql`left join lateral (
  select h.entered_at from opportunity_stage_history h
  where h.opportunity_id = o.id and h.exited_at is null
  order by h.entered_at desc limit 1
) current_stage on true`;

export interface DealOrder {
  sort: DealSort;
  descending: boolean;
}

/** The list's order: the sort, blanks last, ties by id (so pages never overlap). */
function orderBy({ sort, descending }: DealOrder, context: DealContext): SQL {
  const direction = sql.raw(descending ? "desc" : "asc");
  return sql`order by ${sortExpression(sort, context)} ${direction} nulls last, o.id ${direction}`;
}

/** One page of the list, in the request's order. */
export async function listDeals(
  db: Database,
  { filters, sort, descending, limit, offset }: { filters: DealFilters; sort: DealSort; descending: boolean; limit: number; offset: number },
  context: DealContext,
): Promise<DealRow[]> {
  return queryRows<DealRow>(
    db,
    sql`
      select o.id, o.name, o.account_id as "accountId", a.name as "accountName", u.name as "ownerName", s.name as "stageName",
        o.status::text as status, o.amount::text as amount,
        to_char(o.created_at at time zone ${context.timeZone}, 'YYYY-MM-DD') as "createdOn",
        to_char(${closeOn(context.timeZone)}, 'YYYY-MM-DD') as "closeOn",
        ${daysInStage(context.now)} as "daysInStage",
        s.expected_days as "expectedDays",
        ${stalledDeal(context.now)} as stalled,
        ${engagedContactsOnDeal}::int as "engagedContacts"
      from opportunities o
      join pipeline_stages s on s.id = o.stage_id
      left join accounts a on a.id = o.account_id
      left join users u on u.id = o.owner_id
      ${currentStageJoin}
      where ${dealFilter(filters, context)}
      ${orderBy({ sort, descending }, context)}
      limit ${limit} offset ${offset}
    `,
  );
}

/**
 * The ids of the whole list in the list's order, read at one moment: the CSV export reads the deals
 * in these batches, so the file holds the list's rows in the order the list shows them.
 */
export async function dealIdsInOrder(db: Database, filters: DealFilters, order: DealOrder, context: DealContext): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`select o.id from opportunities o ${currentStageJoin} where ${dealFilter(filters, context)} ${orderBy(order, context)}`,
  );
  return rows.map((r) => r.id);
}

export interface DealStage {
  id: number;
  name: string;
}

/** The pipeline's stages in order, for the stage filter. */
export function dealStages(db: Database): Promise<DealStage[]> {
  return queryRows<DealStage>(db, sql`select id, name from pipeline_stages order by position`);
}
