import "server-only";
/**
 * The whole Layer 2 view for one period and set of filters, rendered by the page, the API and the CLI.
 * SLA compliance is measured against the SLAs of the definitions in force (signed by both owners).
 */
import type { Database } from "@/db/index";
import { slasInForce } from "@/db/queries/definitions";
import { breachCounts, listBreaches, type Breach, type BreachKind, type BreachState } from "@/db/queries/breaches";
import {
  cohortCounts,
  flowCounts,
  flowDwell,
  funnelFilterOptions,
  lossReasonSla,
  monthlyCohorts,
  mqlRoutingSla,
  opportunityStageSla,
  sqlDecisionSla,
  stuckLeads,
  type FunnelFilterOptions,
  type StuckCounts,
} from "@/db/queries/funnel";
import { getSetting } from "@/db/queries/settings";
import {
  cohortFunnel,
  funnelBottleneck,
  slaCompliance,
  slaInSeconds,
  stuckAfterDays,
  type BottleneckReading,
  type FlowCounts,
  type FunnelFigures,
  type SlaCompliance,
  type WaitingStage,
} from "@/lib/metrics/funnel";
import type { LeadListContext } from "@/db/queries/funnel-leads";
import { todayIn } from "@/lib/metrics/period";
import type { FunnelSettings, OrganisationSettings } from "@/lib/settings/definitions";
import { parseFunnelRequest, type FunnelRequest } from "./request";
import { parseLeadsRequest, type LeadsRequest } from "./leads-request";
import type { Params } from "@/lib/velocity/request";

export const TREND_MONTHS = 12;
/** How many of each kind's open breaches the funnel page lists; /funnel/breaches pages through all. */
export const OPEN_BREACHES_SHOWN = 8;

export interface SlaRow {
  stage: "mql" | "sql" | "opportunity" | "closed_lost";
  label: string;
  /** The SLA in force, in words. */
  sla: string;
  version: number;
  compliance: SlaCompliance | null;
  /** Why compliance is not measured (e.g. the SLA in force has no number). */
  reason?: string;
  /** The Opportunity SLA's breaches are stays in a stage: the deals they are in (one can breach twice). */
  breachedDeals?: number;
}

export interface FunnelReport {
  generatedAt: string;
  today: string;
  organisation: OrganisationSettings;
  request: FunnelRequest;
  cohort: FunnelFigures;
  flow: FlowCounts;
  /** The bottleneck and the lowest conversion, compared like with like (cohort steps with time, or flow's dwell). */
  bottleneck: BottleneckReading;
  /** Expected days per stage and the archive cut-off the rules above read. */
  funnelSettings: FunnelSettings;
  trend: { month: string; funnel: FunnelFigures }[];
  slas: SlaRow[];
  /** Breaches open now (not limited to the period), under the SLAs in force: the oldest few, and how many in each state. */
  openBreaches: { stage: BreachKind; label: string; counts: Record<BreachState, number>; breaches: Breach[] }[];
  stuck: StuckCounts;
}

export async function funnelContext(db: Database): Promise<{ organisation: OrganisationSettings; options: FunnelFilterOptions; today: string }> {
  const [organisation, options] = await Promise.all([getSetting(db, "organisation"), funnelFilterOptions(db)]);
  return { organisation, options, today: todayIn(organisation.timeZone) };
}

export type FunnelContext = Awaited<ReturnType<typeof funnelContext>>;

export function checkFunnelFilters(request: FunnelRequest, options: FunnelFilterOptions): { parameter: string; error: string } | null {
  const { segment, source } = request.filters;
  if (segment !== undefined && !options.segments.includes(segment)) {
    return { parameter: "segment", error: `Unknown segment "${segment}". Known segments: ${options.segments.join(", ") || "none yet"}.` };
  }
  if (source !== undefined && !options.sources.includes(source)) {
    return { parameter: "source", error: `Unknown source "${source}". Known sources: ${options.sources.join(", ") || "none yet"}.` };
  }
  return null;
}

/** Reads and checks a funnel view from URL-style parameters: the request, or the parameter that is wrong. */
export async function resolveFunnelView(
  db: Database,
  params: Params,
): Promise<{ context: FunnelContext } & ({ ok: true; request: FunnelRequest } | { ok: false; parameter: string; error: string })> {
  const context = await funnelContext(db);
  const parsed = parseFunnelRequest(params, context.today);
  if (!parsed.ok) return { context, ...parsed };
  const problem = checkFunnelFilters(parsed.request, context.options);
  return problem ? { context, ok: false, ...problem } : { context, ok: true, request: parsed.request };
}

/**
 * The scope of one kind's breaches under the SLA in force and the archive cut-off, as the breaches
 * list reads it; null when the definition in force has no SLA with a number (then there are none).
 */
export async function breachScopeInForce(db: Database, kind: BreachKind, now = new Date()) {
  const [slas, { breachArchiveDays }] = await Promise.all([slasInForce(db), getSetting(db, "funnel")]);
  const seconds = slaInSeconds(slas[kind]);
  return seconds === null ? null : { kind, seconds, archiveAfterDays: breachArchiveDays, now };
}

/** The SLAs in force, the funnel settings, and the stuck rule's wait per stage they make. */
export async function funnelRules(db: Database) {
  const [slas, funnelSettings] = await Promise.all([slasInForce(db), getSetting(db, "funnel")]);
  const { expectedDays } = funnelSettings;
  const slaOf = (stage: BreachKind) => slaInSeconds(slas[stage]);
  const stuckAfter: Record<WaitingStage, number> = {
    lead: stuckAfterDays(expectedDays.lead, null),
    mql: stuckAfterDays(expectedDays.mql, slaOf("mql")),
    sql: stuckAfterDays(expectedDays.sql, slaOf("sql")),
    opportunity: stuckAfterDays(expectedDays.opportunity, null),
  };
  return { slas, funnelSettings, slaOf, stuckAfter };
}

