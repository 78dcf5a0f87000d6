/** The playbook's shared definitions: what a new database starts with, signed as version 1. */
/** The funnel's stages, in order. */
export const funnelStages = ["lead", "mql", "sql", "opportunity", "closed_won", "closed_lost"] as const;
export type FunnelStage = (typeof funnelStages)[number];
/** The teams that own funnel stages and sign their definitions. */
export const teams = ["marketing", "sales"] as const;
export type Team = (typeof teams)[number];
export const slaUnits = ["minutes", "hours", "business_days", "days"] as const;
export type SlaUnit = (typeof slaUnits)[number];
/** What sales decides about a sales-qualified lead. */
export const sqlDecisions = ["accepted", "rejected"] as const;
export type SqlDecision = (typeof sqlDecisions)[number];

export interface FunnelDefinitionSeed {
  stage: FunnelStage;
  label: string;
  definition: string;
  owner: Team;
  slaValue: number | null;
  slaUnit: SlaUnit | null;
  slaText: string | null;
}

export const playbookDefinitions: readonly FunnelDefinitionSeed[] = [
  { stage: "lead", label: "Lead", definition: "Any identified contact with email", owner: "marketing", slaValue: null, slaUnit: null, slaText: null },
  {
    stage: "mql",
    label: "MQL (Signal-Qualified Lead)",
    definition: "Score > 60 OR high-intent signal triggered",
    owner: "marketing",
    slaValue: 5,
    slaUnit: "minutes",
    slaText: "Route to sales within 5 minutes",
  },
  {
    stage: "sql",
    label: "SQL",
    definition: "Sales accepts and confirms fit via conversation",
    owner: "sales",
    slaValue: 24,
    slaUnit: "hours",
    slaText: "Accept or reject within 24 hours",
  },
  {
    stage: "opportunity",
    label: "Opportunity",
    definition: "Budget, authority, need, timeline confirmed",
    owner: "sales",
    slaValue: 48,
    slaUnit: "hours",
    slaText: "Update stage within 48 hours",
  },
  { stage: "closed_won", label: "Closed Won", definition: "Contract signed", owner: "sales", slaValue: 1, slaUnit: "days", slaText: "CRM updated same day" },
  { stage: "closed_lost", label: "Closed Lost", definition: "Deal dead, reason captured", owner: "sales", slaValue: null, slaUnit: null, slaText: "Reason code required" },
];
