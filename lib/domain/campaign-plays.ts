/**
 * The Campaign Orchestrator's plays (the playbook's "Engagement orchestration"): for each ABM tier, a
 * sequence of steps, each on a day after the account is enrolled, through a channel, to a role of the
 * buying group (or the whole group), done by the account's owner, a named user, or the ads and e-mail
 * tools through a webhook. Marketing edits them; the defaults are the playbook's Tier 1 example and
 * lighter plays for Tiers 2 and 3.
 */
import { abmTiers, type AbmTier } from "./abm-tiers";
import { buyingGroupRoleInfo, buyingGroupRoles, type BuyingGroupRole } from "./buying-group";

export const playChannels = ["brief", "email", "ads", "asset", "demo", "reference", "executive", "webinar", "event", "call"] as const;
export type PlayChannel = (typeof playChannels)[number];

/** Each channel's name, and whether it touches a person (and so counts against the weekly cap). */
export const channelInfo: Record<PlayChannel, { label: string; touchesPerson: boolean }> = {
  brief: { label: "Account brief", touchesPerson: false },
  email: { label: "E-mail", touchesPerson: true },
  ads: { label: "Ads", touchesPerson: false },
  asset: { label: "Content asset", touchesPerson: true },
  demo: { label: "Demo offer", touchesPerson: true },
  reference: { label: "Peer reference", touchesPerson: true },
  executive: { label: "Executive outreach", touchesPerson: true },
  webinar: { label: "Webinar invitation", touchesPerson: true },
  event: { label: "Event invitation", touchesPerson: true },
  call: { label: "Call", touchesPerson: true },
};

/** Whom a step reaches: one buying-group role, or the whole group. */
export const stepAudiences = [...buyingGroupRoles, "buying_group"] as const;
export type StepAudience = BuyingGroupRole | "buying_group";
export const audienceLabel = (a: StepAudience) => (a === "buying_group" ? "Buying group" : buyingGroupRoleInfo[a].label);

/** Who does a step: the account's owner, one user (by id), or the ads/e-mail tools through the webhooks. */
export type StepOwner = "account_owner" | "webhook" | `user:${number}`;
export const isStepOwner = (v: string): v is StepOwner => v === "account_owner" || v === "webhook" || /^user:[1-9]\d{0,8}$/.test(v);
export const ownerUserId = (o: StepOwner): number | null => (o.startsWith("user:") ? Number(o.slice(5)) : null);

export interface PlayStep {
  /** Days after the enrolment day (the first step) or the playbook's spacing from the step before. */
  day: number;
  channel: PlayChannel;
  audience: StepAudience;
  owner: StepOwner;
  /** What to do, in a sentence. */
  action: string;
}

export interface TierPlay {
  /** Accounts of this tier are enrolled while the orchestrator is on. */
  enrolled: boolean;
  steps: PlayStep[];
}

export interface CampaignPlays {
  tiers: Record<AbmTier, TierPlay>;
  /** Touches per contact per week, at most: a step that would pass it waits. */
  touchCap: number;
  /** Days a booked meeting pauses the play, so the rep leads the conversation. */
  pauseDays: number;
}

export const MAX_STEPS = 20;
export const MAX_STEP_DAY = 365;
export const MAX_TOUCH_CAP = 14;
export const MAX_PAUSE_DAYS = 90;
export const MAX_ACTION_LENGTH = 300;

const step = (day: number, channel: PlayChannel, audience: StepAudience, owner: StepOwner, action: string): PlayStep => ({ day, channel, audience, owner, action });