/** What the lead list behind a figure of this funnel view reads: the same scope, mode, stuck rule and SLAs as the figure. */
export async function leadListContext(db: Database, request: FunnelRequest, context: FunnelContext, now = new Date()): Promise<LeadListContext> {
  const { funnelSettings, slaOf, stuckAfter } = await funnelRules(db);
  return {
    scope: { ...request.filters, ...request.period, timeZone: context.organisation.timeZone },
    mode: request.mode,
    stuck: { now, afterDays: stuckAfter, coldAfterDays: funnelSettings.breachArchiveDays },
    slaSeconds: { mql: slaOf("mql"), sql: slaOf("sql") },
  };
}

/**
 * Reads and checks a funnel lead list (/funnel/leads) from URL parameters, as the page and its CSV
 * download read it: the request and what its selection reads, or the parameter that is wrong.
 */
export async function resolveLeadsView(
  db: Database,
  params: Params,
  now = new Date(),
): Promise<{ context: FunnelContext } & ({ ok: true; request: LeadsRequest; listContext: LeadListContext } | { ok: false; parameter: string; error: string })> {
  const context = await funnelContext(db);
  const parsed = parseLeadsRequest(params, context.today);
  if (!parsed.ok) return { context, ...parsed };
  const problem = checkFunnelFilters(parsed.request.funnel, context.options);
  if (problem) return { context, ok: false, ...problem };
  return { context, ok: true, request: parsed.request, listContext: await leadListContext(db, parsed.request.funnel, context, now) };
}

export async function buildFunnelReport(db: Database, request: FunnelRequest, context: FunnelContext, now = new Date()): Promise<FunnelReport> {
  const timeZone = context.organisation.timeZone;
  const scope = { ...request.filters, ...request.period, timeZone };
  const { slas, funnelSettings, slaOf, stuckAfter } = await funnelRules(db);
  const { expectedDays, breachArchiveDays } = funnelSettings;

  const measured = async (
    stage: BreachKind,
    label: string,
    counts: (seconds: number) => Promise<Parameters<typeof slaCompliance>[0] & { breachedDeals?: number }>,
  ): Promise<SlaRow> => {
    const sla = slas[stage];
    const words = sla.text ?? (sla.value === null ? "No SLA" : `${sla.value} ${sla.unit}`);
    const seconds = slaOf(stage);
    if (seconds === null) return { stage, label, sla: words, version: sla.version, compliance: null, reason: "the definition in force has no SLA with a number" };
    const measuredCounts = await counts(seconds);
    return {
      stage,
      label,
      sla: words,
      version: sla.version,
      compliance: slaCompliance(measuredCounts),
      ...(measuredCounts.breachedDeals === undefined ? {} : { breachedDeals: measuredCounts.breachedDeals }),
    };
  };

  const breachesOf = async (stage: BreachKind, label: string) => {
    const seconds = slaOf(stage);
    if (seconds === null) return { stage, label, counts: { open: 0, archived: 0, dismissed: 0 }, breaches: [] };
    const breachScope = { ...request.filters, kind: stage, seconds, archiveAfterDays: breachArchiveDays, now };
    const [counts, breaches] = await Promise.all([breachCounts(db, breachScope), listBreaches(db, { ...breachScope, state: "open", limit: OPEN_BREACHES_SHOWN })]);
    return { stage, label, counts, breaches };
  };

  const [cohort, flow, dwell, months, mql, sqlRow, opportunity, lost, mqlBreaches, sqlBreaches, opportunityBreaches, stuck] = await Promise.all([
    cohortCounts(db, scope, { now, expectedDays }),
    flowCounts(db, scope),
    request.mode === "flow" ? flowDwell(db, scope) : Promise.resolve(undefined),
    monthlyCohorts(db, { ...request.filters, today: context.today, timeZone, months: TREND_MONTHS }),
    measured("mql", "MQL routed to sales", (s) => mqlRoutingSla(db, scope, s, now)),
    measured("sql", "SQL accepted or rejected", (s) => sqlDecisionSla(db, scope, s, now)),
    measured("opportunity", "Opportunity stage updated once due", (s) => opportunityStageSla(db, scope, s, now)),
    lossReasonSla(db, scope),
    breachesOf("mql", "MQLs not routed to sales"),
    breachesOf("sql", "SQLs not accepted or rejected"),
    breachesOf("opportunity", "Deals whose stage change is overdue"),
    stuckLeads(db, {
      ...request.filters,
      now,
      coldAfterDays: breachArchiveDays,
      afterDays: stuckAfter,
    }),
  ]);
  const cohortFigures = cohortFunnel(cohort);

  return {
    generatedAt: now.toISOString(),
    today: context.today,
    organisation: context.organisation,
    request,
    cohort: cohortFigures,
    flow,
    bottleneck: funnelBottleneck(cohortFigures, cohort.maturity!, expectedDays, dwell),
    funnelSettings,
    trend: months.map((m) => ({ month: m.month, funnel: cohortFunnel(m) })),
    slas: [
      mql,
      sqlRow,
      opportunity,
      {
        stage: "closed_lost",
        label: "Closed Lost with a reason code",
        sla: slas.closed_lost.text ?? "Reason code required",
        version: slas.closed_lost.version,
        compliance: slaCompliance(lost),
      },
    ],
    openBreaches: [mqlBreaches, sqlBreaches, opportunityBreaches],
    stuck,
  };
}
