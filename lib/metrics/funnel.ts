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
  /** Per stage, how many of the cohort reached it and how many of those have had its expected days since. */
  maturity?: Record<WaitingStage, StageMaturity>;
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

/** The stages a lead waits in before its next step. */
export const waitingStages = ["lead", "mql", "sql", "opportunity"] as const;
export type WaitingStage = (typeof waitingStages)[number];
/** Days a lead is expected to spend in each stage (the funnel setting). */
export type ExpectedDays = Record<WaitingStage, number>;

/**
 * Of the cohort's leads that reached a stage, how many reached it at least the stage's expected
 * days ago: those have had the time to take the next step.
 */
export interface StageMaturity {
  reached: number;
  matured: number;
}

/** A step is compared once at least this share of the leads that reached its first stage have had its expected days. */
export const MATURE_SHARE = 0.5;

/** Flow mode's measured dwell: per transition k→k+1, the days of the moves into k+1 made in the period. */
export type TransitionDays = CohortCounts["transitionDays"];

export interface BottleneckReading {
  /** cohort: the cohort's steps it has had time to make; flow: the dwell measured on moves made in the period. */
  basis: "cohort" | "flow";
  /** The steps compared (Lead → MQL onwards; Visitor → Lead counts visitors, not people). */
  compared: Transition[];
  /** Cohort steps left out because too few of the cohort have had the time, with the share that has. */
  leftOut: { transition: Transition; maturedShare: Figure; expectedDays: number }[];
  /** The longest compared step (ties: the lower conversion), or null when none can be compared. */
  bottleneck: Transition | null;
  /** The lowest conversion among the cohort steps the cohort has had time to make, or null. */
  lowestConversion: Transition | null;
}

/**
 * The bottleneck compares like with like (docs/metrics.md §2). A cohort step k→k+1 counts only when
 * most of the cohort that reached k has had k's expected days to move on; otherwise a young cohort
 * always "finds" its bottleneck in the steps it has not had time to make. In flow mode the steps'
 * days are the dwell measured on the moves made in the period, so every step with a move counts.
 * The lowest conversion is always read from the cohort's steps that have had time.
 */
export function funnelBottleneck(
  cohort: FunnelFigures,
  maturity: Record<WaitingStage, StageMaturity>,
  expectedDays: ExpectedDays,
  flowDays?: TransitionDays,
): BottleneckReading {
  const steps = cohort.transitions.filter((t): t is Transition & { from: WaitingStage } => t.from !== "visitor");
  const ripe: Transition[] = [];
  const leftOut: BottleneckReading["leftOut"] = [];
  for (const t of steps) {
    const m = maturity[t.from];
    const share = ratio(m.matured, m.reached, `no lead of this cohort reached ${funnelStepLabels[t.from]}`);
    if (share.value !== null && share.value >= MATURE_SHARE) ripe.push(t);
    else leftOut.push({ transition: t, maturedShare: share, expectedDays: expectedDays[t.from] });
  }
  let lowestConversion: Transition | null = null;
  for (const t of ripe) {
    if (t.conversion.value === null) continue;
    if (!lowestConversion || t.conversion.value < lowestConversion.conversion.value!) lowestConversion = t;
  }
  if (!flowDays) return { basis: "cohort", compared: ripe, leftOut, bottleneck: bottleneck(ripe), lowestConversion };
  const measured = steps.map((t) => {
    const d = flowDays[t.to as Exclude<LeadStage, "lead">];
    return { ...t, meanDays: ratio(d.sumDays, d.leads, `no lead moved from ${funnelStepLabels[t.from]} to ${funnelStepLabels[t.to]} in this period`) };
  });
  return { basis: "flow", compared: measured, leftOut: [], bottleneck: bottleneck(measured), lowestConversion };
}

/** Stuck leads never wait less than this many days, whatever the stage's SLA and expected days. */
export const STUCK_FLOOR_DAYS = 7;

/**
 * How long a lead may sit in a stage before it is stuck: the longest of the stage's SLA (when it
 * has one in days or less), its expected days and the floor.
 */
export function stuckAfterDays(expectedDays: number, slaSecondsInForce: number | null): number {
  return Math.max(STUCK_FLOOR_DAYS, expectedDays, slaSecondsInForce === null ? 0 : slaSecondsInForce / 86_400);
}

export type SlaUnit = "minutes" | "hours" | "business_days" | "days";

const SECONDS: Record<SlaUnit, number> = { minutes: 60, hours: 3600, days: 86_400, business_days: 86_400 };

/**
 * An SLA as seconds. Business days count as whole days here: an SLA stated in business days is
 * measured against calendar days, which can only make compliance look worse, never better.
 */
export function slaSeconds(value: number, unit: SlaUnit): number {
  return value * SECONDS[unit];
}

/** An SLA in force as seconds; null when it has no number (then nothing breaches it). */
export function slaInSeconds(sla: { value: number | null; unit: SlaUnit | null }): number | null {
  return sla.value === null || sla.unit === null ? null : slaSeconds(sla.value, sla.unit);
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