export const defaultCampaignPlays: CampaignPlays = {
  tiers: {
    tier_1: {
      enrolled: false,
      steps: [
        step(0, "brief", "buying_group", "account_owner", "Read the account brief: its intent signals, its buying group and the roles missing."),
        step(7, "email", "champion", "account_owner", "Send the champion a personalised insight e-mail on a problem their signals point to."),
        step(14, "ads", "buying_group", "webhook", "Run the targeted ad campaign across the buying group."),
        step(21, "asset", "economic_buyer", "account_owner", "Send the economic buyer a high-value asset: the ROI case for their segment."),
        step(28, "demo", "technical_evaluator", "account_owner", "Offer the technical evaluator a custom demo on their own use case."),
        step(35, "reference", "champion", "account_owner", "Match a peer reference: a case study from the same industry."),
        step(49, "executive", "economic_buyer", "account_owner", "Executive-to-executive outreach to the economic buyer."),
      ],
    },
    tier_2: {
      enrolled: false,
      steps: [
        step(0, "email", "champion", "webhook", "Start the personalised e-mail sequence for the segment."),
        step(7, "ads", "buying_group", "webhook", "Retarget the buying group."),
        step(14, "webinar", "champion", "account_owner", "Invite the champion to the segment webinar."),
        step(28, "event", "economic_buyer", "account_owner", "Invite the economic buyer to a peer roundtable."),
      ],
    },
    tier_3: {
      enrolled: false,
      steps: [
        step(0, "ads", "buying_group", "webhook", "Programmatic ads to the account."),
        step(7, "email", "buying_group", "webhook", "Automated nurture with gated content."),
        step(21, "event", "champion", "webhook", "Event invitation."),
      ],
    },
  },
  touchCap: 2,
  pauseDays: 14,
};

export type PlayCheck = { ok: true } | { ok: false; field: string; error: string };

/** A number as a form sends it (text, or a number): NaN when it is blank or not one. */
const formNumber = (value: unknown): number => (typeof value === "number" ? value : Number(String(value ?? "").trim() || Number.NaN));

/** An enrolment's state, in words. */
export const enrolmentStateLabels = { active: "Running", paused: "Paused", completed: "Completed", stopped: "Stopped" } as const;

/**
 * A tier's steps as marketing saves them: each with a day (whole, 0–365, not before the step
 * above it), a channel, an audience, an owner and what to do. The message names the step and field.
 */
export function checkPlaySteps(tier: AbmTier, steps: readonly Partial<Record<keyof PlayStep, unknown>>[]): PlayCheck {
  const tierLabel = tier.replace("tier_", "Tier ");
  if (steps.length > MAX_STEPS) return { ok: false, field: "steps", error: `${tierLabel}: at most ${MAX_STEPS} steps.` };
  let previous = 0;
  for (const [i, s] of steps.entries()) {
    const at = `${tierLabel}, step ${i + 1}`;
    const day = formNumber(s.day);
    if (!Number.isInteger(day) || day < 0 || day > MAX_STEP_DAY) return { ok: false, field: `day-${i}`, error: `${at}: the day is a whole number of days from 0 to ${MAX_STEP_DAY}.` };
    if (day < previous) return { ok: false, field: `day-${i}`, error: `${at}: day ${day} comes before the step above it (day ${previous}).` };
    previous = day;
    if (typeof s.channel !== "string" || !(playChannels as readonly string[]).includes(s.channel)) return { ok: false, field: `channel-${i}`, error: `${at}: pick a channel.` };
    if (typeof s.audience !== "string" || !(stepAudiences as readonly string[]).includes(s.audience)) return { ok: false, field: `audience-${i}`, error: `${at}: pick whom it reaches.` };
    if (typeof s.owner !== "string" || s.owner === "" || !isStepOwner(s.owner)) return { ok: false, field: `owner-${i}`, error: `${at} has no owner: pick who does it (the account's owner, a user or the webhook).` };
    const action = typeof s.action === "string" ? s.action.trim() : "";
    if (action === "") return { ok: false, field: `action-${i}`, error: `${at}: say what to do.` };
    if (action.length > MAX_ACTION_LENGTH || action.includes("\u0000")) return { ok: false, field: `action-${i}`, error: `${at}: what to do is plain text of at most ${MAX_ACTION_LENGTH} characters.` };
  }
  return { ok: true };
}

export function checkTouchCap(value: unknown): PlayCheck {
  const n = formNumber(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_TOUCH_CAP) return { ok: false, field: "touchCap", error: `Touch cap: a whole number of touches per contact per week, from 1 to ${MAX_TOUCH_CAP}.` };
  return { ok: true };
}

export function checkPauseDays(value: unknown): PlayCheck {
  const n = formNumber(value);
  if (!Number.isInteger(n) || n < 0 || n > MAX_PAUSE_DAYS) return { ok: false, field: "pauseDays", error: `Pause after a meeting: a whole number of days from 0 to ${MAX_PAUSE_DAYS}.` };
  return { ok: true };
}

export const enrolledTiers = (plays: CampaignPlays): AbmTier[] => abmTiers.filter((t) => plays.tiers[t].enrolled);
