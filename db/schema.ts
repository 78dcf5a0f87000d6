/**
 * The whole domain model. Table names are plural snake_case (the client sets `casing: "snake_case"`),
 * money is `numeric` (read back as a string, summed in SQL), times are `timestamptz`.
 * Every dashboard query path has an explicit index; the comment above an index names its reader.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgSequence,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { abmTiers } from "@/lib/domain/abm-tiers";
import { buyingGroupRoles, contactStatuses, engagementLevels, seniorities } from "@/lib/domain/buying-group";
import { channels } from "@/lib/domain/channels";
import { funnelStages, slaUnits, sqlDecisions, teams } from "@/lib/domain/funnel-definitions";
import { opportunityStatuses } from "@/lib/domain/pipeline-stages";
import { forecastCategories, opportunityChangeFields, opportunityChangeSources } from "@/lib/domain/forecast-categories";
import { notificationEvents } from "@/lib/domain/notifications";
import { userRoles } from "@/lib/domain/roles";
import { routingTracks } from "@/lib/domain/routing-tracks";
import { signalTiers } from "@/lib/domain/signal-types";
import { stallPatterns } from "@/lib/win-loss/stalls";
import { sizeBands } from "@/lib/win-loss/proof-matching";

const id = () => integer().primaryKey().generatedByDefaultAsIdentity();
const at = () => timestamp({ withTimezone: true, mode: "date" });
const money = () => numeric({ precision: 14, scale: 2 });
const createdAt = () => at().notNull().defaultNow();
const version = () => integer().notNull().default(1);
/** A full 64-bit transaction id (PostgreSQL's xid8), read as its decimal text. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

// ── Enums ───────────────────────────────────────────────────────────────────────────────────────
// The domain's lists are the enums' values, in their order (reordering one needs a migration).
export const userRole = pgEnum("user_role", userRoles);
export const opportunityStatus = pgEnum("opportunity_status", opportunityStatuses);
export const buyingGroupRole = pgEnum("buying_group_role", buyingGroupRoles);
export const contactStatus = pgEnum("contact_status", contactStatuses);
export const engagementLevel = pgEnum("engagement_level", engagementLevels);
export const seniority = pgEnum("seniority", seniorities);
export const stallPattern = pgEnum("stall_pattern", stallPatterns);
export const sizeBand = pgEnum("size_band", sizeBands);
export const abmTier = pgEnum("abm_tier", abmTiers);
export const channel = pgEnum("channel", channels);
export const signalTier = pgEnum("signal_tier", signalTiers);
export const routingTrack = pgEnum("routing_track", routingTracks);
export const funnelStage = pgEnum("funnel_stage", funnelStages);
export const team = pgEnum("team", teams);
export const slaUnit = pgEnum("sla_unit", slaUnits);
export const sqlDecision = pgEnum("sql_decision", sqlDecisions);
export const forecastCategory = pgEnum("forecast_category", forecastCategories);
export const opportunityChangeField = pgEnum("opportunity_change_field", opportunityChangeFields);
export const opportunityChangeSource = pgEnum("opportunity_change_source", opportunityChangeSources);
// Technical states of the app's own machinery, not domain concepts.
export const notificationEvent = pgEnum("notification_event", notificationEvents);
export const deliveryChannel = pgEnum("delivery_channel", ["email", "webhook"]);
export const deliveryState = pgEnum("delivery_state", ["pending", "sending", "sent", "failed"]);
export const importStatus = pgEnum("import_status", [
  "uploaded",
  "validating",
  "validated",
  "committing",
  "completed",
  "failed",
  "cancelled",
  "rolled_back",
]);
export const importEntity = pgEnum("import_entity", [
  "opportunities",
  "opportunity_stage_history",
  "accounts",
  "contacts",
  "leads",
  "touchpoints",
  "self_reported_answers",
  "web_traffic",
  "signals",
]);

// ── People and access ───────────────────────────────────────────────────────────────────────────
export const users = pgTable(
  "users",
  {
    id: id(),
    email: text().notNull(),
    name: text().notNull(),
    role: userRole().notNull(),
    passwordHash: text().notNull(),
    active: boolean().notNull().default(true),
    lastSignInAt: at(),
    /** Carried in the session token; bumping it (password reset, deactivation) ends every session. */
    sessionVersion: integer().notNull().default(1),
    version: version(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_email_key").on(sql`lower(${t.email})`),
    index("users_role_idx").on(t.role, t.active),
  ],
);

/**
 * Failed sign-ins by network address, and by account when the email is known: an address is refused
 * for one account after 10 failures against it, and for every account after 30 failures in all,
 * within 15 minutes (lib/auth/lockout.ts). Nothing here can refuse an account to other addresses.
 */
export const failedSignIns = pgTable(
  "failed_sign_ins",
  {
    id: id(),
    address: text().notNull(),
    userId: integer().references(() => users.id, { onDelete: "cascade" }),
    failedAt: createdAt(),
  },
  (t) => [
    // authenticate(): the address's failures in the window.
    index("failed_sign_ins_address_idx").on(t.address, t.failedAt),
    // authenticate(): one account's failures from one address; listUsers() and a password reset: the account's.
    index("failed_sign_ins_user_idx").on(t.userId, t.address, t.failedAt),
  ],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    name: text().notNull(),
    /** The first characters of the key, shown so people can tell keys apart. */
    prefix: text().notNull(),
    /** SHA-256 of the whole key; the key itself is shown once and never stored. */
    keyHash: text().notNull(),
    scopes: text().array().notNull().default(sql`'{}'::text[]`),
    createdBy: integer().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    lastUsedAt: at(),
    revokedAt: at(),
  },
  (t) => [uniqueIndex("api_keys_hash_key").on(t.keyHash)],
);

