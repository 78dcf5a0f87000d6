/**
 * What a CSV export is, told from its header row: a Salesforce opportunity report or opportunity
 * history report, a HubSpot deals, companies or contacts export, or any other CSV, with a suggested
 * field for each column (the admin can change every suggestion).
 */

export type ImportEntity =
  | "opportunities"
  | "opportunity_stage_history"
  | "accounts"
  | "contacts"
  | "leads"
  | "touchpoints"
  | "self_reported_answers"
  | "web_traffic"
  | "signals";

export type FieldKind = "text" | "money" | "date" | "percent" | "boolean";

export interface FieldSpec {
  key: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  /** Header names that suggest this field, compared without case, spaces or punctuation. */
  synonyms: string[];
}

export const entityLabels: Record<ImportEntity, string> = {
  opportunities: "Opportunities",
  opportunity_stage_history: "Opportunity stage history",
  accounts: "Accounts",
  contacts: "Contacts",
  leads: "Leads with lifecycle dates",
  touchpoints: "Touchpoints",
  self_reported_answers: "Self-reported answers",
  web_traffic: "Daily web visitors",
  signals: "Intent signals (history)",
};

export const entityFields: Record<ImportEntity, FieldSpec[]> = {
  opportunities: [
    { key: "externalId", label: "Opportunity ID", kind: "text", required: true, synonyms: ["Opportunity ID", "Record ID", "Deal ID", "ID", "Opportunity 18 Digit ID"] },
    { key: "name", label: "Name", kind: "text", required: true, synonyms: ["Opportunity Name", "Deal Name", "Name"] },
    { key: "account", label: "Account", kind: "text", synonyms: ["Account Name", "Company", "Company Name", "Associated Company", "Account"] },
    { key: "owner", label: "Owner", kind: "text", synonyms: ["Opportunity Owner", "Deal owner", "Owner", "Owner Email", "Owner Name"] },
    { key: "stage", label: "Stage", kind: "text", required: true, synonyms: ["Stage", "Deal Stage", "Stage Name"] },
    // Not required: open deals often have no amount yet. A blank cell is stored as no amount, never 0.
    { key: "amount", label: "Amount", kind: "money", synonyms: ["Amount", "Deal Amount", "Amount (converted)", "ACV", "Annual Contract Value"] },
    { key: "probability", label: "Probability (%)", kind: "percent", synonyms: ["Probability (%)", "Probability", "Deal probability"] },
    { key: "closeDate", label: "Close date", kind: "date", synonyms: ["Close Date", "Expected Close Date"] },
    { key: "createdAt", label: "Created", kind: "date", required: true, synonyms: ["Created Date", "Create Date", "Created"] },
    { key: "source", label: "Source", kind: "text", synonyms: ["Lead Source", "Original Source Type", "Original Source", "Source"] },
    { key: "segment", label: "Segment", kind: "text", synonyms: ["Segment", "Market Segment"] },
    { key: "type", label: "Type", kind: "text", synonyms: ["Type", "Deal Type", "Opportunity Type"] },
    { key: "closed", label: "Closed", kind: "boolean", synonyms: ["Closed", "Is Closed"] },
    { key: "won", label: "Won", kind: "boolean", synonyms: ["Won", "Is Won"] },
    { key: "forecastCategory", label: "Forecast category", kind: "text", synonyms: ["Forecast Category", "Forecast category", "ForecastCategoryName", "Forecast Category Name"] },
    { key: "nextStep", label: "Next step", kind: "text", synonyms: ["Next Step", "Next step", "NextStep"] },
    // Custom fields in most CRMs; proof matching reads both.
    { key: "useCase", label: "Use case", kind: "text", synonyms: ["Use Case", "Use case", "Primary Use Case", "Use Case (Primary)"] },
    { key: "objection", label: "Objection", kind: "text", synonyms: ["Objection", "Primary Objection", "Main Objection", "Key Objection", "Objections"] },
    { key: "pipeline", label: "Pipeline", kind: "text", synonyms: ["Pipeline"] },
    // The raw text of this app's own export comes first: an export imported again keeps what the CRM said.
    { key: "lossReason", label: "Loss reason", kind: "text", synonyms: ["Loss Reason (as entered)", "Loss Reason", "Closed Lost Reason", "Reason Lost"] },
    { key: "winReason", label: "Win reason", kind: "text", synonyms: ["Win Reason (as entered)", "Win Reason", "Closed Won Reason", "Reason Won"] },
    { key: "competitor", label: "Competitor", kind: "text", synonyms: ["Competitor (as entered)", "Competitor", "Primary Competitor", "Main Competitor"] },
  ],
  opportunity_stage_history: [
    { key: "opportunityId", label: "Opportunity ID", kind: "text", required: true, synonyms: ["Opportunity ID", "Record ID", "Deal ID"] },
    { key: "stage", label: "Stage", kind: "text", required: true, synonyms: ["To Stage", "Stage", "New Stage", "Stage Name"] },
    { key: "changedAt", label: "Date of the change", kind: "date", required: true, synonyms: ["Last Modified", "Stage Change Date", "Edit Date", "Last Modified Date", "Date"] },
    { key: "amount", label: "Amount", kind: "money", synonyms: ["Amount"] },
    { key: "fromStage", label: "From stage", kind: "text", synonyms: ["From Stage"] },
  ],
  accounts: [
    { key: "externalId", label: "Account ID", kind: "text", synonyms: ["Account ID", "Record ID", "Company ID", "ID"] },
    { key: "name", label: "Name", kind: "text", required: true, synonyms: ["Account Name", "Company name", "Name"] },
    { key: "domain", label: "Domain", kind: "text", synonyms: ["Company Domain Name", "Domain", "Website"] },
    { key: "industry", label: "Industry", kind: "text", synonyms: ["Industry (as entered)", "Industry"] },
    { key: "employees", label: "Employees", kind: "text", synonyms: ["Number of Employees", "Employees", "Employee Count", "Company Size"] },
    { key: "segment", label: "Segment", kind: "text", synonyms: ["Segment"] },
    { key: "owner", label: "Owner", kind: "text", synonyms: ["Account Owner", "Company owner", "Owner"] },
    { key: "annualRevenue", label: "Annual revenue", kind: "money", synonyms: ["Annual Revenue", "Revenue", "Annual Revenue (converted)"] },
    { key: "country", label: "Country", kind: "text", synonyms: ["Billing Country", "Country/Region", "Country", "Shipping Country"] },
    { key: "parentAccount", label: "Parent account", kind: "text", synonyms: ["Parent Account", "Parent Company", "Parent Account Name"] },
    { key: "technologies", label: "Technologies", kind: "text", synonyms: ["Technologies", "Web Technologies", "Tech Stack", "Technographics"] },
  ],
  contacts: [
    { key: "externalId", label: "Contact ID", kind: "text", synonyms: ["Contact ID", "Record ID", "ID"] },
    { key: "firstName", label: "First name", kind: "text", synonyms: ["First Name"] },
    { key: "lastName", label: "Last name", kind: "text", synonyms: ["Last Name"] },
    { key: "name", label: "Name", kind: "text", synonyms: ["Name", "Full Name"] },
    { key: "email", label: "Email", kind: "text", synonyms: ["Email", "Email Address"] },
    { key: "title", label: "Job title", kind: "text", synonyms: ["Job Title", "Title"] },
    { key: "account", label: "Account", kind: "text", synonyms: ["Account Name", "Company Name", "Associated Company", "Company"] },
  ],
  leads: [
    { key: "externalId", label: "Lead ID", kind: "text", required: true, synonyms: ["Lead ID", "Record ID", "ID"] },
    { key: "email", label: "Email", kind: "text", synonyms: ["Email", "Email Address"] },
    { key: "account", label: "Account", kind: "text", synonyms: ["Company", "Company Name", "Account Name", "Account"] },
    { key: "source", label: "Source", kind: "text", synonyms: ["Lead Source", "Original Source", "Source"] },
    { key: "isDemoRequest", label: "Demo request", kind: "boolean", synonyms: ["Demo Request", "Is Demo Request", "Demo Requested"] },
    { key: "createdAt", label: "Created", kind: "date", required: true, synonyms: ["Created Date", "Create Date", "Created", "Became a Lead Date"] },
    { key: "mqlAt", label: "MQL date", kind: "date", synonyms: ["MQL Date", "Became a Marketing Qualified Lead Date", "MQL"] },
    { key: "sqlAt", label: "SQL date", kind: "date", synonyms: ["SQL Date", "Became a Sales Qualified Lead Date", "SQL"] },
    { key: "opportunityAt", label: "Opportunity date", kind: "date", synonyms: ["Opportunity Date", "Became an Opportunity Date", "Converted Date"] },
    { key: "wonAt", label: "Won date", kind: "date", synonyms: ["Won Date", "Became a Customer Date", "Closed Won Date"] },
  ],
  touchpoints: [
    { key: "externalId", label: "Touchpoint ID", kind: "text", synonyms: ["Touchpoint ID", "Activity ID", "Campaign Member ID", "ID"] },
    { key: "email", label: "Contact email", kind: "text", synonyms: ["Email", "Contact Email"] },
    { key: "account", label: "Account", kind: "text", synonyms: ["Company", "Company Name", "Account Name", "Company / Account", "Account"] },
    { key: "channel", label: "Channel", kind: "text", required: true, synonyms: ["Channel", "Medium", "Campaign Type"] },
    { key: "campaign", label: "Campaign", kind: "text", synonyms: ["Campaign", "Campaign Name"] },
    { key: "type", label: "Type", kind: "text", synonyms: ["Type", "Activity Type", "Touch Type", "Member Status", "Status"] },
    { key: "occurredAt", label: "Date", kind: "date", required: true, synonyms: ["Occurred At", "Date", "Activity Date", "Touch Date", "First Responded Date", "Member First Responded Date", "Timestamp"] },
  ],
  self_reported_answers: [
    { key: "leadId", label: "Lead ID", kind: "text", synonyms: ["Lead ID", "Record ID"] },
    { key: "email", label: "Email", kind: "text", synonyms: ["Email", "Lead Email", "Email Address"] },
    { key: "answer", label: "Answer", kind: "text", required: true, synonyms: ["Answer", "How did you hear about us?", "How did you hear about us", "Response"] },
    { key: "channel", label: "Channel", kind: "text", synonyms: ["Channel"] },
  ],
  web_traffic: [
    { key: "day", label: "Day", kind: "date", required: true, synonyms: ["Day", "Date"] },
    { key: "visitors", label: "Visitors", kind: "text", required: true, synonyms: ["Visitors", "Users", "Unique Visitors", "Sessions"] },
  ],
  signals: [
    { key: "externalId", label: "Signal ID", kind: "text", required: true, synonyms: ["Signal ID", "Event ID", "ID"] },
    { key: "type", label: "Signal type", kind: "text", required: true, synonyms: ["Signal Type", "Type", "Event Type", "Signal"] },
    { key: "occurredAt", label: "Occurred at", kind: "date", required: true, synonyms: ["Occurred At", "Timestamp", "Date", "Event Date"] },
    { key: "account", label: "Account domain", kind: "text", synonyms: ["Account Domain", "Domain", "Company Domain", "Website"] },
    { key: "email", label: "Contact email", kind: "text", synonyms: ["Email", "Contact Email"] },
    { key: "respondedAt", label: "First response", kind: "date", synonyms: ["Responded At", "First Response", "First Response At", "Response Date"] },
    { key: "meetingBookedAt", label: "Meeting booked", kind: "date", synonyms: ["Meeting Booked At", "Meeting Booked", "Meeting Date"] },
  ],
};

