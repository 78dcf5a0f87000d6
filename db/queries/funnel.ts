import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import type { CohortCounts, FlowCounts, SlaCounts } from "@/lib/metrics/funnel";
import type { InferableStage } from "@/lib/metrics/lead-stages";
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

/** The stage whose date each column holds; `created_at` (Lead) is never inferred. */
const stageOfColumn: Record<string, InferableStage | null> = { created_at: null, mql_at: "mql", sql_at: "sql", opportunity_at: "opportunity", won_at: null };

/**
 * Neither date is inferred (METRICS.md §2): an inferred date counts a stage as reached, but the time
 * spent between two stages, or an SLA clock, needs both dates as the CRM gave them. `l` is the alias.
 */
function knownDates(...columns: string[]): SQL {
  const stages = columns.map((c) => stageOfColumn[c]).filter((s): s is InferableStage => !!s);
  return stages.length ? sql.raw(`not (l.inferred_stages && array[${stages.map((s) => `'${s}'`).join(", ")}]::funnel_stage[])`) : sql`true`;
}

/** The transition's days for a lead that made it with both dates known, else null (left out of the mean). */
const knownDays = (to: string, from: string) => sql`case when ${knownDates(to, from)} then ${days(to, from)} end`;

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
    inferredMql: number;
    inferredSql: number;
    inferredOpportunity: number;
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
        coalesce(sum(${knownDays("mql_at", "created_at")}), 0)::float8 as "mqlDays",
        count(${knownDays("mql_at", "created_at")})::int as "mqlLeads",
        coalesce(sum(${knownDays("sql_at", "mql_at")}), 0)::float8 as "sqlDays",
        count(${knownDays("sql_at", "mql_at")})::int as "sqlLeads",
        coalesce(sum(${knownDays("opportunity_at", "sql_at")}), 0)::float8 as "oppDays",
        count(${knownDays("opportunity_at", "sql_at")})::int as "oppLeads",
        coalesce(sum(${knownDays("won_at", "opportunity_at")}), 0)::float8 as "wonDays",
        count(${knownDays("won_at", "opportunity_at")})::int as "wonLeads",
        count(*) filter (where 'mql' = any(l.inferred_stages))::int as "inferredMql",
        count(*) filter (where 'sql' = any(l.inferred_stages))::int as "inferredSql",
        count(*) filter (where 'opportunity' = any(l.inferred_stages))::int as "inferredOpportunity"
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
    inferred: { mql: r.inferredMql, sql: r.inferredSql, opportunity: r.inferredOpportunity },
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
 * once handled or once its deadline passed by `now`; within when handled inside the SLA. A lead
 * whose start date was inferred is no case: when its clock started is not known.
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
      where ${inPeriod(sql.raw(`l.${start}`), scope)} and ${knownDates(start)} and ${leadFilter(scope)}
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

/** Source and segment as they are kept on the opportunity; `o` is the opportunities alias. */
function opportunityFilter(filters: FunnelFilters): SQL {
  const parts: SQL[] = [sql`true`];
  if (filters.source !== undefined) parts.push(sql`o.source = ${filters.source}`);
  if (filters.segment !== undefined) parts.push(sql`o.segment = ${filters.segment}`);
  return sql.join(parts, sql` and `);
}

/** When a deal's stay in a stage makes a stage change due: `expected_days` after it entered; `h` and `s` are the aliases. */
const changeDueAt = sql`(h.entered_at + make_interval(days => s.expected_days))`;

/**
 * Opportunity stage updated within the SLA. A stage change is due once a deal has spent its
 * stage's expected days in it (a pipeline-stage setting); the SLA clock starts then, and the case
 * belongs to the period holding that moment. Handled when the deal left the stage. Deals that left
 * before the change was due are not cases; stages without expected days never make one due.
 */
export async function opportunityStageSla(db: Database, scope: FunnelScope, seconds: number, now = new Date()): Promise<SlaCounts> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const [row] = await queryRows<SlaCounts>(
    db,
    sql`
      select
        count(*) filter (where h.exited_at is not null or ${changeDueAt} + make_interval(secs => ${seconds}) < ${at})::int as "due",
        count(*) filter (where h.exited_at <= ${changeDueAt} + make_interval(secs => ${seconds}))::int as "within",
        (percentile_cont(0.5) within group (order by extract(epoch from h.exited_at - ${changeDueAt})) filter (where h.exited_at is not null))::float8 as "medianSeconds"
      from opportunity_stage_history h
      join pipeline_stages s on s.id = h.stage_id and s.expected_days is not null and not s.is_won and not s.is_lost
      join opportunities o on o.id = h.opportunity_id
      where h.entered_at < ${dayAfter(scope.to, scope.timeZone)}
        and h.entered_at >= ${dayStart(scope.from, scope.timeZone)} - make_interval(days => (select coalesce(max(expected_days), 0) from pipeline_stages))
        and ${inPeriod(changeDueAt, scope)}
        and (h.exited_at >= ${changeDueAt} or (h.exited_at is null and o.status = 'open'))
        and ${opportunityFilter(scope)}
    `,
  );
  return row!;
}

