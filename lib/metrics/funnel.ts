/**
 * Funnel conversion (METRICS.md §2): Visitor → Lead → MQL → SQL → Opportunity → Closed Won.
 * Pure functions over the counts and sums SQL hands over.
 */
import { defined, undefinedBecause, type Figure } from "./figure";
import type { InferableStage } from "./lead-stages";

export const leadStages = ["lead", "mql", "sql", "opportunity", "won"] as const;
export type LeadStage = (typeof leadStages)[number];
export type FunnelStep = "visitor" | LeadStage;

export const funnelStepLabels: Record<FunnelStep, string> = {
  visitor: "Visitors",
  lead: "Leads",
  mql: "MQLs",
  sql: "SQLs",
  opportunity: "Opportunities",
  won: "Closed won",
};

/** Cohort mode: of the leads created in the period, how many ever reached each stage. */
export interface CohortCounts {
  visitors: number;
  reached: Record<LeadStage, number>;
  /** Per transition k→k+1, over cohort leads with both timestamps as given (none inferred): the summed days and how many. */
  transitionDays: Record<Exclude<LeadStage, "lead">, { sumDays: number; leads: number }>;
  /** Cohort leads counted at a stage whose date was inferred from a later one (lib/metrics/lead-stages). */
  inferred?: Record<InferableStage, number>;
}

export interface Transition {
  from: FunnelStep;
  to: FunnelStep;
  conversion: Figure;
  /** Mean days between the two timestamps (not defined for Visitor → Lead: visitors are counts). */
  meanDays: Figure;
}

export interface FunnelFigures {
  counts: Record<FunnelStep, number>;
  transitions: Transition[];
  /** Closed won ÷ leads. */
  overall: Figure;
  /** The transition with the longest mean days (ties: the lower conversion), or null. */
  bottleneck: Transition | null;
  /** Leads counted at a stage without a date of their own for it, by stage; null when not counted. */
  inferred: Record<InferableStage, number> | null;
}

const ratio = (numerator: number, denominator: number, reason: string): Figure =>
  denominator === 0 ? undefinedBecause(reason) : defined(numerator / denominator);

export function cohortFunnel(c: CohortCounts): FunnelFigures {
  const counts: Record<FunnelStep, number> = { visitor: c.visitors, ...c.reached };
  const transitions: Transition[] = [
    {
      from: "visitor",
      to: "lead",
      conversion: ratio(c.reached.lead, c.visitors, "no visitors were recorded in this period"),
      meanDays: undefinedBecause("visitors are daily counts, not people"),
    },
  ];
  for (let i = 1; i < leadStages.length; i++) {
    const from = leadStages[i - 1]!;
    const to = leadStages[i] as Exclude<LeadStage, "lead">;
    const days = c.transitionDays[to];
    transitions.push({
      from,
      to,
      conversion: ratio(c.reached[to], c.reached[from], `no lead reached ${funnelStepLabels[from]} in this cohort`),
      meanDays: ratio(days.sumDays, days.leads, `no lead moved from ${funnelStepLabels[from]} to ${funnelStepLabels[to]}`),
    });
  }
  return {
    counts,
    transitions,
    overall: ratio(c.reached.won, c.reached.lead, "no leads were created in this period"),
    bottleneck: bottleneck(transitions),
    inferred: c.inferred ?? null,
  };
}

/** Longest mean days wins; on a tie, the lower conversion rate. */
export function bottleneck(transitions: readonly Transition[]): Transition | null {
  let worst: Transition | null = null;
  for (const t of transitions) {
    if (t.meanDays.value === null) continue;
    if (!worst || t.meanDays.value > worst.meanDays.value!) worst = t;
    else if (t.meanDays.value === worst.meanDays.value && (t.conversion.value ?? Infinity) < (worst.conversion.value ?? Infinity)) worst = t;
  }
  return worst;
}

/** Flow mode: stage entries whose timestamp falls in the period (not a cohort, so no conversion). */
export type FlowCounts = Record<FunnelStep, number>;

export type SlaUnit = "minutes" | "hours" | "business_days" | "days";

const SECONDS: Record<SlaUnit, number> = { minutes: 60, hours: 3600, days: 86_400, business_days: 86_400 };

/**
 * An SLA as seconds. Business days count as whole days here: an SLA stated in business days is
 * measured against calendar days, which can only make compliance look worse, never better.
 */
export function slaSeconds(value: number, unit: SlaUnit): number {
  return value * SECONDS[unit];
}

/** What SQL counts for one SLA: the cases due in the period, those handled within the SLA, the median time. */
export interface SlaCounts {
  /** Cases whose SLA clock started in the period and whose deadline has passed or that were handled. */
  due: number;
  within: number;
  /** Median seconds from start to handling, over handled cases; null when none was handled. */
  medianSeconds: number | null;
}

export interface SlaCompliance {
  share: Figure;
  breaches: number;
  medianSeconds: Figure;
}

export function slaCompliance(c: SlaCounts): SlaCompliance {
  return {
    share: ratio(c.within, c.due, "nothing was due under this SLA in the period"),
    breaches: c.due - c.within,
    medianSeconds: c.medianSeconds === null ? undefinedBecause("nothing was handled in the period") : defined(c.medianSeconds),
  };
}
