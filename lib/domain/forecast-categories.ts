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
export const opportunityChangeFields = ["amount", "expected_close_date", "stage", "status", "forecast_category"] as const;
export type OpportunityChangeField = (typeof opportunityChangeFields)[number];

/** Where a change came from: an import (or its rollback), an edit in the app, or the demo data. */
export const opportunityChangeSources = ["import", "edit", "seed"] as const;
export type OpportunityChangeSource = (typeof opportunityChangeSources)[number];
