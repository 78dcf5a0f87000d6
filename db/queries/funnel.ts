import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import type { CohortCounts, FlowCounts, SlaCounts } from "@/lib/metrics/funnel";
import { dayAfter, dayStart } from "./velocity";

/** The lead funnel (METRICS.md §2) over whole days in the organisation's time zone. */
export interface FunnelFilters {
  source?: string;
  segment?: string;
}

export interface FunnelScope extends FunnelFilters {
  from: string;
  to: string;
  timeZone: string;
}

const SECONDS_PER_DAY = 86_400;

function inPeriod(column: SQL, scope: FunnelScope): SQL {
  return sql`${column} >= ${dayStart(scope.from, scope.timeZone)} and ${column} < ${dayAfter(scope.to, scope.timeZone)}`;
}

/** Source on the lead, segment on the lead's account; `l` is the leads alias. */
function leadFilter(filters: FunnelFilters): SQL {
  const parts: SQL[] = [sql`true`];
  if (filters.source !== undefined) parts.push(sql`l.source = ${filters.source}`);
  if (filters.segment !== undefined) parts.push(sql`l.account_id in (select id from accounts where segment = ${filters.segment})`);
  return sql.join(parts, sql` and `);
}

const days = (to: string, from: string) => sql.raw(`extract(epoch from l.${to} - l.${from})::float8 / ${SECONDS_PER_DAY}`);

/** Cohort mode: the leads created in the period, how many ever reached each stage, and the days between stages. */
export async function cohortCounts(db: Database, scope: FunnelScope): Promise<CohortCounts> {
  const [row] = await queryRows<{
    visitors: number;
    lead: number;
    mql: number;
    sql: number;
    opportunity: number;
    won: number;
    mqlDays: number;
    mqlLeads: number;
    sqlDays: number;
    sqlLeads: number;
    oppDays: number;
    oppLeads: number;
    wonDays: number;
    wonLeads: number;
  }>(
    db,
    sql`
      select
        (select coalesce(sum(visitors), 0)::int from web_traffic where day between ${scope.from}::date and ${scope.to}::date) as "visitors",
        count(*)::int as "lead",
        count(l.mql_at)::int as "mql",
        count(l.sql_at)::int as "sql",
        count(l.opportunity_at)::int as "opportunity",
        count(l.won_at)::int as "won",
        coalesce(sum(${days("mql_at", "created_at")}), 0)::float8 as "mqlDays",
        count(*) filter (where l.mql_at is not null)::int as "mqlLeads",
        coalesce(sum(${days("sql_at", "mql_at")}), 0)::float8 as "sqlDays",
        count(*) filter (where l.sql_at is not null and l.mql_at is not null)::int as "sqlLeads",
        coalesce(sum(${days("opportunity_at", "sql_at")}), 0)::float8 as "oppDays",
        count(*) filter (where l.opportunity_at is not null and l.sql_at is not null)::int as "oppLeads",
        coalesce(sum(${days("won_at", "opportunity_at")}), 0)::float8 as "wonDays",
        count(*) filter (where l.won_at is not null and l.opportunity_at is not null)::int as "wonLeads"
      from leads l
      where ${inPeriod(sql`l.created_at`, scope)} and ${leadFilter(scope)}
    `,
  );
  const r = row!;
  return {
    visitors: r.visitors,
    reached: { lead: r.lead, mql: r.mql, sql: r.sql, opportunity: r.opportunity, won: r.won },
    transitionDays: {
      mql: { sumDays: r.mqlDays, leads: r.mqlLeads },
      sql: { sumDays: r.sqlDays, leads: r.sqlLeads },
      opportunity: { sumDays: r.oppDays, leads: r.oppLeads },
      won: { sumDays: r.wonDays, leads: r.wonLeads },
    },
  };
}

/** Flow mode: stage entries whose timestamp falls in the period, whenever the lead was created. */
export async function flowCounts(db: Database, scope: FunnelScope): Promise<FlowCounts> {
  const filter = leadFilter(scope);
  const entries = (column: string) =>
    sql`(select count(*)::int from leads l where ${inPeriod(sql.raw(`l.${column}`), scope)} and ${filter})`;
  const [row] = await queryRows<FlowCounts>(
    db,
    sql`
      select
        (select coalesce(sum(visitors), 0)::int from web_traffic where day between ${scope.from}::date and ${scope.to}::date) as "visitor",
        ${entries("created_at")} as "lead",
        ${entries("mql_at")} as "mql",
        ${entries("sql_at")} as "sql",
        ${entries("opportunity_at")} as "opportunity",
        ${entries("won_at")} as "won"
    `,
  );
  return row!;
}