// ── Accounts, contacts and buying groups ────────────────────────────────────────────────────────
export const accounts = pgTable(
  "accounts",
  {
    id: id(),
    externalId: text(),
    name: text().notNull(),
    domain: text(),
    /** The industry after the industry rules (lib/abm/industries.ts); `industryRaw` is the value as imported. */
    industry: text(),
    industryRaw: text(),
    employees: integer(),
    annualRevenue: money(),
    region: text(),
    country: text(),
    /** The parent account's name, as the CRM export gives it. */
    parentAccountName: text(),
    segment: text(),
    ownerId: integer().references(() => users.id, { onDelete: "set null" }),
    /** Ideal-customer-profile fit, 0–100, as every figure reads it: the override when set, else the model's. */
    icpFitScore: smallint(),
    /** The ICP model's fit and the reasons for it (criterion, points, detail), kept by the fit job. */
    icpFitModel: smallint(),
    icpFitReasons: jsonb().$type<{ criterion: string; points: number; detail: string }[]>(),
    /** Marketing's fit for this one account, with the reason; wins over the model's. */
    icpFitOverride: smallint(),
    icpFitOverrideReason: text(),
    icpFitOverrideBy: integer().references(() => users.id, { onDelete: "set null" }),
    icpFitOverrideAt: at(),
    technographicTags: text().array().notNull().default(sql`'{}'::text[]`),
    abmTier: abmTier(),
    abmTierReason: text(),
    abmTierSetBy: integer().references(() => users.id, { onDelete: "set null" }),
    abmTierSetAt: at(),
    /** Bumped by every buying-group edit, so a stale map is refused instead of overwritten. */
    buyingGroupVersion: version(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    uniqueIndex("accounts_external_id_key").on(t.externalId),
    uniqueIndex("accounts_domain_key").on(sql`lower(${t.domain})`),
    index("accounts_owner_idx").on(t.ownerId),
    index("accounts_segment_idx").on(t.segment),
    index("accounts_abm_tier_idx").on(t.abmTier),
    index("accounts_name_idx").on(sql`lower(${t.name})`),
    check("accounts_icp_fit_range", sql`${t.icpFitScore} between 0 and 100`),
    check("accounts_icp_fit_model_range", sql`${t.icpFitModel} between 0 and 100`),
    check("accounts_icp_fit_override_range", sql`${t.icpFitOverride} between 0 and 100`),
    check("accounts_icp_fit_override_reason", sql`${t.icpFitOverride} is null or ${t.icpFitOverrideReason} is not null`),
  ],
);

/**
 * What the account list and the tier counts read of each account, kept on write instead of
 * recomputed per view: the latest account-level score's intent, the buying-group coverage and the
 * open pipeline. Statement-level triggers on scores, contacts and opportunities (migration 0028)
 * refresh the accounts a statement touched, whoever writes (app, import, rollback, plain SQL);
 * an account with none of these has no row and reads as zeros.
 */
export const accountRollups = pgTable("account_rollups", {
  accountId: integer()
    .primaryKey()
    .references(() => accounts.id, { onDelete: "cascade" }),
  /** The latest account-level score's intent, 0–100; 0 with no score. */
  intent: numeric({ precision: 5, scale: 2 }).notNull().default("0"),
  /** That score's time and id: a newer score replaces it without reading the account's others. */
  intentAt: at(),
  intentScoreId: integer(),
  /** Roles identified / engaged / active (a role at its best contact's status), out of 5. */
  identified: smallint().notNull().default(0),
  engaged: smallint().notNull().default(0),
  active: smallint().notNull().default(0),
  /** A Champion Engaged or Active. */
  hasChampion: boolean().notNull().default(false),
  /** Sum of the open deals' amounts; `openWithoutAmount` of the `openDeals` have none. */
  openPipeline: numeric().notNull().default("0"),
  openDeals: integer().notNull().default(0),
  openWithoutAmount: integer().notNull().default(0),
});

export const contacts = pgTable(
  "contacts",
  {
    id: id(),
    externalId: text(),
    accountId: integer().references(() => accounts.id, { onDelete: "cascade" }),
    name: text().notNull(),
    email: text(),
    title: text(),
    seniority: seniority(),
    buyingGroupRole: buyingGroupRole(),
    status: contactStatus().notNull().default("identified"),
    engagementLevel: engagementLevel().notNull().default("none"),
    lastTouchAt: at(),
    /** The level a rep last set on the account's map, and when: it holds for 90 days unless later touches raise it. */
    engagementSetLevel: engagementLevel(),
    engagementSetAt: at(),
    gapAction: text(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    uniqueIndex("contacts_external_id_key").on(t.externalId),
    index("contacts_account_idx").on(t.accountId, t.buyingGroupRole),
    index("contacts_email_idx").on(sql`lower(${t.email})`),
    check("contacts_engagement_set", sql`(${t.engagementSetLevel} is null) = (${t.engagementSetAt} is null)`),
  ],
);

// ── Opportunities and their stages ──────────────────────────────────────────────────────────────
export const pipelineStages = pgTable(
  "pipeline_stages",
  {
    id: id(),
    name: text().notNull(),
    position: integer().notNull(),
    /** Probability of winning from this stage, 0–100 %; weights the open pipeline. */
    probability: smallint().notNull(),
    /** Entering the first stage flagged so sets an opportunity's `qualified_at`. */
    countsAsQualified: boolean().notNull().default(false),
    isWon: boolean().notNull().default(false),
    isLost: boolean().notNull().default(false),
    /**
     * Days a deal may stay in this open stage before a stage change is due; the Opportunity SLA
     * ("update stage within 48 hours") runs from then. Null: no change is ever due.
     */
    expectedDays: smallint(),
  },
  (t) => [
    uniqueIndex("pipeline_stages_name_key").on(t.name),
    check("pipeline_stages_expected_days_positive", sql`${t.expectedDays} > 0`),
    uniqueIndex("pipeline_stages_position_key").on(t.position),
    check("pipeline_stages_probability_range", sql`${t.probability} between 0 and 100`),
    check("pipeline_stages_won_or_lost", sql`not (${t.isWon} and ${t.isLost})`),
  ],
);

export const opportunities = pgTable(
  "opportunities",
  {
    id: id(),
    externalId: text(),
    name: text().notNull(),
    accountId: integer().references(() => accounts.id, { onDelete: "set null" }),
    ownerId: integer().references(() => users.id, { onDelete: "set null" }),
    source: text(),
    segment: text(),
    type: text(),
    /** Null when the CRM has none (common on early open deals): counted in N, left out of money sums and means. */
    amount: money(),
    stageId: integer()
      .notNull()
      .references(() => pipelineStages.id),
    status: opportunityStatus().notNull().default("open"),
    createdAt: at().notNull(),
    qualifiedAt: at(),
    expectedCloseDate: date({ mode: "string" }),
    closedAt: at(),
    /** Win and loss reasons and the competitor, from the taxonomies (null until a rule maps the raw text). */
    winReason: text(),
    lossReason: text(),
    competitor: text(),
    /** The text as the CRM gave it, kept whatever the taxonomy makes of it. */
    winReasonRaw: text(),
    lossReasonRaw: text(),
    competitorRaw: text(),
    /** What the deal is bought for, and the main objection the buyer raised (lib/domain/deal-profile.ts); proof matching reads both. */
    useCase: text(),
    objection: text(),
    /** As the CRM or the deal's owner set it; null: derived from status and stage (lib/metrics/forecast.ts). */
    forecastCategory: forecastCategory(),
    /** What the owner does next, trimmed (null: none); and when it was last set or cleared. */
    nextStep: text(),
    nextStepUpdatedAt: at(),
    version: version(),
    /** Bumped by every edit of the deal's buying-group map, apart from edits of the deal itself. */
    buyingGroupVersion: version(),
    updatedAt: createdAt(),
  },
  (t) => [
    uniqueIndex("opportunities_external_id_key").on(t.externalId),
    // velocity: win rate, deal size and cycle over deals closed in a period
    index("opportunities_closed_idx").on(t.status, t.closedAt),
    // velocity: qualified opportunities in a period
    index("opportunities_qualified_idx").on(t.qualifiedAt),
    // pipeline created in a period
    index("opportunities_created_idx").on(t.createdAt),
    // coverage: open pipeline closing this quarter
    index("opportunities_expected_close_idx").on(t.status, t.expectedCloseDate),
    index("opportunities_owner_idx").on(t.ownerId, t.status),
    index("opportunities_account_idx").on(t.accountId),
    index("opportunities_source_idx").on(t.source),
    index("opportunities_segment_idx").on(t.segment),
    index("opportunities_stage_idx").on(t.stageId),
    check("opportunities_amount_not_negative", sql`${t.amount} >= 0`),
    check(
      "opportunities_closed_has_date",
      sql`(${t.status} = 'open') = (${t.closedAt} is null)`,
    ),
  ],
);

export const opportunityStageHistory = pgTable(
  "opportunity_stage_history",
  {
    id: id(),
    opportunityId: integer()
      .notNull()
      .references(() => opportunities.id, { onDelete: "cascade" }),
    stageId: integer()
      .notNull()
      .references(() => pipelineStages.id),
    enteredAt: at().notNull(),
    exitedAt: at(),
  },
  (t) => [
    uniqueIndex("stage_history_entry_key").on(t.opportunityId, t.stageId, t.enteredAt),
    // an opportunity's stages in time order (conversion, the last stage before a loss)
    index("stage_history_opportunity_time_idx").on(t.opportunityId, t.enteredAt),
    // stage entries and exits in a period
    index("stage_history_entered_idx").on(t.enteredAt),
    index("stage_history_exited_idx").on(t.exitedAt),
    // stage dwell over exits in a period
    index("stage_history_stage_exit_idx").on(t.stageId, t.exitedAt),
    check(
      "stage_history_exit_after_entry",
      sql`${t.exitedAt} is null or ${t.exitedAt} >= ${t.enteredAt}`,
    ),
  ],
);

/**
 * Every change of a deal's amount, expected close date, stage, status or forecast category, with the
 * values before and after as text (a stage by its id, a date as YYYY-MM-DD, an amount as its decimal;
 * null for none). Written in the transaction that makes the change (imports and their rollback,
 * edits, the demo data), so a deal's state at any past moment is its current state with the later
 * changes undone: the pipeline-changes waterfall reads it so.
 */
/**
 * A stall pattern's tactic its owner marked done on a deal (lib/win-loss/stalls.ts): shown on the
 * deal page, and measured by the acceleration report (how long the deal took to move afterwards).
 */
export const dealStallTactics = pgTable(
  "deal_stall_tactics",
  {
    id: id(),
    opportunityId: integer()
      .notNull()
      .references(() => opportunities.id, { onDelete: "cascade" }),
    pattern: stallPattern().notNull(),
    doneAt: createdAt(),
    doneBy: integer().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("deal_stall_tactics_opportunity_idx").on(t.opportunityId, t.pattern, t.doneAt)],
);

export const opportunityChanges = pgTable(
  "opportunity_changes",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    opportunityId: integer()
      .notNull()
      .references(() => opportunities.id, { onDelete: "cascade" }),
    field: opportunityChangeField().notNull(),
    oldValue: text(),
    newValue: text(),
    changedAt: at().notNull(),
    source: opportunityChangeSource().notNull(),
    /** The import (or rolled-back import) that made it. */
    importJobId: integer().references(() => importJobs.id, { onDelete: "set null" }),
    /** The user who edited it. */
    changedBy: integer().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    // a deal's value of a field at a past moment: its first change after that moment
    index("opportunity_changes_opportunity_field_idx").on(t.opportunityId, t.field, t.changedAt),
    // the waterfall: deals changed since the period's start
    index("opportunity_changes_changed_at_idx").on(t.changedAt),
    check("opportunity_changes_changes_something", sql`${t.oldValue} is distinct from ${t.newValue}`),
  ],
);

/** The deal-level buying group: who plays which role on this opportunity. */
export const opportunityContacts = pgTable(
  "opportunity_contacts",
  {
    opportunityId: integer()
      .notNull()
      .references(() => opportunities.id, { onDelete: "cascade" }),
    contactId: integer()
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    buyingGroupRole: buyingGroupRole(),
    status: contactStatus().notNull().default("identified"),
    engagementLevel: engagementLevel().notNull().default("none"),
    lastTouchAt: at(),
    gapAction: text(),
    addedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.opportunityId, t.contactId] }),
    index("opportunity_contacts_contact_idx").on(t.contactId),
  ],
);

