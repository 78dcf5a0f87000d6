/**
 * The playbook's Refresh Cadence as scheduled jobs: what each one does, who owns it, how often it
 * runs (a cron pattern around the time of day the admin sets, in the organisation's time zone) and
 * who may read the review it archives. Pure: the queue and the database are elsewhere.
 */
import cronParser from "cron-parser";
import { z } from "zod";
import type { UserRole } from "./roles";
import type { Permission } from "@/lib/auth/permissions";

export const cadenceKeys = [
  "daily_score_decay",
  "weekly_velocity_review",
  "monthly_lever_review",
  "buying_group_audit",
  "quarterly_calibration_review",
  "monthly_signal_review",
  "monthly_dark_social_review",
  "monthly_win_loss_review",
] as const;
export type CadenceKey = (typeof cadenceKeys)[number];

export interface Cadence {
  label: string;
  /** What the run does, as the Jobs page says it. */
  description: string;
  /** How often, in words ("Every Monday"). */
  frequency: string;
  /** The role that owns the review and acts on it. */
  owner: UserRole;
  /** HH:MM in the organisation's time zone when no admin has set another. */
  defaultTime: string;
  /** The cron day fields ("day-of-month month day-of-week") after minute and hour. */
  days: string;
  /** Who may read the report the run archives: the readers of the underlying report. */
  readPermission: Permission;
  /** The queue's name. */
  queue: string;
}

export const cadences: Record<CadenceKey, Cadence> = {
  daily_score_decay: {
    label: "Daily score decay",
    description: "Recomputes each scored account's intent, engagement and readiness as of today, keeping the history, so bands and tier suggestions read today's scores.",
    frequency: "Every day",
    owner: "marketing",
    defaultTime: "05:00",
    days: "* * *",
    readPermission: "signals:view",
    queue: "cadence-score-decay",
  },
  weekly_velocity_review: {
    label: "Weekly velocity review",
    description: "Archives last week's pipeline velocity audit for the executives.",
    frequency: "Every Monday",
    owner: "executive",
    defaultTime: "07:00",
    days: "* * 1",
    readPermission: "velocity:view",
    queue: "cadence-velocity-review",
  },
  monthly_lever_review: {
    label: "Monthly lever review",
    description: "Archives last month's lever analysis, scenarios and prioritised improvement plan.",
    frequency: "The 1st of each month",
    owner: "executive",
    defaultTime: "07:30",
    days: "1 * *",
    readPermission: "velocity:view",
    queue: "cadence-lever-review",
  },
  buying_group_audit: {
    label: "Buying-group audit",
    description: "Audits the buying groups of open Tier 1 deals and of every deal that entered negotiation in the last 14 days: coverage, threading and gaps.",
    frequency: "Twice a month (1st and 15th)",
    owner: "sales",
    defaultTime: "08:00",
    days: "1,15 * *",
    readPermission: "accounts:view",
    queue: "cadence-buying-group-audit",
  },
  quarterly_calibration_review: {
    label: "Quarterly calibration review",
    description: "Archives the scoring backtest over the last 12 months with a recommended threshold.",
    frequency: "The 1st of January, April, July and October",
    owner: "marketing",
    defaultTime: "08:30",
    days: "1 1,4,7,10 *",
    readPermission: "signals:view",
    queue: "cadence-calibration-review",
  },
  monthly_signal_review: {
    label: "Signal taxonomy and routing review",
    description: "Archives last month's signal-to-meeting conversion by signal type, response times and SLA compliance, for the taxonomy and routing rules.",
    frequency: "The 1st of each month",
    owner: "marketing",
    defaultTime: "09:00",
    days: "1 * *",
    readPermission: "signals:view",
    queue: "cadence-signal-review",
  },
  monthly_dark_social_review: {
    label: "Dark-social review",
    description: "Archives last month's self-reported channels against first tracked touch, and the answer capture rate.",
    frequency: "The 1st of each month",
    owner: "marketing",
    defaultTime: "09:30",
    days: "1 * *",
    readPermission: "attribution:view",
    queue: "cadence-dark-social-review",
  },
  monthly_win_loss_review: {
    label: "Win/loss pattern review",
    description: "Archives last month's win-rate playbook: why deals were won and lost, win rate by group, competitors, where deals die, and the stall tactics with their measured effect.",
    frequency: "The 1st of each month",
    owner: "executive",
    defaultTime: "10:00",
    days: "1 * *",
    readPermission: "velocity:view",
    queue: "cadence-win-loss-review",
  },
};

export const isCadenceKey = (value: string): value is CadenceKey => (cadenceKeys as readonly string[]).includes(value);

/** A time of day as the schedule form takes it. */
export const scheduleTime = z
  .string({ error: "Give a time of day as HH:MM, e.g. 06:30." })
  .trim()
  .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, "Give a time of day as HH:MM (24-hour), e.g. 06:30.");

/** The cron pattern of a cadence at a time of day ("06:30" → "30 6 * * 1"). */
export function cronOf(key: CadenceKey, time: string): string {
  const [hour, minute] = time.split(":").map(Number);
  return `${minute} ${hour} ${cadences[key].days}`;
}

/**
 * When a cron pattern next fires after `after`, in a time zone: the same computation the queue uses
 * to fire it. A wall-clock time that the spring DST change skips runs an hour later that day; one the
 * autumn change repeats runs once, at its first occurrence.
 */
export function nextRunAt(cron: string, timeZone: string, after: Date): Date {
  return cronParser.parseExpression(cron, { tz: timeZone, currentDate: after }).next().toDate();
}
