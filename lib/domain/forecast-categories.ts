/**
 * Forecast categories (docs/metrics.md, "Forecast"): where a rep places a deal in the quarter's call,
 * as Salesforce and HubSpot name them. A deal carries one when the CRM or its owner set it; otherwise
 * it is derived from its status and stage (lib/metrics/forecast.ts, forecastCategoryOf).
 */
export const forecastCategories = ["pipeline", "best_case", "commit", "closed", "omitted"] as const;
export type ForecastCategory = (typeof forecastCategories)[number];

export const forecastCategoryLabels: Record<ForecastCategory, string> = {
  pipeline: "Pipeline",
  best_case: "Best case",
  commit: "Commit",
  closed: "Closed",
  omitted: "Omitted",
};

export const forecastCategoryDescriptions: Record<ForecastCategory, string> = {
  pipeline: "Open and possible, not yet called for the quarter.",
  best_case: "Could close this quarter if things go well.",
  commit: "The rep calls it: it closes this quarter.",
  closed: "Closed won.",
  omitted: "Left out of the forecast (lost, or not this quarter).",
};

/** What is written to an opportunity's change history. */
export const opportunityChangeFields = ["amount", "expected_close_date", "stage", "status", "forecast_category", "next_step"] as const;
export type OpportunityChangeField = (typeof opportunityChangeFields)[number];

/** Where a change came from: an import (or its rollback), an edit in the app, or the demo data. */
export const opportunityChangeSources = ["import", "edit", "seed"] as const;
export type OpportunityChangeSource = (typeof opportunityChangeSources)[number];

const key = (text: string) => text.toLowerCase().replace(/[^a-z]/g, "");

/** How Salesforce, HubSpot (labels and internal values) and people write each category. */
const spellings: Record<string, ForecastCategory> = {
  pipeline: "pipeline",
  bestcase: "best_case",
  best: "best_case",
  upside: "best_case",
  commit: "commit",
  committed: "commit",
  closed: "closed",
  closedwon: "closed",
  won: "closed",
  omitted: "omitted",
  omit: "omitted",
  notforecasted: "omitted",
  closedlost: "omitted",
};

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * A forecast category as a CRM export or a person writes it: case, spaces and punctuation ignored
 * ("Best Case", "BEST_CASE", "best-case"), and a slip of one letter tolerated ("Comit", "Pipline");
 * null for text that is none of them.
 */
export function readForecastCategory(text: string): ForecastCategory | null {
  const k = key(text);
  if (!k) return null;
  if (spellings[k]) return spellings[k];
  const near = Object.entries(spellings).filter(([spelling]) => spelling.length >= 5 && editDistance(k, spelling) <= 1);
  const categories = new Set(near.map(([, c]) => c));
  return categories.size === 1 ? [...categories][0]! : null;
}
