import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohortFunnel, leadStages, type CohortCounts } from "./funnel";
import { countedWithoutDateNote, countInferred, inferLeadStages, inferredStagesNote, noInferredStages, stageDateField, type LeadStageDates } from "./lead-stages";

const at = (day: string) => new Date(`2026-${day}T00:00:00Z`);
const lead = (mql: string | null, sql: string | null, opp: string | null, won: string | null): LeadStageDates => ({
  mqlAt: mql ? at(mql) : null,
  sqlAt: sql ? at(sql) : null,
  opportunityAt: opp ? at(opp) : null,
  wonAt: won ? at(won) : null,
});

/** Cohort counts as SQL counts them: a stage is reached when its date is there. */
function cohortOf(leads: readonly LeadStageDates[]): CohortCounts {
  const reached = Object.fromEntries(leadStages.map((s) => [s, s === "lead" ? leads.length : leads.filter((l) => l[stageDateField[s]] !== null).length])) as CohortCounts["reached"];
  const none = { sumDays: 0, leads: 0 };
  return { visitors: 0, reached, transitionDays: { mql: none, sql: none, opportunity: none, won: none } };
}

// The vector of docs/metrics.md §2.
const vector = [
  lead("03-01", "03-05", null, null), // L1
  lead(null, "03-05", null, null), // L2: an SQL without an MQL date
  lead(null, null, "04-01", "05-01"), // L3
  lead("03-01", null, null, "05-01"), // L4
  lead(null, null, null, null), // L5
  lead("03-10", "03-05", null, null), // L6: out of order, kept
];

describe("lead stage inference (METRICS.md §2)", () => {
  it("fills each missing earlier date from the next known later stage, and flags it", () => {
    expect(vector.map(inferLeadStages)).toEqual([
      { dates: vector[0], inferred: [] },
      { dates: lead("03-05", "03-05", null, null), inferred: ["mql"] },
      { dates: lead("04-01", "04-01", "04-01", "05-01"), inferred: ["mql", "sql"] },
      { dates: lead("03-01", "05-01", "05-01", "05-01"), inferred: ["sql", "opportunity"] },
      { dates: vector[4], inferred: [] },
      { dates: vector[5], inferred: [] },
    ]);
  });

  it("brings the vector's conversions to at most 100 % and counts the flags", () => {
    const before = cohortFunnel(cohortOf(vector));
    expect(before.transitions.find((t) => t.to === "won")!.conversion.value).toBe(2); // 2 won of 1 opportunity
    const inferred = vector.map(inferLeadStages);
    const after = cohortFunnel(cohortOf(inferred.map((i) => i.dates)));
    expect(after.counts).toMatchObject({ lead: 6, mql: 5, sql: 5, opportunity: 2, won: 2 });
    expect(after.transitions.slice(1).map((t) => t.conversion.value)).toEqual([5 / 6, 1, 2 / 5, 1]);
    const counts = noInferredStages();
    for (const i of inferred) countInferred(counts, i.inferred);
    expect(counts).toEqual({ leads: 3, mql: 2, sql: 2, opportunity: 1 });
    expect(inferredStagesNote(counts)).toBe("3 leads had a stage date inferred (MQL date missing: 2, SQL date missing: 2, Opportunity date missing: 1)");
    expect(inferredStagesNote({ leads: 1, mql: 1, sql: 0, opportunity: 0 })).toBe("1 lead had a stage date inferred (MQL date missing: 1)");
    expect(inferredStagesNote(noInferredStages())).toBeNull();
    expect(after.inferred).toBeNull();
    expect(countedWithoutDateNote({ mql: 2, sql: 2, opportunity: 1 })).toBe(
      "2 leads counted as MQL without an MQL date, 2 counted as SQL without an SQL date, 1 counted as Opportunity without an Opportunity date",
    );
    expect(countedWithoutDateNote({ mql: 1, sql: 0, opportunity: 0 })).toBe("1 lead counted as MQL without an MQL date");
    expect(countedWithoutDateNote({ mql: 0, sql: 0, opportunity: 0 })).toBeNull();
  });

  it("keeps every conversion of any set of leads between 0 and 100 % (any subset of dates, in any order)", () => {
    const date = fc.option(fc.integer({ min: 0, max: 400 }).map((d) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000)), { nil: null });
    const leadArb = fc.record({ mqlAt: date, sqlAt: date, opportunityAt: date, wonAt: date });
    fc.assert(
      fc.property(fc.array(leadArb, { minLength: 1, maxLength: 60 }), (leads) => {
        const inferred = leads.map(inferLeadStages);
        for (const [i, { dates, inferred: stages }] of inferred.entries()) {
          // Given dates are kept; a stage is reached after inference iff a stage at or after it was given.
          for (const field of ["mqlAt", "sqlAt", "opportunityAt", "wonAt"] as const) if (leads[i]![field]) expect(dates[field]).toBe(leads[i]![field]);
          expect(dates.wonAt).toBe(leads[i]!.wonAt);
          for (const s of stages) expect(leads[i]![stageDateField[s]]).toBeNull();
        }
        const funnel = cohortFunnel(cohortOf(inferred.map((i) => i.dates)));
        for (const t of funnel.transitions.slice(1)) {
          if (t.conversion.value === null) continue;
          expect(t.conversion.value).toBeGreaterThanOrEqual(0);
          expect(t.conversion.value).toBeLessThanOrEqual(1);
        }
        expect(funnel.overall.value!).toBeLessThanOrEqual(1);
      }),
      { seed: 20261124, numRuns: 300 },
    );
  });
});