// ── Funnel: visitors, leads, touchpoints, self-reported answers ─────────────────────────────────
export const webTraffic = pgTable(
  "web_traffic",
  {
    day: date({ mode: "string" }).primaryKey(),
    visitors: integer().notNull(),
    /** A row id like every other table's, so an import can record and roll back its rows. */
    id: integer().notNull().generatedByDefaultAsIdentity(),
  },
  (t) => [check("web_traffic_visitors_not_negative", sql`${t.visitors} >= 0`), uniqueIndex("web_traffic_id_key").on(t.id)],
);

export const leads = pgTable(
  "leads",
  {
    id: id(),
    externalId: text(),
    contactId: integer().references(() => contacts.id, { onDelete: "set null" }),
    accountId: integer().references(() => accounts.id, { onDelete: "set null" }),
    ownerId: integer().references(() => users.id, { onDelete: "set null" }),
    opportunityId: integer().references(() => opportunities.id, { onDelete: "set null" }),
    source: text(),
    /** Came in through the demo-request form, where "How did you hear about us?" is asked. */
    isDemoRequest: boolean().notNull().default(false),
    createdAt: at().notNull(),
    mqlAt: at(),
    routedAt: at(),
    sqlAt: at(),
    sqlDecision: sqlDecision(),
    sqlDecisionAt: at(),
    opportunityAt: at(),
    wonAt: at(),
    /**
     * Stages the lead's record had no date for but a later stage implies ("mql" for an SQL without an
     * MQL date): their date is the next known stage's, counted in the funnel, left out of dwell and SLA.
     */
    inferredStages: funnelStage().array().notNull().default(sql`'{}'`),
  },
  (t) => [
    uniqueIndex("leads_external_id_key").on(t.externalId),
    // funnel cohort mode and trend: leads created in a period, counted from the index alone
    // (the later columns are there to be read, not searched: drizzle cannot declare INCLUDE)
    index("leads_cohort_idx").on(t.createdAt, t.mqlAt, t.sqlAt, t.opportunityAt, t.wonAt, t.source, t.accountId, t.inferredStages),
    // funnel flow mode and SLA compliance: stage entries in a period
    index("leads_mql_idx").on(t.mqlAt),
    index("leads_sql_idx").on(t.sqlAt),
    index("leads_opportunity_idx").on(t.opportunityAt),
    index("leads_won_idx").on(t.wonAt),
    index("leads_source_idx").on(t.source),
    index("leads_account_idx").on(t.accountId),
    index("leads_contact_idx").on(t.contactId),
    // open breaches: MQLs not routed, SQLs not accepted or rejected
    index("leads_unrouted_idx").on(t.mqlAt).where(sql`${t.routedAt} is null`),
    index("leads_undecided_idx").on(t.sqlAt).where(sql`${t.sqlDecisionAt} is null`),
    // stuck leads: the leads still in each stage, by when they entered it
    index("leads_open_lead_idx").on(t.createdAt).where(sql`${t.mqlAt} is null`),
    index("leads_open_mql_idx").on(t.mqlAt).where(sql`${t.sqlAt} is null`),
    index("leads_open_sql_idx").on(t.sqlAt).where(sql`${t.opportunityAt} is null and ${t.sqlDecision} is distinct from 'rejected'`),
    index("leads_open_opportunity_idx").on(t.opportunityAt).where(sql`${t.wonAt} is null`),
  ],
);