export type ImportFormat =
  | "salesforce_opportunities"
  | "salesforce_opportunity_history"
  | "salesforce_accounts"
  | "salesforce_contacts"
  | "hubspot_deals"
  | "hubspot_companies"
  | "hubspot_contacts"
  | "generic";

export const formatLabels: Record<ImportFormat, string> = {
  salesforce_opportunities: "Salesforce opportunity report",
  salesforce_opportunity_history: "Salesforce opportunity history report",
  salesforce_accounts: "Salesforce account report",
  salesforce_contacts: "Salesforce contact report",
  hubspot_deals: "HubSpot deals export",
  hubspot_companies: "HubSpot companies export",
  hubspot_contacts: "HubSpot contacts export",
  generic: "CSV with your own columns",
};

/** A HubSpot per-stage column: when deals entered or left one stage of one pipeline. */
export interface StageDateColumn {
  column: number;
  stage: string;
  pipeline: string;
  kind: "entered" | "exited";
}

export interface DetectedFormat {
  format: ImportFormat;
  entity: ImportEntity;
  /** For each column, the suggested field key, or null to leave it out. */
  mapping: (string | null)[];
  stageColumns: StageDateColumn[];
}

const normalise = (header: string) => header.toLowerCase().replace(/[^a-z0-9%]/g, "");