/**
 * Closed Lost with a reason code: every opportunity lost in the period is due; within when it has a
 * reason (one the loss-reason taxonomy does not map yet still counts: the reason was recorded).
 */
export async function lossReasonSla(db: Database, scope: FunnelScope): Promise<SlaCounts> {
  const [row] = await queryRows<SlaCounts>(
    db,
    sql`
      select count(*)::int as "due",
        count(*) filter (where coalesce(nullif(trim(o.loss_reason), ''), nullif(trim(o.loss_reason_raw), '')) is not null)::int as "within",
        null::float8 as "medianSeconds"
      from opportunities o
      where o.status = 'lost' and o.closed_at >= ${dayStart(scope.from, scope.timeZone)} and o.closed_at < ${dayAfter(scope.to, scope.timeZone)}
        and ${opportunityFilter(scope)}
    `,
  );
  return row!;
}

export interface MonthlyCohort extends CohortCounts {
  /** First day of the month, YYYY-MM-DD. */
  month: string;
}

/** First days (YYYY-MM-DD) of the `months` months ending with the one holding `today`, oldest first, and the first day after them. */
export function trendMonthStarts(today: string, months: number): string[] {
  const [year, month] = today.split("-").map(Number) as [number, number];
  return Array.from({ length: months + 1 }, (_, k) => {
    const index = year * 12 + (month - 1) - (months - 1) + k;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}-01`;
  });
}

/**
 * Cohort counts for each of the `months` months ending with the month holding `today` (oldest
 * first). One range count per month, each read from the covering index leads_cohort_idx.
 */
export async function monthlyCohorts(
  db: Database,
  { today, timeZone, months, ...filters }: FunnelFilters & { today: string; timeZone: string; months: number },
): Promise<MonthlyCohort[]> {
  const starts = trendMonthStarts(today, months);
  const filter = leadFilter(filters);
  const perMonth = starts.slice(0, -1).map(
    (first, k) => sql`
      select ${first} as "month", count(*)::int as "lead", count(l.mql_at)::int as "mql", count(l.sql_at)::int as "sql",
        count(l.opportunity_at)::int as "opportunity", count(l.won_at)::int as "won"
      from leads l
      where l.created_at >= ${dayStart(first, timeZone)} and l.created_at < ${dayStart(starts[k + 1]!, timeZone)} and ${filter}`,
  );
  const rows = await queryRows<{ month: string; lead: number; mql: number; sql: number; opportunity: number; won: number }>(
    db,
    sql.join(perMonth, sql` union all `),
  );
  const none = { sumDays: 0, leads: 0 };
  return rows
    .sort((x, y) => x.month.localeCompare(y.month))
    .map((r) => ({
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
    // Skips from one source to the next along leads_source_idx instead of reading every lead.
    queryRows<{ value: string }>(
      db,
      sql`
        with recursive s as (
          (select source from leads where source is not null order by source limit 1)
          union all
          select (select l.source from leads l where l.source > s.source order by l.source limit 1) from s where s.source is not null
        )
        select source as value from s where source is not null
      `,
    ),
  ]);
  return { segments: segments.map((r) => r.value), sources: sources.map((r) => r.value) };
}

export interface OpenBreach {
  /** The lead's id, or the opportunity's for stage updates. */
  id: number;
  /** The lead's contact, or the opportunity's name. */
  name: string | null;
  account: string | null;
  /** The lead's source, or the deal's stage and owner. */
  detail: string | null;
  /** When the SLA clock started (MQL or SQL time, or when the stage change fell due). */
  since: string;
  /** Seconds past the SLA deadline at `now`. */
  overdueSeconds: number;
}

export type BreachKind = "mql" | "sql" | "opportunity";

const isoUtc = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/**
 * Current breaches: MQLs not routed, SQLs not accepted or rejected, or open deals whose stage
 * change is overdue, past the SLA — oldest first, with how many there are in all.
 */
export async function openBreaches(
  db: Database,
  { kind, seconds, now = new Date(), limit = 20, ...filters }: FunnelFilters & { kind: BreachKind; seconds: number; now?: Date; limit?: number },
): Promise<{ total: number; breaches: OpenBreach[] }> {
  const at = sql`${now.toISOString()}::timestamptz`;
  if (kind === "opportunity") {
    const from = sql`
      from opportunity_stage_history h
      join pipeline_stages s on s.id = h.stage_id and s.expected_days is not null and not s.is_won and not s.is_lost
      join opportunities o on o.id = h.opportunity_id and o.status = 'open'
      left join accounts a on a.id = o.account_id
      left join users u on u.id = o.owner_id
      where h.exited_at is null and ${changeDueAt} + make_interval(secs => ${seconds}) < ${at} and ${opportunityFilter(filters)}`;
    const [count] = await queryRows<{ total: number }>(db, sql`select count(*)::int as total ${from}`);
    const breaches = await queryRows<OpenBreach>(
      db,
      sql`
        select o.id, o.name, a.name as "account", concat_ws(' · ', s.name, u.name) as "detail", ${isoUtc(changeDueAt)} as "since",
          (extract(epoch from ${at} - ${changeDueAt}) - ${seconds})::float8 as "overdueSeconds"
        ${from}
        order by ${changeDueAt}, o.id
        limit ${limit}
      `,
    );
    return { total: count!.total, breaches };
  }
  const [start, end] = kind === "mql" ? ["mql_at", "routed_at"] : ["sql_at", "sql_decision_at"];
  const open = sql`l.${sql.raw(start)} is not null and l.${sql.raw(end)} is null
    and l.${sql.raw(start)} + make_interval(secs => ${seconds}) < ${at} and ${knownDates(start)} and ${leadFilter(filters)}`;
  const [count] = await queryRows<{ total: number }>(db, sql`select count(*)::int as total from leads l where ${open}`);
  const breaches = await queryRows<OpenBreach>(
    db,
    sql`
      select l.id, c.name, a.name as "account", l.source as "detail", ${isoUtc(sql.raw(`l.${start}`))} as "since",
        (extract(epoch from ${at} - l.${sql.raw(start)}) - ${seconds})::float8 as "overdueSeconds"
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

/** How many of the latest moves out of a stage its median dwell is taken over. */
export const STUCK_MEDIAN_SAMPLE = 10_000;

/**
 * Leads stuck in their current stage: in it for longer than twice the median time leads take to
 * leave it. The median is over the latest 10,000 leads (`STUCK_MEDIAN_SAMPLE`) that left the stage by `now`
 * (every lead, whatever the filters; a lead missing the earlier date adds nothing), so it follows
 * the current process and costs the same at any size. Rejected SQLs and closed deals are not stuck.
 */
export async function stuckLeads(db: Database, { now = new Date(), ...filters }: FunnelFilters & { now?: Date }): Promise<StuckCounts> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const filter = leadFilter(filters);
  // A lead with either date inferred adds nothing, like one missing the earlier date.
  const median = (to: string, from: string) => sql`(
    select percentile_cont(0.5) within group (order by extract(epoch from t.${sql.raw(to)} - t.${sql.raw(from)}))
    from (
      select case when ${knownDates(to, from)} then l.${sql.raw(from)} end as ${sql.raw(from)}, l.${sql.raw(to)} from leads l
      where l.${sql.raw(to)} <= ${at}
      order by l.${sql.raw(to)} desc limit ${STUCK_MEDIAN_SAMPLE}
    ) t)::float8`;
  // The counts read the partial indexes of leads still in each stage (leads_open_*_idx).
  const olderThan = (column: string, seconds: SQL) => sql`l.${sql.raw(column)} < ${at} - make_interval(secs => 2 * ${seconds})`;
  const [row] = await queryRows<Record<string, number | null>>(
    db,
    sql`
      with m as materialized (
        select ${median("mql_at", "created_at")} as lead, ${median("sql_at", "mql_at")} as mql,
          ${median("opportunity_at", "sql_at")} as sql, ${median("won_at", "opportunity_at")} as opportunity
      )
      select
        (select count(*) from leads l where l.mql_at is null and ${olderThan("created_at", sql`(select lead from m)`)} and ${filter})::int as "lead",
        (select count(*) from leads l where l.sql_at is null and ${olderThan("mql_at", sql`(select mql from m)`)} and ${filter})::int as "mql",
        (select count(*) from leads l
          where l.opportunity_at is null and l.sql_decision is distinct from 'rejected' and ${olderThan("sql_at", sql`(select sql from m)`)} and ${filter})::int as "sql",
        (select count(*) from leads l join opportunities o on o.id = l.opportunity_id and o.status = 'open'
          where l.won_at is null and ${olderThan("opportunity_at", sql`(select opportunity from m)`)} and ${filter})::int as "opportunity",
        (select lead from m) / ${SECONDS_PER_DAY} as "leadMedian", (select mql from m) / ${SECONDS_PER_DAY} as "mqlMedian",
        (select sql from m) / ${SECONDS_PER_DAY} as "sqlMedian", (select opportunity from m) / ${SECONDS_PER_DAY} as "opportunityMedian"
    `,
  );
  const r = row!;
  const stage = (k: "lead" | "mql" | "sql" | "opportunity") => ({ stuck: Number(r[k] ?? 0), medianDays: r[`${k}Median`] ?? null });
  return { lead: stage("lead"), mql: stage("mql"), sql: stage("sql"), opportunity: stage("opportunity") };
}