/**
 * An SLA breach someone dismissed, with the reason: no longer open. The subject is the lead for the
 * MQL and SQL SLAs and the deal's stay in a stage (opportunity_stage_history) for the stage SLA, so a
 * deal's next overdue stage is a new breach.
 */
export const breachDismissals = pgTable(
  "breach_dismissals",
  {
    id: id(),
    kind: text().notNull(),
    subjectId: integer().notNull(),
    reason: text().notNull(),
    dismissedBy: integer().references(() => users.id, { onDelete: "set null" }),
    dismissedAt: createdAt(),
  },
  (t) => [
    uniqueIndex("breach_dismissals_subject_key").on(t.kind, t.subjectId),
    check("breach_dismissals_kind", sql`${t.kind} in ('mql', 'sql', 'opportunity')`),
    check("breach_dismissals_reason", sql`length(trim(${t.reason})) > 0`),
  ],
);

export const touchpoints = pgTable(
  "touchpoints",
  {
    id: id(),
    externalId: text(),
    contactId: integer().references(() => contacts.id, { onDelete: "set null" }),
    accountId: integer().references(() => accounts.id, { onDelete: "cascade" }),
    /** The lead this touch created, when it created one (W-shaped attribution's lead-creation touch). */
    leadId: integer().references(() => leads.id, { onDelete: "set null" }),
    channel: channel().notNull(),
    campaign: text(),
    /** What happened: ad_click, email_click, web_visit, content_download, webinar, form_fill, … */
    type: text().notNull(),
    occurredAt: at().notNull(),
  },
  (t) => [
    uniqueIndex("touchpoints_external_id_key").on(t.externalId),
    // attribution: touches of an opportunity's account up to its conversion, in order
    index("touchpoints_account_time_idx").on(t.accountId, t.occurredAt, t.id),
    index("touchpoints_contact_time_idx").on(t.contactId, t.occurredAt),
    index("touchpoints_channel_idx").on(t.channel, t.occurredAt),
  ],
);

export const selfReportedAnswers = pgTable(
  "self_reported_answers",
  {
    id: id(),
    leadId: integer().references(() => leads.id, { onDelete: "cascade" }),
    contactId: integer().references(() => contacts.id, { onDelete: "cascade" }),
    /** The buyer's words, kept verbatim. */
    answer: text().notNull(),
    channel: channel().notNull(),
    /** A marketer set the channel by hand; rule changes leave it alone. */
    overridden: boolean().notNull().default(false),
    enteredBy: integer().references(() => users.id, { onDelete: "set null" }),
    enteredAt: createdAt(),
    version: version(),
  },
  (t) => [
    index("self_reported_lead_idx").on(t.leadId),
    index("self_reported_contact_idx").on(t.contactId),
    index("self_reported_channel_idx").on(t.channel),
    check("self_reported_has_subject", sql`${t.leadId} is not null or ${t.contactId} is not null`),
    check("self_reported_answer_length", sql`char_length(${t.answer}) between 1 and 2000`),
  ],
);

// ── Signals, scores, meetings ───────────────────────────────────────────────────────────────────
/** The signal taxonomy as data: tier, points, decay and the response playbook of each type. */
export const signalTypes = pgTable("signal_types", {
  key: text().primaryKey(),
  label: text().notNull(),
  tier: signalTier().notNull(),
  points: smallint().notNull(),
  halfLifeDays: smallint().notNull(),
  responsePlaybook: text().notNull(),
  description: text().notNull().default(""),
  /** Bumped by every edit, so a stale edit of the taxonomy is refused instead of overwritten. */
  version: version(),
  updatedBy: integer().references(() => users.id, { onDelete: "set null" }),
  updatedAt: at(),
});

/** Hands out the round-robin turns of the lead router; a sequence, so concurrent signals never wait on a row lock. */
export const routingTurns = pgSequence("routing_turns", { startWith: 1, increment: 1 });

export const signals = pgTable(
  "signals",
  {
    id: id(),
    type: text()
      .notNull()
      .references(() => signalTypes.key),
    tier: signalTier().notNull(),
    accountId: integer().references(() => accounts.id, { onDelete: "cascade" }),
    contactId: integer().references(() => contacts.id, { onDelete: "set null" }),
    occurredAt: at().notNull(),
    receivedAt: createdAt(),
    idempotencyKey: text(),
    payload: jsonb().notNull().default({}),
    /** The signal this one was derived from (multiple stakeholders, return after dormancy). */
    derivedFrom: integer(),
    /** The API key that sent it; null for imports, derived signals and demo data. */
    apiKeyId: integer().references(() => apiKeys.id, { onDelete: "set null" }),
    /** The account's readiness score once this signal was scored. */
    readiness: numeric({ precision: 5, scale: 2 }),
    track: routingTrack(),
    /** The score crossed into the 80+ band with this signal: it goes to the top of the owner's queue. */
    crossedIntoHandoff: boolean().notNull().default(false),
    routedTo: integer().references(() => users.id, { onDelete: "set null" }),
    routedAt: at(),
    /** When the track's response SLA runs out (5 minutes, 1 business day); null where the track is automated. */
    responseDueAt: at(),
    firstResponseAt: at(),
    respondedBy: integer().references(() => users.id, { onDelete: "set null" }),
    meetingBookedAt: at(),
    /**
     * The transaction that stored the signal. The live feed pages by (txid, id) and remembers the
     * transactions still running at its last read, so a signal committed late is not skipped.
     */
    txid: xid8().notNull().default(sql`pg_current_xact_id()`),
  },
  (t) => [
    // the live feed: signals after its cursor
    index("signals_feed_idx").on(t.txid, t.id),
    // an idempotency key is per API key; signals without a key (imports) share scope 0
    uniqueIndex("signals_api_key_idempotency_key").on(sql`coalesce(${t.apiKeyId}, 0)`, t.idempotencyKey),
    index("signals_account_time_idx").on(t.accountId, t.occurredAt),
    // a contact's own score and dormancy
    index("signals_contact_time_idx").on(t.contactId, t.occurredAt),
    // Layer 3: signals received in a period by tier
    index("signals_received_idx").on(t.receivedAt, t.tier),
    // a rep's queue
    index("signals_routed_to_idx").on(t.routedTo, t.receivedAt),
    // the response-SLA watch: deadlines of routed signals still waiting for a response
    index("signals_awaiting_response_idx").on(t.responseDueAt).where(sql`${t.firstResponseAt} is null and ${t.routedTo} is not null`),
  ],
);