/**
 * The header with the names that make each known format, all required, and none of `without`
 * (compared without case or punctuation).
 */
const signatures: { format: Exclude<ImportFormat, "generic">; entity: ImportEntity; columns: string[]; without?: string[] }[] = [
  { format: "salesforce_opportunity_history", entity: "opportunity_stage_history", columns: ["Opportunity ID", "From Stage", "To Stage"] },
  { format: "salesforce_opportunity_history", entity: "opportunity_stage_history", columns: ["Opportunity ID", "Stage", "Last Modified"] },
  { format: "salesforce_opportunities", entity: "opportunities", columns: ["Opportunity ID", "Opportunity Name", "Stage", "Amount"] },
  { format: "salesforce_opportunities", entity: "opportunities", columns: ["Opportunity Name", "Account Name", "Stage", "Close Date"] },
  { format: "hubspot_deals", entity: "opportunities", columns: ["Record ID", "Deal Name", "Deal Stage"] },
  // A contact report names each person's account (and may name its owner too): people, not accounts.
  { format: "salesforce_contacts", entity: "contacts", columns: ["First Name", "Last Name", "Email", "Account Name"], without: ["Opportunity Name", "Lead ID"] },
  // An account report often has no ID column: its rows are matched on their website, else their name.
  { format: "salesforce_accounts", entity: "accounts", columns: ["Account Name", "Account Owner"], without: ["Opportunity Name", "Stage"] },
  { format: "hubspot_companies", entity: "accounts", columns: ["Record ID", "Company name"] },
  { format: "salesforce_accounts", entity: "accounts", columns: ["Account Name", "Billing Country"] },
  { format: "salesforce_accounts", entity: "accounts", columns: ["Account ID", "Account Name", "Industry"] },
  { format: "hubspot_contacts", entity: "contacts", columns: ["Record ID", "First Name", "Last Name", "Email"] },
];

