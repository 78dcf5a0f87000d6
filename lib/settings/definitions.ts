/**
 * Settings a RevOps admin can change, each validated with zod and with the default METRICS.md gives.
 * Stored as JSON in the settings table under its key; a missing row means the default.
 */
import { z } from "zod";
import { isTimeZone } from "@/lib/metrics/period";
import { defaultPrioritisation } from "@/lib/metrics/prioritisation";
import { defaultTierRules } from "@/lib/metrics/abm";
import { defaultAnswerRules } from "@/lib/attribution/answer-rules";
import { defaultIndustryRules } from "@/lib/abm/industries";
import { defaultIcpModel, type IcpModel } from "@/lib/metrics/icp-fit";
import { defaultReasonTaxonomies, duplicateLabel, type ReasonTaxonomies } from "@/lib/win-loss/reasons";
import { defaultStallSettings, type StallSettings } from "@/lib/win-loss/stalls";
import { channels } from "@/lib/domain/channels";
import { buyingGroupRoles, defaultRoleContent, type BuyingGroupRole } from "@/lib/domain/buying-group";
import { DEFAULT_ENGAGEMENT_SCALE, DEFAULT_INTENT_SCALE, defaultWeights, weightsProblem } from "@/lib/metrics/scoring";
import { defaultDerivation } from "@/lib/signals/derived";
import { isIsoDay } from "@/lib/metrics/period";
import { switchedAutomations, type SwitchedAutomation } from "@/lib/domain/automations";
import { defaultCampaignPlays, isStepOwner, MAX_ACTION_LENGTH, MAX_PAUSE_DAYS, MAX_STEP_DAY, MAX_STEPS, MAX_TOUCH_CAP, playChannels, stepAudiences, type StepOwner } from "@/lib/domain/campaign-plays";

const ratio = (what: string) =>
  z.number({ error: `${what} must be a number` }).gt(0, `${what} must be above 0 %`).lt(1, `${what} must be below 100 %`);
const positive = (what: string) => z.number({ error: `${what} must be a number` }).positive(`${what} must be above 0`);

export const organisationSettings = z.object({
  timeZone: z.string().refine(isTimeZone, "Unknown time zone; use an IANA name such as Europe/Berlin or America/New_York."),
  currency: z.string().regex(/^[A-Z]{3}$/, "Use a three-letter currency code such as USD or EUR."),
});
export type OrganisationSettings = z.infer<typeof organisationSettings>;

export const velocitySettings = z.object({
  /** The improvement x of the lever analysis. */
  improvement: ratio("The improvement"),
  /** Upper bounds of the deal-size tiers but the last, ascending: [10000, 50000] → < 10k, 10–50k, ≥ 50k. */
  dealSizeTierBounds: z
    .array(positive("A tier bound"))
    .min(1, "Give at least one tier bound")
    .max(6, "Use at most seven tiers")
    .refine((b) => b.every((x, i) => i === 0 || x > b[i - 1]!), "Tier bounds must increase"),
  thresholds: z.object({
    winRateBelow: ratio("The win-rate threshold"),
    cycleDaysAbove: positive("The cycle threshold"),
    opportunitiesPerMonthBelow: positive("The opportunities threshold"),
  }),
  benchmarks: z.object({
    winRate: ratio("The win-rate benchmark"),
    opportunitiesPerMonth: positive("The opportunities benchmark"),
    cycleDays: positive("The cycle benchmark"),
    /** Money; null: the gap is measured to the comparison period's average deal size. */
    averageDealSize: positive("The deal-size benchmark").nullable().default(null),
  }),
});
export type VelocitySettings = z.infer<typeof velocitySettings>;

const score = (what: string) =>
  z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).min(0, `${what} must be 0 or more`).max(100, `${what} must be 100 or less`);
const text = (what: string, max: number) => z.string().trim().min(1, `Enter ${what}`).max(max, `${what} has at most ${max} characters`);

const roleContent = z.object({
  painPoint: text("the pain point", 200),
  asset: text("the content asset", 200),
  stage: z.enum(["Consideration", "Evaluation", "Decision"], { error: "The stage is Consideration, Evaluation or Decision" }),
});