export const scores = pgTable(
  "scores",
  {
    id: id(),
    accountId: integer()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    contactId: integer().references(() => contacts.id, { onDelete: "cascade" }),
    signalId: integer().references(() => signals.id, { onDelete: "set null" }),
    fit: numeric({ precision: 5, scale: 2 }).notNull(),
    intent: numeric({ precision: 5, scale: 2 }).notNull(),
    engagement: numeric({ precision: 5, scale: 2 }).notNull(),
    readiness: numeric({ precision: 5, scale: 2 }).notNull(),
    /** The top contributing facts behind each sub-score. */
    explanation: jsonb().notNull().default({}),
    computedAt: createdAt(),
  },
  (t) => [
    index("scores_account_time_idx").on(t.accountId, t.computedAt),
    index("scores_contact_time_idx").on(t.contactId, t.computedAt),
    // the reasons shown beside a signal in the queue and the API's answer
    index("scores_signal_idx").on(t.signalId),
  ],
);

export const meetings = pgTable(
  "meetings",
  {
    id: id(),
    accountId: integer()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    contactId: integer().references(() => contacts.id, { onDelete: "set null" }),
    signalId: integer().references(() => signals.id, { onDelete: "set null" }),
    bookedBy: integer().references(() => users.id, { onDelete: "set null" }),
    bookedAt: at().notNull(),
  },
  (t) => [
    index("meetings_account_time_idx").on(t.accountId, t.bookedAt),
    // a contact's last touch and engagement level
    index("meetings_contact_time_idx").on(t.contactId, t.bookedAt),
  ],
);

// ── Shared funnel definitions and SLAs ──────────────────────────────────────────────────────────
export const funnelDefinitions = pgTable("funnel_definitions", {
  id: id(),
  stage: funnelStage().notNull().unique(),
  createdAt: createdAt(),
});

export const funnelDefinitionVersions = pgTable(
  "funnel_definition_versions",
  {
    id: id(),
    definitionId: integer()
      .notNull()
      .references(() => funnelDefinitions.id, { onDelete: "cascade" }),
    version: integer().notNull(),
    definition: text().notNull(),
    owner: team().notNull(),
    /** The SLA as a number and unit (route within 5 minutes); null where the SLA is a rule. */
    slaValue: numeric({ precision: 10, scale: 2 }),
    slaUnit: slaUnit(),
    /** The SLA in words, e.g. "Reason code required". */
    slaText: text(),
    changeNote: text(),
    proposedBy: integer().references(() => users.id, { onDelete: "set null" }),
    proposedAt: createdAt(),
  },
  (t) => [
    uniqueIndex("funnel_definition_versions_key").on(t.definitionId, t.version),
    check("funnel_definition_sla_positive", sql`${t.slaValue} is null or ${t.slaValue} >= 0`),
  ],
);

export const funnelDefinitionSignoffs = pgTable(
  "funnel_definition_signoffs",
  {
    id: id(),
    versionId: integer()
      .notNull()
      .references(() => funnelDefinitionVersions.id, { onDelete: "cascade" }),
    team: team().notNull(),
    signedBy: integer().references(() => users.id, { onDelete: "set null" }),
    signedAt: createdAt(),
  },
  (t) => [uniqueIndex("funnel_definition_signoffs_key").on(t.versionId, t.team)],
);

// ── Targets, quotas, settings ───────────────────────────────────────────────────────────────────
export const quotas = pgTable(
  "quotas",
  {
    id: id(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** First day of the quarter. */
    quarterStart: date({ mode: "string" }).notNull(),
    amount: money().notNull(),
  },
  (t) => [
    uniqueIndex("quotas_user_quarter_key").on(t.userId, t.quarterStart),
    check(
      "quotas_quarter_start",
      sql`extract(day from ${t.quarterStart}) = 1 and extract(month from ${t.quarterStart}) in (1, 4, 7, 10)`,
    ),
    check("quotas_amount_not_negative", sql`${t.amount} >= 0`),
  ],
);

/** Company targets: a metric (velocity per day, pipeline created per month, …) from a date on. */
export const targets = pgTable(
  "targets",
  {
    id: id(),
    metric: text().notNull(),
    effectiveFrom: date({ mode: "string" }).notNull(),
    value: numeric({ precision: 16, scale: 4 }).notNull(),
    updatedBy: integer().references(() => users.id, { onDelete: "set null" }),
    updatedAt: createdAt(),
  },
  (t) => [uniqueIndex("targets_metric_from_key").on(t.metric, t.effectiveFrom)],
);

/** Named settings (time zone, currency, thresholds, weights); values are validated by lib/settings. */
export const settings = pgTable("settings", {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedBy: integer().references(() => users.id, { onDelete: "set null" }),
  updatedAt: createdAt(),
});

/**
 * One token bucket per rate-limited key (`signals:<api key id>`), shared by every instance; the
 * table is unlogged (its rows are worth nothing after a crash). See db/queries/rate-limit.ts.
 */
export const rateLimitBuckets = pgTable("rate_limit_buckets", {
  key: text().primaryKey(),
  tokens: doublePrecision().notNull(),
  updatedAt: at().notNull(),
});

/**
 * A counter per process cache (API keys, the signal ingest context), moved on by triggers whenever a
 * row the cache copies changes; each process compares it at most once a second (db/cache-versions.ts).
 */
export const cacheVersions = pgTable("cache_versions", {
  name: text().primaryKey(),
  version: bigint({ mode: "number" }).notNull().default(0),
});

/**
 * Aggregates a view would otherwise recompute on every request, stored per kind and scope with the
 * counter of their inputs they were computed under (db/queries/stored-aggregates.ts): a view whose
 * counter still matches reads them. Triggers move each counter on any write to what its kind reads
 * (migration 0029), so an import, an edit or a rollback makes the next view recompute.
 */
export const storedAggregates = pgTable(
  "stored_aggregates",
  {
    /** What is stored, e.g. "attribution" or "velocity_trend". */
    kind: text().notNull(),
    /** The scope as JSON: period, time zone, filters. */
    scope: text().notNull(),
    inputsVersion: bigint({ mode: "number" }).notNull(),
    result: jsonb().notNull(),
    computedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.scope] })],
);

