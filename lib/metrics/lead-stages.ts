/**
 * Lead lifecycle consistency (METRICS.md §2): a lead's later stage implies the earlier ones. A lead
 * that reached SQL without an MQL date counts as having reached MQL, its MQL date taken from the
 * next known later stage and flagged as inferred, so no conversion can exceed 100 %. Inferred dates
 * count in the funnel's counts and stay out of dwell times and SLAs. Pure.
 */
/** The stages whose date can be inferred: a lead's creation is always known, Closed Won has no later stage. */
export const inferableStages = ["mql", "sql", "opportunity"] as const;
export type InferableStage = (typeof inferableStages)[number];

export interface LeadStageDates {
  mqlAt: Date | null;
  sqlAt: Date | null;
  opportunityAt: Date | null;
  wonAt: Date | null;
}

/** The column of each stage after Lead, in order. */
export const stageDateField = { mql: "mqlAt", sql: "sqlAt", opportunity: "opportunityAt", won: "wonAt" } as const satisfies Record<InferableStage | "won", keyof LeadStageDates>;
const order = ["mql", "sql", "opportunity", "won"] as const;

export const stageDateLabels: Record<InferableStage, string> = { mql: "MQL", sql: "SQL", opportunity: "Opportunity" };

/**
 * Fills each missing stage date before the latest known stage with the date of the next known later
 * one, and says which stages were filled. Dates given are never changed, even when out of order
 * (an MQL date after the SQL date stays as the CRM gave it): conversion counts presence, not order.
 */
export function inferLeadStages(dates: LeadStageDates): { dates: LeadStageDates; inferred: InferableStage[] } {
  const out: LeadStageDates = { ...dates };
  const inferred: InferableStage[] = [];
  let next: Date | null = null;
  for (let i = order.length - 1; i >= 0; i--) {
    const stage = order[i]!;
    const field = stageDateField[stage];
    const given = dates[field];
    if (given) next = given;
    else if (next && stage !== "won") {
      out[field] = next;
      inferred.unshift(stage);
    }
  }
  return { dates: out, inferred };
}

/** How many leads had a stage date inferred, and how many for each stage. */
export type InferredStageCounts = { leads: number } & Record<InferableStage, number>;

export const noInferredStages = (): InferredStageCounts => ({ leads: 0, mql: 0, sql: 0, opportunity: 0 });

export function countInferred(counts: InferredStageCounts, inferred: readonly InferableStage[]): void {
  if (inferred.length === 0) return;
  counts.leads++;
  for (const stage of inferred) counts[stage]++;
}

/** "3 leads had a stage date inferred (MQL date missing: 2, SQL date missing: 1)", or null when none had. */
export function inferredStagesNote(counts: Partial<InferredStageCounts> | null | undefined): string | null {
  if (!counts?.leads) return null;
  const parts = inferableStages.filter((s) => (counts[s] ?? 0) > 0).map((s) => `${stageDateLabels[s]} date missing: ${counts[s]}`);
  return `${counts.leads} ${counts.leads === 1 ? "lead had a stage date" : "leads had a stage date"} inferred (${parts.join(", ")})`;
}

/**
 * "2 leads counted as MQL without an MQL date, 1 as SQL without an SQL date": the funnel's flagged
 * leads, shown beside its conversions; null when there are none.
 */
export function countedWithoutDateNote(inferred: Record<InferableStage, number> | null | undefined): string | null {
  if (!inferred) return null;
  const parts = inferableStages
    .filter((s) => inferred[s] > 0)
    .map((s, i) => {
      const label = stageDateLabels[s];
      const article = /^[AEFHILMNORSX]/.test(label) ? "an" : "a";
      return `${i === 0 ? `${inferred[s]} ${inferred[s] === 1 ? "lead" : "leads"}` : inferred[s]} counted as ${label} without ${article} ${label} date`;
    });
  return parts.length ? parts.join(", ") : null;
}