/**
 * One SLA: cases whose clock started in the period (`start` column), handled at `end`. A case is due
 * once handled or once its deadline passed by `now`; within when handled inside the SLA.
 */
async function slaCounts(db: Database, scope: FunnelScope, start: string, end: string, seconds: number, now: Date): Promise<SlaCounts> {
  const elapsed = sql.raw(`extract(epoch from l.${end} - l.${start})`);
  const [row] = await queryRows<SlaCounts>(
    db,
    sql`
      select
        count(*) filter (where l.${sql.raw(end)} is not null or l.${sql.raw(start)} + make_interval(secs => ${seconds}) < ${now.toISOString()}::timestamptz)::int as "due",
        count(*) filter (where ${elapsed} <= ${seconds})::int as "within",
        (percentile_cont(0.5) within group (order by ${elapsed}) filter (where l.${sql.raw(end)} is not null))::float8 as "medianSeconds"
      from leads l
      where ${inPeriod(sql.raw(`l.${start}`), scope)} and ${leadFilter(scope)}
    `,
  );
  return row!;
}

export function mqlRoutingSla(db: Database, scope: FunnelScope, seconds: number, now = new Date()) {
  return slaCounts(db, scope, "mql_at", "routed_at", seconds, now);
}

export function sqlDecisionSla(db: Database, scope: FunnelScope, seconds: number, now = new Date()) {
  return slaCounts(db, scope, "sql_at", "sql_decision_at", seconds, now);
}

/** Closed Lost with a reason code: every opportunity lost in the period is due; within when it has a reason. */
export async function lossReasonSla(db: Database, scope: FunnelScope): Promise<SlaCounts> {
  const filters: SQL[] = [sql`true`];
  if (scope.source !== undefined) filters.push(sql`o.source = ${scope.source}`);
  if (scope.segment !== undefined) filters.push(sql`o.segment = ${scope.segment}`);
  const [row] = await queryRows<SlaCounts>(
    db,
    sql`
      select count(*)::int as "due",
        count(*) filter (where nullif(trim(o.loss_reason), '') is not null)::int as "within",
        null::float8 as "medianSeconds"
      from opportunities o
      where o.status = 'lost' and o.closed_at >= ${dayStart(scope.from, scope.timeZone)} and o.closed_at < ${dayAfter(scope.to, scope.timeZone)}
        and ${sql.join(filters, sql` and `)}
    `,
  );
  return row!;
}

export interface MonthlyCohort extends CohortCounts {
  /** First day of the month, YYYY-MM-DD. */
  month: string;
}

/** Cohort counts for each of the `months` months ending with the month holding `today` (oldest first). */
export async function monthlyCohorts(
  db: Database,
  { today, timeZone, months, ...filters }: FunnelFilters & { today: string; timeZone: string; months: number },
): Promise<MonthlyCohort[]> {
  const rows = await queryRows<{ month: string; lead: number; mql: number; sql: number; opportunity: number; won: number }>(
    db,
    sql`
      with months as (
        select (date_trunc('month', ${today}::date) - make_interval(months => g))::date as first_day
        from generate_series(0, ${months - 1}::int) g
      )
      select to_char(m.first_day, 'YYYY-MM-DD') as "month",
        count(l.id)::int as "lead", count(l.mql_at)::int as "mql", count(l.sql_at)::int as "sql",
        count(l.opportunity_at)::int as "opportunity", count(l.won_at)::int as "won"
      from months m
      left join leads l
        on l.created_at >= (m.first_day::timestamp at time zone ${timeZone})
        and l.created_at < ((m.first_day + interval '1 month')::date::timestamp at time zone ${timeZone})
        and ${leadFilter(filters)}
      group by m.first_day
      order by m.first_day
    `,
  );
  const none = { sumDays: 0, leads: 0 };
  return rows.map((r) => ({
    month: r.month,
    visitors: 0,
    reached: { lead: r.lead, mql: r.mql, sql: r.sql, opportunity: r.opportunity, won: r.won },
    transitionDays: { mql: none, sql: none, opportunity: none, won: none },
  }));
}

export interface FunnelFilterOptions {
  segments: string[];
  sources: string[];
}

export async function funnelFilterOptions(db: Database): Promise<FunnelFilterOptions> {
  const [segments, sources] = await Promise.all([
    queryRows<{ value: string }>(db, sql`select distinct segment as value from accounts where segment is not null order by 1`),
    queryRows<{ value: string }>(db, sql`select distinct source as value from leads where source is not null order by 1`),
  ]);
  return { segments: segments.map((r) => r.value), sources: sources.map((r) => r.value) };
}