// ── Case studies, audit, imports ────────────────────────────────────────────────────────────────
export const caseStudies = pgTable(
  "case_studies",
  {
    id: id(),
    title: text().notNull(),
    customerName: text().notNull(),
    industry: text(),
    segment: text(),
    useCase: text(),
    competitor: text(),
    objection: text(),
    summary: text().notNull().default(""),
    url: text(),
    /** The customer's size band (lib/win-loss/proof-matching.ts: smb, mid_market, enterprise). */
    sizeBand: sizeBand(),
    /** The pipeline stage the story helps most at. */
    stageId: integer().references(() => pipelineStages.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    version: version(),
  },
  (t) => [index("case_studies_industry_idx").on(t.industry)],
);

/** A story sent to a deal by its owner: the proof the deal got, read by the sent-vs-not win rate. */
export const proofSends = pgTable(
  "proof_sends",
  {
    id: id(),
    caseStudyId: integer()
      .notNull()
      .references(() => caseStudies.id, { onDelete: "cascade" }),
    opportunityId: integer()
      .notNull()
      .references(() => opportunities.id, { onDelete: "cascade" }),
    sentBy: integer().references(() => users.id, { onDelete: "set null" }),
    sentAt: createdAt(),
  },
  (t) => [index("proof_sends_opportunity_idx").on(t.opportunityId, t.caseStudyId, t.sentAt)],
);

/**
 * What an automation did, each action with its reason (the automation's page lists them): an alert
 * sent, a task made, a role proposed. The subject makes a repeat the same action, so a job that runs
 * again, or two instances at once, act once.
 */
export const automationActions = pgTable(
  "automation_actions",
  {
    id: id(),
    automation: text().notNull(),
    subject: text().notNull(),
    action: text().notNull(),
    reason: text().notNull(),
    at: createdAt(),
    accountId: integer().references(() => accounts.id, { onDelete: "set null" }),
    opportunityId: integer().references(() => opportunities.id, { onDelete: "set null" }),
    signalId: integer().references(() => signals.id, { onDelete: "set null" }),
    /** Who it reached (an alert's owner, a task's assignee). */
    userId: integer().references(() => users.id, { onDelete: "set null" }),
    /** The competitor, asset, role… the action is about. */
    topic: text(),
    detail: jsonb().notNull().default({}),
  },
  (t) => [uniqueIndex("automation_actions_subject_idx").on(t.automation, t.subject), index("automation_actions_time_idx").on(t.automation, t.at)],
);

/**
 * The Buying Group Mapper's proposals: a role for a contact without one, with its reason, until the
 * rep accepts (the role goes on the account's map) or rejects it. Kept either way, so a rejected
 * role is never proposed again for that contact.
 */
export const roleProposals = pgTable(
  "role_proposals",
  {
    id: id(),
    contactId: integer()
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    accountId: integer()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    role: buyingGroupRole().notNull(),
    reason: text().notNull(),
    status: text({ enum: ["proposed", "accepted", "rejected"] }).notNull().default("proposed"),
    proposedAt: createdAt(),
    decidedBy: integer().references(() => users.id, { onDelete: "set null" }),
    decidedAt: at(),
  },
  (t) => [uniqueIndex("role_proposals_contact_role_idx").on(t.contactId, t.role), index("role_proposals_account_idx").on(t.accountId, t.status)],
);

/**
 * The Content Personalizer's library: each asset with the roles, funnel stages, industries, signal
 * types and competitor it suits (empty: any). Marketing keeps it; the pick reads it
 * (lib/automations/content-personalizer.ts).
 */
export const contentAssets = pgTable(
  "content_assets",
  {
    id: id(),
    title: text().notNull(),
    format: text().notNull(),
    url: text().notNull(),
    roles: text().array().notNull().default(sql`'{}'::text[]`),
    stages: text().array().notNull().default(sql`'{}'::text[]`),
    industries: text().array().notNull().default(sql`'{}'::text[]`),
    signalTypes: text().array().notNull().default(sql`'{}'::text[]`),
    competitor: text(),
    createdBy: integer().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    version: version(),
  },
  (t) => [uniqueIndex("content_assets_url_idx").on(t.url)],
);

/**
 * The Content Personalizer's picks: the asset it picked for a routed high-intent signal (a copy of its
 * title and link, so the pick survives the asset's deletion), with its score and reasons, and
 * whether the rep answered the signal with it. One pick per signal.
 */
export const assetPicks = pgTable(
  "asset_picks",
  {
    id: id(),
    signalId: integer()
      .notNull()
      .references(() => signals.id, { onDelete: "cascade" }),
    assetId: integer().references(() => contentAssets.id, { onDelete: "set null" }),
    assetTitle: text().notNull(),
    assetUrl: text().notNull(),
    score: integer().notNull(),
    reasons: text().array().notNull().default(sql`'{}'::text[]`),
    pickedAt: at().notNull(),
    /** When the rep answered the signal with the picked asset; null when they answered without it, or not yet. */
    sentAt: at(),
    sentBy: integer().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex("asset_picks_signal_idx").on(t.signalId), index("asset_picks_asset_idx").on(t.assetId)],
);

/**
 * The Campaign Orchestrator's enrolments: an account in its tier's play from a day, until every step
 * is tasked, it leaves the tier, or the orchestrator is switched off. One running enrolment per
 * account (active or paused), so two plays never run on the same account at once.
 */
export const campaignEnrolments = pgTable(
  "campaign_enrolments",
  {
    id: id(),
    accountId: integer()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    tier: abmTier().notNull(),
    enrolledOn: date({ mode: "string" }).notNull(),
    state: text({ enum: ["active", "paused", "completed", "stopped"] }).notNull().default("active"),
    /** While paused: the day it resumes. */
    pausedUntil: date({ mode: "string" }),
    /** Why it is paused, completed or stopped. */
    stateReason: text(),
    endedOn: date({ mode: "string" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("campaign_enrolments_running_idx").on(t.accountId).where(sql`${t.state} in ('active', 'paused')`),
    index("campaign_enrolments_state_idx").on(t.state, t.accountId),
  ],
);

/**
 * The orchestrator's tasks: one per step of an enrolment, for its owner (none: the webhook sends it
 * to the ads and e-mail tools), due on a day, with the reason it is due. Done by its owner, or
 * cancelled (kept) when the orchestrator is switched off or the account leaves the play.
 */
export const campaignTasks = pgTable(
  "campaign_tasks",
  {
    id: id(),
    enrolmentId: integer()
      .notNull()
      .references(() => campaignEnrolments.id, { onDelete: "cascade" }),
    step: integer().notNull(),
    accountId: integer()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    contactId: integer().references(() => contacts.id, { onDelete: "set null" }),
    ownerId: integer().references(() => users.id, { onDelete: "set null" }),
    channel: text().notNull(),
    audience: text().notNull(),
    action: text().notNull(),
    dueOn: date({ mode: "string" }).notNull(),
    reason: text().notNull(),
    state: text({ enum: ["open", "done", "cancelled"] }).notNull().default("open"),
    createdAt: createdAt(),
    closedAt: at(),
    closedBy: integer().references(() => users.id, { onDelete: "set null" }),
    closedReason: text(),
  },
  (t) => [
    uniqueIndex("campaign_tasks_step_idx").on(t.enrolmentId, t.step),
    index("campaign_tasks_owner_idx").on(t.ownerId, t.state, t.dueOn),
    index("campaign_tasks_contact_idx").on(t.contactId, t.dueOn),
  ],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    userId: integer().references(() => users.id, { onDelete: "set null" }),
    at: createdAt(),
    entity: text().notNull(),
    entityId: text().notNull(),
    field: text().notNull(),
    oldValue: text(),
    newValue: text(),
  },
  (t) => [
    index("audit_log_entity_idx").on(t.entity, t.entityId, t.at),
    index("audit_log_at_idx").on(t.at),
  ],
);

/**
 * An uploaded file, kept in the database so whichever instance runs the import reads it: its bytes
 * in chunks of about a megabyte, written as the upload streams in.
 */
export const importUploads = pgTable("import_uploads", {
  id: id(),
  bytes: bigint({ mode: "number" }).notNull().default(0),
  createdAt: createdAt(),
});

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

export const importUploadChunks = pgTable(
  "import_upload_chunks",
  {
    uploadId: integer()
      .notNull()
      .references(() => importUploads.id, { onDelete: "cascade" }),
    /** 0, 1, 2, … in file order. */
    seq: integer().notNull(),
    data: bytea().notNull(),
  },
  (t) => [primaryKey({ columns: [t.uploadId, t.seq] })],
);

export const importJobs = pgTable(
  "import_jobs",
  {
    id: id(),
    entity: importEntity().notNull(),
    /** The recognised format: salesforce_opportunities, hubspot_deals, generic, … */
    format: text().notNull(),
    fileName: text().notNull(),
    fileBytes: bigint({ mode: "number" }),
    /** The uploaded file, kept in the database (import_upload_chunks) while the import can still run. */
    uploadId: integer().references(() => importUploads.id, { onDelete: "set null" }),
    status: importStatus().notNull().default("uploaded"),
    /** What the file holds: header, delimiter, sample values, stage and owner names, date formats. */
    analysis: jsonb().notNull().default({}),
    /** Source column name → field key. */
    mapping: jsonb().notNull().default({}),
    /** Stage map, owner map, date format, and whether only the valid rows are imported. */
    options: jsonb().notNull().default({}),
    /** True while a dry run or commit runs; at most one import runs at a time. */
    running: boolean().notNull().default(false),
    /** The queued job (lib/jobs) that runs the current dry run or commit; each attempt takes it over. */
    queueJobId: uuid(),
    /** The server process running it (host, pid and a random id), while it runs. */
    worker: text(),
    /** Refreshed by the worker while it runs: a running job without a recent one lost its worker. */
    heartbeatAt: at(),
    totalRows: integer().notNull().default(0),
    processedRows: integer().notNull().default(0),
    createdRows: integer().notNull().default(0),
    updatedRows: integer().notNull().default(0),
    unchangedRows: integer().notNull().default(0),
    failedRows: integer().notNull().default(0),
    /** The first row errors: { row, column, value, problem }. */
    errors: jsonb().notNull().default([]),
    /** Accounts and contacts: what the last run matched the rows on (counts per key, the first rows matched by domain, name or e-mail). */
    matches: jsonb(),
    /** Why a run stopped, when it was not a row's fault. */
    message: text(),
    /** A leads import: how many leads had each stage's date inferred from a later stage (`{ "mql": 3 }`). */
    inferredLeadStages: jsonb().notNull().default({}),
    createdBy: integer().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    startedAt: at(),
    finishedAt: at(),
    committedAt: at(),
    rolledBackAt: at(),
    rolledBackBy: integer().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("import_jobs_created_idx").on(t.createdAt),
    // an import started while another runs is refused by the database, not only by the app
    uniqueIndex("import_jobs_one_running_key").on(t.running).where(sql`${t.running}`),
  ],
);

/**
 * The rows an import updated, each with its state before the import's first change to it, so a
 * rollback restores it exactly (and refuses rows a later import changed again).
 */
export const importChanges = pgTable(
  "import_changes",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    jobId: integer()
      .notNull()
      .references(() => importJobs.id, { onDelete: "cascade" }),
    tableName: text().notNull(),
    rowId: integer().notNull(),
    /** The whole row as it was before the import. */
    before: jsonb().notNull(),
  },
  (t) => [
    // the first change of a row in an import keeps the before-image
    uniqueIndex("import_changes_row_key").on(t.jobId, t.tableName, t.rowId),
    // a rollback refuses rows a later import changed again
    index("import_changes_table_row_idx").on(t.tableName, t.rowId),
  ],
);

/**
 * The rows an import inserted, a batch's ids in one array (a row per inserted row would cost as
 * much as the insert itself); a rollback deletes them.
 */
export const importInserts = pgTable(
  "import_inserts",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    jobId: integer()
      .notNull()
      .references(() => importJobs.id, { onDelete: "cascade" }),
    tableName: text().notNull(),
    rowIds: integer().array().notNull(),
  },
  (t) => [index("import_inserts_job_idx").on(t.jobId, t.tableName)],
);