/** Without a known export's signature, column names that tell which records a generic file holds. */
const entityHints: { entity: ImportEntity; columns: string[] }[] = [
  { entity: "web_traffic", columns: ["Visitors"] },
  { entity: "signals", columns: ["Signal Type"] },
  { entity: "self_reported_answers", columns: ["How did you hear about us?"] },
  { entity: "self_reported_answers", columns: ["Answer"] },
  { entity: "touchpoints", columns: ["Channel", "Touchpoint ID"] },
  { entity: "touchpoints", columns: ["Channel", "Campaign"] },
  { entity: "touchpoints", columns: ["Campaign Name", "Campaign Type", "First Responded Date"] },
  { entity: "leads", columns: ["MQL Date"] },
  { entity: "leads", columns: ["Lead ID"] },
];

const STAGE_DATE = /^date (entered|exited) "(.+) \((.+)\)"$/i;

/** The suggested field for each column of `header`, for `entity`: each field at most once, the best-named column first. */
export function suggestMapping(header: readonly string[], entity: ImportEntity): (string | null)[] {
  const mapping: (string | null)[] = header.map(() => null);
  const taken = new Set<number>();
  for (const field of entityFields[entity]) {
    // The earliest synonym is the best name: "Opportunity ID" beats "ID".
    for (const synonym of field.synonyms) {
      const column = header.findIndex((h, i) => !taken.has(i) && normalise(h) === normalise(synonym));
      if (column >= 0) {
        mapping[column] = field.key;
        taken.add(column);
        break;
      }
    }
  }
  return mapping;
}

/** The format of a file from its header row; without a known signature, a generic opportunities import. */
export function detectFormat(header: readonly string[], entity?: ImportEntity): DetectedFormat {
  const names = new Set(header.map(normalise));
  const known = signatures.find((s) => (entity === undefined || s.entity === entity) && s.columns.every((c) => names.has(normalise(c))) && !s.without?.some((c) => names.has(normalise(c))));
  const hinted = entity ? undefined : entityHints.find((h) => h.columns.every((c) => names.has(normalise(c))));
  const chosen = known?.entity ?? entity ?? hinted?.entity ?? "opportunities";
  const stageColumns: StageDateColumn[] = [];
  if (chosen === "opportunities") {
    header.forEach((h, column) => {
      const m = STAGE_DATE.exec(h.trim());
      if (m) stageColumns.push({ column, kind: m[1]!.toLowerCase() as "entered" | "exited", stage: m[2]!, pipeline: m[3]! });
    });
  }
  return { format: known?.format ?? "generic", entity: chosen, mapping: suggestMapping(header, chosen), stageColumns };
}

/** The required fields of `entity` that no column is mapped to. */
export function missingRequiredFields(mapping: readonly (string | null)[], entity: ImportEntity): FieldSpec[] {
  return entityFields[entity].filter((f) => f.required && !mapping.includes(f.key));
}
