import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import type { CohortCounts, ExpectedDays, FlowCounts, LeadStage, SlaCounts, TransitionDays, WaitingStage } from "@/lib/metrics/funnel";
import type { InferableStage } from "@/lib/metrics/lead-stages";
import { dayAfter, dayStart } from "./velocity";
import { recordedReason } from "./win-loss";

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

function inPeriod(column: SQL, scope: Pick<FunnelScope, "from" | "to" | "timeZone">): SQL {
  return sql`${column} >= ${dayStart(scope.from, scope.timeZone)} and ${column} < ${dayAfter(scope.to, scope.timeZone)}`;
}

/** Source on the lead, segment on the lead's account; `l` is the leads alias. */
export function leadFilter(filters: FunnelFilters): SQL {
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
export function knownDates(...columns: string[]): SQL {
  const stages = columns.map((c) => stageOfColumn[c]).filter((s): s is InferableStage => !!s);
  return stages.length ? sql.raw(`not (l.inferred_stages && array[${stages.map((s) => `'${s}'`).join(", ")}]::funnel_stage[])`) : sql`true`;
}

/** The transition's days for a lead that made it with both dates known, else null (left out of the mean). */
const knownDays = (to: string, from: string) => sql`case when ${knownDates(to, from)} then ${days(to, from)} end`;

/** The column holding when a lead reached each stage (Lead: its creation). */
export const stageColumn: Record<LeadStage, string> = { lead: "created_at", mql: "mql_at", sql: "sql_at", opportunity: "opportunity_at", won: "won_at" };

/** The column holding when a lead entered each stage it waits in. */
const enteredColumn: Record<WaitingStage, string> = stageColumn;

/**
 * Cohort mode's leads: created in the period, with the filters. The counts and the lead list behind
 * them (db/queries/funnel-leads.ts) both read this and `reachedStage`: one rule for each figure.
 */
export function cohortLeads(scope: FunnelScope): SQL {
  return sql`${inPeriod(sql`l.created_at`, scope)} and ${leadFilter(scope)}`;
}

/** A lead that reached `stage` (a date given or inferred). */
export const reachedStage = (stage: LeadStage): SQL => sql.raw(`l.${stageColumn[stage]} is not null`);

/** Flow mode: the leads whose entry into `stage` falls in the period, whenever they were created. */
export function flowEntries(stage: LeadStage, scope: FunnelScope): SQL {
  return sql`${inPeriod(sql.raw(`l.${stageColumn[stage]}`), scope)} and ${leadFilter(scope)}`;
}

/**
 * Cohort mode: the leads created in the period, how many ever reached each stage, and the days
 * between stages; with `maturity`, also how many reached each stage at least its expected days
 * before `now` (those have had the time to move on).
 */
export async function cohortCounts(db: Database, scope: FunnelScope, maturity?: { now: Date; expectedDays: ExpectedDays }): Promise<CohortCounts> {
  const matured = (stage: WaitingStage) =>
    maturity
      ? sql`count(*) filter (where l.${sql.raw(enteredColumn[stage])} <= ${maturity.now.toISOString()}::timestamptz - make_interval(days => ${maturity.expectedDays[stage]}))::int`
      : sql`0`;
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
    maturedLead: number;
    maturedMql: number;
    maturedSql: number;
    maturedOpportunity: number;
  }>(
    db,
    sql`
      select
        (select coalesce(sum(visitors), 0)::int from web_traffic where day between ${scope.from}::date and ${scope.to}::date) as "visitors",
        count(*) filter (where ${reachedStage("lead")})::int as "lead",
        count(*) filter (where ${reachedStage("mql")})::int as "mql",
        count(*) filter (where ${reachedStage("sql")})::int as "sql",
        count(*) filter (where ${reachedStage("opportunity")})::int as "opportunity",
        count(*) filter (where ${reachedStage("won")})::int as "won",
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
        count(*) filter (where 'opportunity' = any(l.inferred_stages))::int as "inferredOpportunity",
        ${matured("lead")} as "maturedLead",
        ${matured("mql")} as "maturedMql",
        ${matured("sql")} as "maturedSql",
        ${matured("opportunity")} as "maturedOpportunity"
      from leads l
      where ${cohortLeads(scope)}
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
    ...(maturity
      ? {
          maturity: {
            lead: { reached: r.lead, matured: r.maturedLead },
            mql: { reached: r.mql, matured: r.maturedMql },
            sql: { reached: r.sql, matured: r.maturedSql },
            opportunity: { reached: r.opportunity, matured: r.maturedOpportunity },
          },
        }
      : {}),
  };
}

/**
 * Flow mode's measured dwell: for each step k→k+1, the days from k to k+1 of the leads that made
 * the step in the period (entered k+1 in it), whenever they were created; both dates as given.
 */
export async function flowDwell(db: Database, scope: FunnelScope): Promise<TransitionDays> {
  const filter = leadFilter(scope);
  const step = (to: string, from: string) =>
    sql`(select json_build_object('sumDays', coalesce(sum(${days(to, from)}), 0)::float8, 'leads', count(*)::int) from leads l
      where ${inPeriod(sql.raw(`l.${to}`), scope)} and l.${sql.raw(from)} is not null and ${knownDates(to, from)} and ${filter})`;
  const [row] = await queryRows<Record<"mql" | "sql" | "opportunity" | "won", { sumDays: number; leads: number } | string>>(
    db,
    sql`select ${step("mql_at", "created_at")} as "mql", ${step("sql_at", "mql_at")} as "sql",
      ${step("opportunity_at", "sql_at")} as "opportunity", ${step("won_at", "opportunity_at")} as "won"`,
  );
  const read = (v: { sumDays: number; leads: number } | string) => {
    const o = typeof v === "string" ? (JSON.parse(v) as { sumDays: number; leads: number }) : v;
    return { sumDays: Number(o.sumDays), leads: Number(o.leads) };
  };
  return { mql: read(row!.mql), sql: read(row!.sql), opportunity: read(row!.opportunity), won: read(row!.won) };
}

/** Flow mode: stage entries whose timestamp falls in the period, whenever the lead was created. */
export async function flowCounts(db: Database, scope: FunnelScope): Promise<FlowCounts> {
  const entries = (stage: LeadStage) => sql`(select count(*)::int from leads l where ${flowEntries(stage, scope)})`;
  const [row] = await queryRows<FlowCounts>(
    db,
    sql`
      select
        (select coalesce(sum(visitors), 0)::int from web_traffic where day between ${scope.from}::date and ${scope.to}::date) as "visitor",
        ${entries("lead")} as "lead",
        ${entries("mql")} as "mql",
        ${entries("sql")} as "sql",
        ${entries("opportunity")} as "opportunity",
        ${entries("won")} as "won"
    `,
  );
  return row!;
}

/**
 * One SLA: cases whose clock started in the period (`start` column), handled at `end`. A case is due
 * once handled or once its deadline passed by `now`; within when handled inside the SLA. A lead
 * whose start date was inferred is no case: when its clock started is not known.
 */
/**
 * A lead's two SLA clocks: when each starts and the moment it was handled (`l` is the alias). A CRM
 * export seldom holds routing or decision times, but a lead that moved on was handled by then at the
 * latest: an MQL that became an SQL was routed, an SQL that became an opportunity was accepted
 * (METRICS.md §2). So it is no open breach, and within the SLA only if that step came within it.
 */
export const leadSlaClock = {
  mql: { start: "mql_at", handled: sql.raw("coalesce(l.routed_at, l.sql_at)") },
  sql: { start: "sql_at", handled: sql.raw("coalesce(l.sql_decision_at, l.opportunity_at)") },
} as const satisfies Record<"mql" | "sql", { start: string; handled: SQL }>;

type LeadSlaClock = (typeof leadSlaClock)[keyof typeof leadSlaClock];

/** The seconds from a case's start to its handling (null while unhandled); `l` is the alias. */
const slaElapsed = ({ start, handled }: LeadSlaClock): SQL => sql`extract(epoch from ${handled} - l.${sql.raw(start)})`;

/** The cases of one lead SLA: the clock started in the period, from a date as given, with the filters. */
export function slaCases(clock: LeadSlaClock, scope: FunnelScope): SQL {
  return sql`${inPeriod(sql.raw(`l.${clock.start}`), scope)} and ${knownDates(clock.start)} and ${leadFilter(scope)}`;
}

/** A case is due once handled, or once its deadline passed by `now`. */
function slaDue({ start, handled }: LeadSlaClock, seconds: number, now: Date): SQL {
  return sql`(${handled} is not null or l.${sql.raw(start)} + make_interval(secs => ${seconds}) < ${now.toISOString()}::timestamptz)`;
}

/** Handled within the SLA. */
const slaWithin = (clock: LeadSlaClock, seconds: number): SQL => sql`coalesce(${slaElapsed(clock)} <= ${seconds}, false)`;

/**
 * A breach of the period: a case due and not handled within the SLA. The SLA table's breaches
 * (due − within) and the lead list behind them (db/queries/funnel-leads.ts) read this one rule.
 */
export function slaBreached(clock: LeadSlaClock, seconds: number, now: Date): SQL {
  return sql`(${slaDue(clock, seconds, now)} and not ${slaWithin(clock, seconds)})`;
}

async function slaCounts(db: Database, scope: FunnelScope, clock: LeadSlaClock, seconds: number, now: Date): Promise<SlaCounts> {
  const elapsed = slaElapsed(clock);
  const [row] = await queryRows<SlaCounts>(
    db,
    sql`
      select
        count(*) filter (where ${slaDue(clock, seconds, now)})::int as "due",
        count(*) filter (where ${slaWithin(clock, seconds)})::int as "within",
        (percentile_cont(0.5) within group (order by ${elapsed}) filter (where ${clock.handled} is not null))::float8 as "medianSeconds"
      from leads l
      where ${slaCases(clock, scope)}
    `,
  );
  return row!;
}

export function mqlRoutingSla(db: Database, scope: FunnelScope, seconds: number, now = new Date()) {
  return slaCounts(db, scope, leadSlaClock.mql, seconds, now);
}

export function sqlDecisionSla(db: Database, scope: FunnelScope, seconds: number, now = new Date()) {
  return slaCounts(db, scope, leadSlaClock.sql, seconds, now);
}

/** Source and segment as they are kept on the opportunity; `o` is the opportunities alias. */
export function opportunityFilter(filters: FunnelFilters): SQL {
  const parts: SQL[] = [sql`true`];
  if (filters.source !== undefined) parts.push(sql`o.source = ${filters.source}`);
  if (filters.segment !== undefined) parts.push(sql`o.segment = ${filters.segment}`);
  return sql.join(parts, sql` and `);
}

/** When a deal's stay in a stage makes a stage change due: `expected_days` after it entered; `h` and `s` are the aliases. */
export const changeDueAt = sql`(h.entered_at + make_interval(days => s.expected_days))`;

/** The join of a stay `h` to its stage `s` when the stage makes a change due: open stages with expected days. */
export const stageWithExpectedDays = sql`s.id = h.stage_id and s.expected_days is not null and not s.is_won and not s.is_lost`;

/**
 * A stay (`h`, `s`, `o`) that is a case of the Opportunity SLA in the period: its stage change fell
 * due in the period while the deal was still in the stage (deals that left before are not cases).
 */
export function stageUpdateCaseIn(scope: Pick<FunnelScope, "from" | "to" | "timeZone">): SQL {
  return sql`h.entered_at < ${dayAfter(scope.to, scope.timeZone)}
    and h.entered_at >= ${dayStart(scope.from, scope.timeZone)} - make_interval(days => (select coalesce(max(expected_days), 0) from pipeline_stages))
    and ${inPeriod(changeDueAt, scope)}
    and (h.exited_at >= ${changeDueAt} or (h.exited_at is null and o.status = 'open'))`;
}

/** A case breached: the deal left the stage more than the SLA after the change fell due, or is still in it past that. */
function stageUpdateBreached(seconds: number, now: Date): SQL {
  const deadline = sql`${changeDueAt} + make_interval(secs => ${seconds})`;
  return sql`(h.exited_at > ${deadline} or (h.exited_at is null and ${deadline} < ${now.toISOString()}::timestamptz))`;
}

/**
 * The deals (`o`) behind the Opportunity SLA's breaches of a period: those with a stay among the
 * period's cases that breached it. A deal can breach in two stages of one period, so there can be
 * fewer deals than breaches.
 */
export function stageUpdateBreachedIn(scope: Pick<FunnelScope, "from" | "to" | "timeZone">, seconds: number, now: Date): SQL {
  return sql`exists (
    select 1 from opportunity_stage_history h join pipeline_stages s on ${stageWithExpectedDays}
    where h.opportunity_id = o.id and ${stageUpdateCaseIn(scope)} and ${stageUpdateBreached(seconds, now)})`;
}

/**
 * Opportunity stage updated within the SLA. A stage change is due once a deal has spent its
 * stage's expected days in it (a pipeline-stage setting); the SLA clock starts then, and the case
 * belongs to the period holding that moment. Handled when the deal left the stage. Deals that left
 * before the change was due are not cases; stages without expected days never make one due.
 * `breachedDeals`: how many deals the breaches are in (stageUpdateBreachedIn lists them).
 */
export async function opportunityStageSla(db: Database, scope: FunnelScope, seconds: number, now = new Date()): Promise<SlaCounts & { breachedDeals: number }> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const [row] = await queryRows<SlaCounts & { breachedDeals: number }>(
    db,
    sql`
      select
        count(*) filter (where h.exited_at is not null or ${changeDueAt} + make_interval(secs => ${seconds}) < ${at})::int as "due",
        count(*) filter (where h.exited_at <= ${changeDueAt} + make_interval(secs => ${seconds}))::int as "within",
        (percentile_cont(0.5) within group (order by extract(epoch from h.exited_at - ${changeDueAt})) filter (where h.exited_at is not null))::float8 as "medianSeconds",
        count(distinct o.id) filter (where ${stageUpdateBreached(seconds, now)})::int as "breachedDeals"
      from opportunity_stage_history h
      join pipeline_stages s on ${stageWithExpectedDays}
      join opportunities o on o.id = h.opportunity_id
      where ${stageUpdateCaseIn(scope)}
        and ${opportunityFilter(scope)}
    `,
  );
  return row!;
}

/**
 * A deal with no loss reason recorded (`o` is the alias): neither a mapped reason nor the text as
 * entered. The Closed Lost SLA's breaches and the deal list's "without a loss reason" read it.
 */
export const withoutLossReason: SQL = sql`(${recordedReason("loss")} is null)`;

/**
 * Closed Lost with a reason code: every opportunity lost in the period is due; within when it has a
 * reason (one the loss-reason taxonomy does not map yet still counts: the reason was recorded).
 */
export async function lossReasonSla(db: Database, scope: FunnelScope): Promise<SlaCounts> {
  const [row] = await queryRows<SlaCounts>(
    db,
    sql`
      select count(*)::int as "due",
        count(*) filter (where not ${withoutLossReason})::int as "within",
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

export type StuckCounts = Record<WaitingStage, { afterDays: number; stuck: number; goneCold: number }>;

/** What makes a lead stuck: per stage, the days it may wait (lib/metrics/funnel stuckAfterDays), the cold cut-off and now. */
export interface StuckRule {
  now?: Date;
  afterDays: Record<WaitingStage, number>;
  coldAfterDays: number;
}

/** The leads still in `stage`: not yet at the next one; rejected SQLs and closed deals are not waiting. */
export function stillInStage(stage: WaitingStage, filters: FunnelFilters): SQL {
  const filter = leadFilter(filters);
  switch (stage) {
    case "lead":
      return sql`(l.mql_at is null and ${filter})`;
    case "mql":
      return sql`(l.sql_at is null and l.mql_at is not null and ${filter})`;
    case "sql":
      return sql`(l.opportunity_at is null and l.sql_at is not null and l.sql_decision is distinct from 'rejected' and ${filter})`;
    case "opportunity":
      return sql`(l.won_at is null and l.opportunity_at is not null and exists (select 1 from opportunities o where o.id = l.opportunity_id and o.status = 'open') and ${filter})`;
  }
}

const stuckDueAt = (stage: WaitingStage, { now = new Date(), afterDays }: StuckRule): SQL =>
  sql`(${now.toISOString()}::timestamptz - make_interval(secs => ${afterDays[stage] * SECONDS_PER_DAY}))`;

/** Still in `stage` for longer than its wait: stuck, or gone cold. */
export function overdueInStage(stage: WaitingStage, rule: StuckRule, filters: FunnelFilters): SQL {
  return sql`(${stillInStage(stage, filters)} and l.${sql.raw(enteredColumn[stage])} < ${stuckDueAt(stage, rule)})`;
}

/** Of the overdue, those still there more than the cold cut-off past their wait. */
export function goneCold(stage: WaitingStage, rule: StuckRule): SQL {
  return sql`(l.${sql.raw(enteredColumn[stage])} < ${stuckDueAt(stage, rule)} - make_interval(days => ${rule.coldAfterDays}))`;
}

/**
 * Leads stuck in their current stage: in it for longer than the stage's `afterDays` (its SLA, its
 * expected days or the floor, whichever is longest: lib/metrics/funnel stuckAfterDays). A lead
 * still there more than `coldAfterDays` past that has gone cold: counted apart, not as stuck.
 * Rejected SQLs and closed deals are not stuck. The lead list behind each count reads the same
 * `overdueInStage` and `goneCold`.
 */
export async function stuckLeads(db: Database, { now = new Date(), afterDays, coldAfterDays, ...filters }: FunnelFilters & StuckRule): Promise<StuckCounts> {
  const rule = { now, afterDays, coldAfterDays };
  // The counts read the partial indexes of leads still in each stage (leads_open_*_idx).
  const counts = (stage: WaitingStage) =>
    sql`(select json_build_object('stuck', count(*) filter (where not ${goneCold(stage, rule)}), 'goneCold', count(*) filter (where ${goneCold(stage, rule)}))
      from leads l where ${overdueInStage(stage, rule, filters)})`;
  const [row] = await queryRows<Record<WaitingStage, { stuck: number; goneCold: number } | string>>(
    db,
    sql`select ${counts("lead")} as "lead", ${counts("mql")} as "mql", ${counts("sql")} as "sql", ${counts("opportunity")} as "opportunity"`,
  );
  const read = (stage: WaitingStage) => {
    const v = row![stage];
    const o = typeof v === "string" ? (JSON.parse(v) as { stuck: number; goneCold: number }) : v;
    return { afterDays: afterDays[stage], stuck: Number(o.stuck), goneCold: Number(o.goneCold) };
  };
  return { lead: read("lead"), mql: read("mql"), sql: read("sql"), opportunity: read("opportunity") };
}