export const abmSettings = z.object({
  /** Thresholds of the tier suggestion (ICP fit and intent, 0–100). */
  tierRules: z
    .object({
      tier1MinFit: score("Tier 1's minimum fit"),
      tier2MinFit: score("Tier 2's minimum fit"),
      tier3MinFit: score("Tier 3's minimum fit"),
      activeIntent: score("Active intent"),
      someIntent: score("Some intent"),
    })
    .refine((r) => r.tier1MinFit >= r.tier2MinFit && r.tier2MinFit >= r.tier3MinFit, { message: "Minimum fit must not rise from Tier 1 to Tier 3", path: ["tier2MinFit"] })
    .refine((r) => r.activeIntent >= r.someIntent, { message: "Active intent must be at least some intent", path: ["activeIntent"] }),
  /** A role with no touch in this many days has gone dark. */
  darkAfterDays: z.number({ error: "Days must be a number" }).int("Days must be a whole number").min(1, "Days must be at least 1").max(365, "Days must be at most 365"),
  /** What to send each role (the playbook's content mapping), edited by marketing. */
  roleContent: z.object(Object.fromEntries(buyingGroupRoles.map((r) => [r, roleContent])) as Record<BuyingGroupRole, typeof roleContent>),
});
export type AbmSettings = z.infer<typeof abmSettings>;

export const answerRulesSettings = z.object({
  rules: z
    .array(
      z.object({
        channel: z.enum(channels, { error: (issue) => `"${String(issue.input)}" is not a channel` }),
        phrases: z.array(z.string().trim().min(1, "A phrase cannot be empty").max(80, "A phrase has at most 80 characters")).min(1, "Give the rule at least one phrase").max(50, "A rule has at most 50 phrases"),
      }),
    )
    .max(40, "Use at most 40 rules"),
});
export type AnswerRulesSettings = z.infer<typeof answerRulesSettings>;

/** A criterion's weight in points: a whole number 0–100 (0 turns the criterion off). */
const points = (what: string) =>
  z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).min(0, `${what} must be 0 or more`).max(100, `${what} must be 100 or less`);
/** A band's end: a whole number 0 or more, or null for an open end. */
const bandEnd = (what: string, max: number) =>
  z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).min(0, `${what} must be 0 or more`).max(max, `${what} is at most ${max.toLocaleString("en-US")}`).nullable();
const names = (what: string, plural: string, most: number) =>
  z
    .array(z.string().trim().min(1, `${what} cannot be empty`).max(80, `${what} has at most 80 characters`))
    .max(most, `List at most ${most} ${plural}`)
    .refine((list) => new Set(list.map((n) => n.toLowerCase())).size === list.length, `A ${what.toLowerCase()} is listed twice`);
const band = (what: string, max: number) =>
  z
    .object({ weight: points(`The ${what} weight`), min: bandEnd(`The lowest ${what}`, max), max: bandEnd(`The highest ${what}`, max) })
    .refine((b) => b.min === null || b.max === null || b.min <= b.max, { message: `The lowest ${what} must not be above the highest`, path: ["max"] });

/** The ideal customer profile the fit of every account is computed by (METRICS.md §5, "ICP fit"). */
export const icpModelSettings = z
  .object({
    industries: z.object({ weight: points("The industry weight"), targets: names("Target industry", "industries", 50) }),
    employees: band("employee count", 10_000_000),
    annualRevenue: band("annual revenue", 1_000_000_000_000),
    countries: z.object({ weight: points("The country weight"), targets: names("Target country", "countries", 100) }),
    technologies: z.object({
      weight: points("The technologies weight"),
      required: names("Technology", "technologies", 50),
      match: z.enum(["any", "all"], { error: "Technologies match any or all" }),
    }),
    disqualifyingTechnologies: z.object({ penalty: points("The penalty"), technologies: names("Disqualifying technology", "technologies", 50) }),
  })
  .refine((m) => [m.industries, m.employees, m.annualRevenue, m.countries, m.technologies].some((c) => c.weight > 0), {
    message: "Give at least one criterion a weight above 0",
    path: ["industries", "weight"],
  }) satisfies z.ZodType<IcpModel>;
export type IcpModelSettings = z.infer<typeof icpModelSettings>;

/** The rules that turn industries as exported into the organisation's industries. */
export const industryRulesSettings = z.object({
  rules: z
    .array(
      z.object({
        industry: z.string().trim().min(1, "Name the industry").max(80, "An industry has at most 80 characters"),
        phrases: z.array(z.string().trim().min(1, "A phrase cannot be empty").max(80, "A phrase has at most 80 characters")).max(50, "A rule has at most 50 phrases"),
      }),
    )
    .max(80, "Use at most 80 rules"),
});
export type IndustryRulesSettings = z.infer<typeof industryRulesSettings>;

const reasonTaxonomy = (what: string) =>
  z
    .array(
      z.object({
        label: z.string().trim().min(1, `Give each ${what} a label`).max(80, `A ${what} label has at most 80 characters`),
        phrases: z.array(z.string().trim().min(1, "A phrase cannot be empty").max(80, "A phrase has at most 80 characters")).max(50, `A ${what} has at most 50 phrases`),
      }),
    )
    .max(100, `Use at most 100 ${what}s`)
    .superRefine((entries, ctx) => {
      const twice = duplicateLabel(entries);
      if (twice) ctx.addIssue({ code: "custom", message: `"${twice}" is a ${what} twice; give each its own label` });
    });