/** A column mapping saved by name, to import next week's export the same way. */
export const importMappings = pgTable(
  "import_mappings",
  {
    id: id(),
    name: text().notNull(),
    entity: importEntity().notNull(),
    /** Source column name → field key, plus the stage map and date format. */
    mapping: jsonb().notNull(),
    createdBy: integer().references(() => users.id, { onDelete: "set null" }),
    updatedAt: createdAt(),
  },
  (t) => [uniqueIndex("import_mappings_name_key").on(sql`lower(${t.name})`)],
);

// ── Refresh cadence ─────────────────────────────────────────────────────────────────────────────
/**
 * The playbook's refresh cadence as the admin set it: each scheduled job on or off and the time of
 * day (HH:MM, in the organisation's time zone) it runs at. A job with no row runs at its default.
 */
export const jobSchedules = pgTable(
  "job_schedules",
  {
    key: text().primaryKey(),
    enabled: boolean().notNull(),
    time: text().notNull(),
    version: version(),
    updatedBy: integer().references(() => users.id, { onDelete: "set null" }),
    updatedAt: createdAt(),
  },
  () => [check("job_schedules_time_format", sql`time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`)],
);

/** The reviews the scheduled jobs write: one Markdown report per run, kept for download. */
export const reportArchive = pgTable(
  "report_archive",
  {
    id: id(),
    /** Which review (a cadence key: weekly_velocity, monthly_levers, …). */
    kind: text().notNull(),
    /** The period the report covers, first and last day inclusive, in the organisation's time zone. */
    periodFrom: date({ mode: "string" }).notNull(),
    periodTo: date({ mode: "string" }).notNull(),
    title: text().notNull(),
    fileName: text().notNull(),
    body: text().notNull(),
    /** The queue job that wrote it (null when written outside the queue, e.g. by the CLI). */
    jobId: text(),
    createdAt: createdAt(),
  },
  (t) => [index("report_archive_kind_time_idx").on(t.kind, t.createdAt), index("report_archive_time_idx").on(t.createdAt)],
);

// ── Notifications ───────────────────────────────────────────────────────────────────────────────
/**
 * One thing that happened and who should hear of it: a handoff, an SLA about to breach, an import
 * that finished… Its subject (e.g. "signal:42", "account:7") is what makes two events the same
 * episode: a repeat is not raised again (ever, or within a burst's minutes).
 */