export interface OpenBreach {
  leadId: number;
  contact: string | null;
  account: string | null;
  source: string | null;
  /** When the SLA clock started (MQL or SQL time). */
  since: string;
  /** Seconds past the SLA deadline at `now`. */
  overdueSeconds: number;
}

/**
 * Current breaches: MQLs not routed, or SQLs not accepted or rejected, after the SLA — oldest first,
 * with how many there are in all.
 */
export async function openBreaches(
  db: Database,
  { kind, seconds, now = new Date(), limit = 20, ...filters }: FunnelFilters & { kind: "mql" | "sql"; seconds: number; now?: Date; limit?: number },
): Promise<{ total: number; breaches: OpenBreach[] }> {
  const [start, end] = kind === "mql" ? ["mql_at", "routed_at"] : ["sql_at", "sql_decision_at"];
  const open = sql`l.${sql.raw(start)} is not null and l.${sql.raw(end)} is null
    and l.${sql.raw(start)} + make_interval(secs => ${seconds}) < ${now.toISOString()}::timestamptz and ${leadFilter(filters)}`;
  const [count] = await queryRows<{ total: number }>(db, sql`select count(*)::int as total from leads l where ${open}`);
  const breaches = await queryRows<OpenBreach>(
    db,
    sql`
      select l.id as "leadId", c.name as "contact", a.name as "account", l.source,
        to_char(l.${sql.raw(start)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "since",
        (extract(epoch from ${now.toISOString()}::timestamptz - l.${sql.raw(start)}) - ${seconds})::float8 as "overdueSeconds"
      from leads l
      left join contacts c on c.id = l.contact_id
      left join accounts a on a.id = l.account_id
      where ${open}
      order by l.${sql.raw(start)}, l.id
      limit ${limit}
    `,
  );
  return { total: count!.total, breaches };
}

export type StuckCounts = Record<"lead" | "mql" | "sql" | "opportunity", { stuck: number; medianDays: number | null }>;

/**
 * Leads stuck in their current stage: in it for longer than twice the median time leads take to
 * leave it (over every lead that ever made that step). Rejected SQLs and closed deals are not stuck.
 */
export async function stuckLeads(db: Database, { now = new Date(), ...filters }: FunnelFilters & { now?: Date }): Promise<StuckCounts> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const median = (to: string, from: string) =>
    sql`(select percentile_cont(0.5) within group (order by extract(epoch from ${sql.raw(to)} - ${sql.raw(from)})) from leads where ${sql.raw(to)} is not null and ${sql.raw(from)} is not null)`;
  const [row] = await queryRows<Record<string, number | null>>(
    db,
    sql`
      with medians as (
        select ${median("mql_at", "created_at")}::float8 as lead, ${median("sql_at", "mql_at")}::float8 as mql,
          ${median("opportunity_at", "sql_at")}::float8 as sql, ${median("won_at", "opportunity_at")}::float8 as opportunity
      )
      select
        count(*) filter (where l.mql_at is null and extract(epoch from ${at} - l.created_at) > 2 * m.lead)::int as "lead",
        count(*) filter (where l.mql_at is not null and l.sql_at is null and extract(epoch from ${at} - l.mql_at) > 2 * m.mql)::int as "mql",
        count(*) filter (where l.sql_at is not null and l.opportunity_at is null and l.sql_decision is distinct from 'rejected'
          and extract(epoch from ${at} - l.sql_at) > 2 * m.sql)::int as "sql",
        count(*) filter (where l.opportunity_at is not null and l.won_at is null and o.status = 'open'
          and extract(epoch from ${at} - l.opportunity_at) > 2 * m.opportunity)::int as "opportunity",
        min(m.lead) / ${SECONDS_PER_DAY} as "leadMedian", min(m.mql) / ${SECONDS_PER_DAY} as "mqlMedian",
        min(m.sql) / ${SECONDS_PER_DAY} as "sqlMedian", min(m.opportunity) / ${SECONDS_PER_DAY} as "opportunityMedian"
      from medians m
      left join leads l on ${leadFilter(filters)}
      left join opportunities o on o.id = l.opportunity_id
    `,
  );
  const r = row!;
  const stage = (k: "lead" | "mql" | "sql" | "opportunity") => ({ stuck: Number(r[k] ?? 0), medianDays: r[`${k}Median`] ?? null });
  return { lead: stage("lead"), mql: stage("mql"), sql: stage("sql"), opportunity: stage("opportunity") };
}