/** The taxonomies win and loss reasons and competitors map to (lib/win-loss/reasons.ts). */
export const reasonTaxonomiesSettings = z.object({
  loss: reasonTaxonomy("loss reason"),
  win: reasonTaxonomy("win reason"),
  competitor: reasonTaxonomy("competitor"),
});
export type ReasonTaxonomiesSettings = z.infer<typeof reasonTaxonomiesSettings>;

const weight = (what: string) => z.number({ error: `The ${what} weight must be a number` }).min(0, `The ${what} weight must be 0 or more`).max(1, `The ${what} weight must be 1 or less`);
const wholeNumber = (what: string, min: number, max: number) =>
  z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).min(min, `${what} must be at least ${min}`).max(max, `${what} must be at most ${max}`);

/** The readiness score's weights and curves, and the threshold the calibration backtest judges. */
export const scoringSettings = z.object({
  weights: z
    .object({ fit: weight("fit"), intent: weight("intent"), engagement: weight("engagement") })
    .superRefine((w, ctx) => {
      const problem = weightsProblem(w);
      if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["intent"] });
    }),
  /** Decayed signal points at which intent reaches 63. */
  intentScale: wholeNumber("The intent scale", 1, 1000),
  /** Interactions in 90 days at which engagement reaches 63. */
  engagementScale: wholeNumber("The engagement scale", 1, 1000),
  /** The readiness score above which a deal "scored high" in the backtest. */
  calibrationThreshold: wholeNumber("The threshold", 1, 100),
});
export type ScoringSettings = z.infer<typeof scoringSettings>;

/** How the stream is read and the router measured. */
export const signalSettings = z.object({
  /** Days after a high-intent signal within which a meeting counts (signal→meeting rate). */
  meetingWindowDays: wholeNumber("The meeting window", 1, 90),
  stakeholders: wholeNumber("Stakeholders", 2, 20),
  stakeholderWindowDays: wholeNumber("The stakeholder window", 1, 30),
  dormancyDays: wholeNumber("Dormancy", 7, 365),
  /** The day the lead router was switched on (baseline before, after from then); null: not recorded. */
  routingSince: z.string().refine(isIsoDay, "Give the day as YYYY-MM-DD").nullable(),
});
export type SignalSettings = z.infer<typeof signalSettings>;

/** How long each lead stage should take, read by the bottleneck and the stuck-leads rule, and when a breach is archived. */
export const funnelSettings = z.object({
  /** Days a lead is expected to spend in each stage before moving on. */
  expectedDays: z.object({
    lead: wholeNumber("Expected days in Lead", 1, 365),
    mql: wholeNumber("Expected days in MQL", 1, 365),
    sql: wholeNumber("Expected days in SQL", 1, 365),
    opportunity: wholeNumber("Expected days in Opportunity", 1, 730),
  }),
  /** A breach overdue by more than this many days is archived: kept, but no longer open. */
  breachArchiveDays: wholeNumber("The archive cut-off", 7, 3650),
});
export type FunnelSettings = z.infer<typeof funnelSettings>;

export const defaultFunnelSettings: FunnelSettings = { expectedDays: { lead: 30, mql: 14, sql: 14, opportunity: 90 }, breachArchiveDays: 90 };

const days = (what: string) => z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).min(1, `${what} must be at least 1`).max(365, `${what} must be at most 365`);
const stageId = (what: string) => z.number({ error: `${what} must be a stage` }).int().positive(`${what} must be a stage`);

/** The stall patterns' thresholds (lib/win-loss/stalls.ts). */
export const stallSettings = z.object({
  championDarkDays: days("Days before a champion counts as gone dark"),
  procurementStageIds: z.array(stageId("A legal or procurement stage")).max(20),
  procurementDays: days("Days in legal or procurement"),
  thinkAboutItStageId: stageId("The stage a proposal is out from"),
  quietDays: days("Days without activity after the proposal"),
  pushesBeforeStall: z.number({ error: "Pushes must be a number" }).int("Pushes must be a whole number").min(1, "Pushes must be at least 1").max(20, "Pushes must be at most 20"),
  buyInStageId: stageId("The stage an Economic Buyer is needed by"),
  budgetStageIds: z.array(stageId("A budget-approval stage")).max(20),
  budgetPhrases: z.array(z.string().trim().min(1, "A phrase cannot be blank").max(100, "A phrase has at most 100 characters")).max(50),
}) satisfies z.ZodType<StallSettings>;