export const notificationEventLog = pgTable(
  "notification_events",
  {
    id: id(),
    event: notificationEvent().notNull(),
    subject: text(),
    title: text().notNull(),
    body: text().notNull(),
    /** The app page it is about (a path such as /signals?account=12). */
    link: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index("notification_events_subject_idx").on(t.event, t.subject, t.createdAt),
    index("notification_events_time_idx").on(t.createdAt),
  ],
);

/** The event in one user's inbox (when they get it in the app), read or not. */
export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    eventId: integer()
      .notNull()
      .references(() => notificationEventLog.id, { onDelete: "cascade" }),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    readAt: at(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("notifications_user_event_key").on(t.userId, t.eventId),
    index("notifications_user_time_idx").on(t.userId, t.id),
    index("notifications_unread_idx").on(t.userId).where(sql`${t.readAt} is null`),
  ],
);

/** A user's choice of channels for one event; an event without a row has its defaults. */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    event: notificationEvent().notNull(),
    inApp: boolean().notNull(),
    email: boolean().notNull(),
    updatedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.event] })],
);

/** An outgoing webhook: the events it receives, posted as JSON signed with its secret (HMAC-SHA256). */
export const webhooks = pgTable("webhooks", {
  id: id(),
  name: text().notNull(),
  url: text().notNull(),
  secret: text().notNull(),
  events: notificationEvent().array().notNull(),
  active: boolean().notNull().default(true),
  version: version(),
  createdBy: integer().references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
});

/**
 * One event to send by e-mail to one user or to one webhook, tried until it is sent or has failed
 * MAX_DELIVERY_ATTEMPTS times; a worker holds it ("sending") until `leaseUntil` while it tries.
 */
export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    id: id(),
    eventId: integer()
      .notNull()
      .references(() => notificationEventLog.id, { onDelete: "cascade" }),
    channel: deliveryChannel().notNull(),
    userId: integer().references(() => users.id, { onDelete: "cascade" }),
    webhookId: integer().references(() => webhooks.id, { onDelete: "cascade" }),
    /** The address or URL it goes to, as it was when the event happened. */
    target: text().notNull(),
    state: deliveryState().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: at().notNull().defaultNow(),
    leaseUntil: at(),
    lastError: text(),
    sentAt: at(),
    createdAt: createdAt(),
  },
  (t) => [
    index("notification_deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.state} in ('pending', 'sending')`),
    index("notification_deliveries_webhook_idx").on(t.webhookId, t.id),
    check("notification_deliveries_recipient", sql`(${t.channel} = 'email' and ${t.userId} is not null) or (${t.channel} = 'webhook' and ${t.webhookId} is not null)`),
  ],
);

/** Every try of a delivery: when, how long, and what came back. */
export const notificationDeliveryAttempts = pgTable(
  "notification_delivery_attempts",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    deliveryId: integer()
      .notNull()
      .references(() => notificationDeliveries.id, { onDelete: "cascade" }),
    attemptedAt: at().notNull(),
    durationMs: integer().notNull(),
    ok: boolean().notNull(),
    /** The HTTP status a webhook answered, if it answered. */
    status: integer(),
    error: text(),
  },
  (t) => [index("notification_delivery_attempts_delivery_idx").on(t.deliveryId)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Account = typeof accounts.$inferSelect;
export type NewAccount = typeof accounts.$inferInsert;
export type Contact = typeof contacts.$inferSelect;
export type NewContact = typeof contacts.$inferInsert;
export type PipelineStage = typeof pipelineStages.$inferSelect;
export type NewPipelineStage = typeof pipelineStages.$inferInsert;
export type Opportunity = typeof opportunities.$inferSelect;
export type NewOpportunity = typeof opportunities.$inferInsert;
export type OpportunityStageHistory = typeof opportunityStageHistory.$inferSelect;
export type NewOpportunityStageHistory = typeof opportunityStageHistory.$inferInsert;
export type OpportunityChange = typeof opportunityChanges.$inferSelect;
export type NewOpportunityChange = typeof opportunityChanges.$inferInsert;
export type OpportunityContact = typeof opportunityContacts.$inferSelect;
export type NewOpportunityContact = typeof opportunityContacts.$inferInsert;
export type WebTraffic = typeof webTraffic.$inferSelect;
export type NewWebTraffic = typeof webTraffic.$inferInsert;
export type Lead = typeof leads.$inferSelect;
export type NewLead = typeof leads.$inferInsert;
export type Touchpoint = typeof touchpoints.$inferSelect;
export type NewTouchpoint = typeof touchpoints.$inferInsert;
export type SelfReportedAnswer = typeof selfReportedAnswers.$inferSelect;
export type NewSelfReportedAnswer = typeof selfReportedAnswers.$inferInsert;
export type SignalType = typeof signalTypes.$inferSelect;
export type NewSignalType = typeof signalTypes.$inferInsert;
export type Signal = typeof signals.$inferSelect;
export type NewSignal = typeof signals.$inferInsert;
export type Score = typeof scores.$inferSelect;
export type NewScore = typeof scores.$inferInsert;
export type Meeting = typeof meetings.$inferSelect;
export type NewMeeting = typeof meetings.$inferInsert;
export type FunnelDefinition = typeof funnelDefinitions.$inferSelect;
export type FunnelDefinitionVersion = typeof funnelDefinitionVersions.$inferSelect;
export type NewFunnelDefinitionVersion = typeof funnelDefinitionVersions.$inferInsert;
export type FunnelDefinitionSignoff = typeof funnelDefinitionSignoffs.$inferSelect;
export type Quota = typeof quotas.$inferSelect;
export type NewQuota = typeof quotas.$inferInsert;
export type Target = typeof targets.$inferSelect;
export type NewTarget = typeof targets.$inferInsert;
export type Setting = typeof settings.$inferSelect;
export type CaseStudy = typeof caseStudies.$inferSelect;
export type NewCaseStudy = typeof caseStudies.$inferInsert;
export type ProofSend = typeof proofSends.$inferSelect;
export type AutomationAction = typeof automationActions.$inferSelect;
export type RoleProposalRow = typeof roleProposals.$inferSelect;
export type NewRoleProposal = typeof roleProposals.$inferInsert;
export type NewAutomationAction = typeof automationActions.$inferInsert;
export type ContentAsset = typeof contentAssets.$inferSelect;
export type NewCampaignEnrolment = typeof campaignEnrolments.$inferInsert;
export type NewCampaignTask = typeof campaignTasks.$inferInsert;
export type AuditEntry = typeof auditLog.$inferSelect;
export type NewAuditEntry = typeof auditLog.$inferInsert;
export type ImportJob = typeof importJobs.$inferSelect;
export type ImportUpload = typeof importUploads.$inferSelect;
export type ImportMapping = typeof importMappings.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type JobSchedule = typeof jobSchedules.$inferSelect;
export type ArchivedReport = typeof reportArchive.$inferSelect;
export type Webhook = typeof webhooks.$inferSelect;
export type NotificationDelivery = typeof notificationDeliveries.$inferSelect;