const isoDay = (what: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${what} must be a day (YYYY-MM-DD)`);

/** One automation's switch: on or off, the day it was switched on, and the day it was switched off (if it was). */
const automationSwitch = z.object({
  enabled: z.boolean(),
  since: isoDay("The switch-on day").nullable(),
  offSince: isoDay("The switch-off day").nullable(),
});
export type AutomationSwitch = z.infer<typeof automationSwitch>;

/** The switches of the automations besides the lead router (lib/domain/automations.ts). */
export const automationSettings = z.object(Object.fromEntries(switchedAutomations.map((k) => [k, automationSwitch])) as Record<SwitchedAutomation, typeof automationSwitch>);
export type AutomationSettings = z.infer<typeof automationSettings>;
const switchedOff: AutomationSwitch = { enabled: false, since: null, offSince: null };
export const defaultAutomationSettings = Object.fromEntries(switchedAutomations.map((k) => [k, switchedOff])) as AutomationSettings;

/** A competitor's battlecard (lib/automations/competitive-alerts.ts checks the link's format). */
export const battlecardSettings = z.object({
  cards: z
    .array(
      z.object({
        competitor: z.string().trim().min(1, "A battlecard needs its competitor").max(100, "A competitor has at most 100 characters"),
        url: z.string().max(500, "A link has at most 500 characters").nullable(),
        notes: z.string().max(2000, "Notes have at most 2,000 characters"),
      }),
    )
    .max(100, "Use at most 100 battlecards"),
});
export type BattlecardSettings = z.infer<typeof battlecardSettings>;

/** The Campaign Orchestrator's plays (lib/domain/campaign-plays.ts checks them with messages naming the step). */
const playStep = z.object({
  day: z.number().int().min(0).max(MAX_STEP_DAY),
  channel: z.enum(playChannels),
  audience: z.enum(stepAudiences),
  owner: z.custom<StepOwner>((v) => typeof v === "string" && isStepOwner(v), "A step needs its owner"),
  action: z.string().trim().min(1).max(MAX_ACTION_LENGTH),
});
const tierPlay = z.object({ enrolled: z.boolean(), steps: z.array(playStep).max(MAX_STEPS) });
export const campaignPlaysSettings = z.object({
  tiers: z.object({ tier_1: tierPlay, tier_2: tierPlay, tier_3: tierPlay }),
  touchCap: z.number().int().min(1, "The touch cap is at least 1").max(MAX_TOUCH_CAP),
  pauseDays: z.number().int().min(0).max(MAX_PAUSE_DAYS),
});

export const settingDefinitions = {
  organisation: { schema: organisationSettings, defaults: { timeZone: "UTC", currency: "USD" } satisfies OrganisationSettings },
  velocity: {
    schema: velocitySettings,
    defaults: { improvement: 0.15, dealSizeTierBounds: [10_000, 50_000], ...defaultPrioritisation } satisfies VelocitySettings,
  },
  answerRules: { schema: answerRulesSettings, defaults: { rules: defaultAnswerRules } satisfies AnswerRulesSettings },
  icpModel: { schema: icpModelSettings, defaults: defaultIcpModel satisfies IcpModelSettings },
  industryRules: { schema: industryRulesSettings, defaults: { rules: defaultIndustryRules } satisfies IndustryRulesSettings },
  reasonTaxonomies: { schema: reasonTaxonomiesSettings, defaults: defaultReasonTaxonomies satisfies ReasonTaxonomies },
  abm: { schema: abmSettings, defaults: { tierRules: defaultTierRules, darkAfterDays: 30, roleContent: defaultRoleContent } satisfies AbmSettings },
  scoring: {
    schema: scoringSettings,
    defaults: { weights: defaultWeights, intentScale: DEFAULT_INTENT_SCALE, engagementScale: DEFAULT_ENGAGEMENT_SCALE, calibrationThreshold: 60 } satisfies ScoringSettings,
  },
  signals: { schema: signalSettings, defaults: { meetingWindowDays: 14, ...defaultDerivation, routingSince: null } satisfies SignalSettings },
  funnel: { schema: funnelSettings, defaults: defaultFunnelSettings },
  stalls: { schema: stallSettings, defaults: defaultStallSettings },
  automations: { schema: automationSettings, defaults: defaultAutomationSettings },
  battlecards: { schema: battlecardSettings, defaults: { cards: [] } satisfies BattlecardSettings },
  campaignPlays: { schema: campaignPlaysSettings, defaults: defaultCampaignPlays },
} as const;

export type SettingKey = keyof typeof settingDefinitions;
export type SettingValue<K extends SettingKey> = z.infer<(typeof settingDefinitions)[K]["schema"]>;

/** Company targets kept with the day they took effect (the targets table). */
export const targetMetrics = {
  velocity_per_day: { label: "Velocity target", unit: "money per day" },
  pipeline_created_per_month: { label: "Pipeline created target", unit: "money per month" },
} as const;
export type TargetMetric = keyof typeof targetMetrics;
