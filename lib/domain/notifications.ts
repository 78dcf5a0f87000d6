/**
 * What the app tells people, and how: the events that raise a notification, who each concerns, and
 * the channels a user chooses among (the in-app inbox, e-mail). Organisation-wide webhooks receive
 * the events an admin picks for each.
 */
import type { UserRole } from "./roles";

export const notificationEvents = ["handoff", "sla_warning", "sla_breached", "role_dark", "tier1_stakeholder", "import_finished", "import_failed", "weekly_review", "competitor_alert", "roles_proposed", "campaign_task"] as const;
export type NotificationEvent = (typeof notificationEvents)[number];

export const notificationChannels = ["in_app", "email"] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

export const channelLabels: Record<NotificationChannel, string> = { in_app: "In the app", email: "E-mail" };

export interface EventInfo {
  label: string;
  /** Who it is about, in a sentence for the settings page. */
  description: string;
  /** The roles it may concern: only they see it among their choices. */
  roles: readonly UserRole[];
  /** The channels a user has until they choose. */
  defaults: Record<NotificationChannel, boolean>;
}

export const eventInfo: Record<NotificationEvent, EventInfo> = {
  handoff: {
    label: "Immediate handoff",
    description: "A signal takes one of your accounts to 80+ readiness and is routed to you: respond within 5 minutes.",
    roles: ["admin", "sales"],
    defaults: { in_app: true, email: true },
  },
  sla_warning: {
    label: "Response due soon",
    description: "A signal routed to you has a quarter of its response time left (at most an hour) and no response yet.",
    roles: ["admin", "sales"],
    defaults: { in_app: true, email: false },
  },
  sla_breached: {
    label: "Response overdue",
    description: "A signal routed to you passed its response time without a response.",
    roles: ["admin", "sales"],
    defaults: { in_app: true, email: true },
  },
  role_dark: {
    label: "Role gone dark",
    description: "A buying-group role on one of your open deals had no touch for the dark-after days.",
    roles: ["admin", "sales"],
    defaults: { in_app: true, email: false },
  },
  tier1_stakeholder: {
    label: "New stakeholder on a Tier 1 account",
    description: "Someone adds a contact to the buying group of a Tier 1 account you own, or to any Tier 1 account for the ABM team.",
    roles: ["admin", "marketing", "sales"],
    defaults: { in_app: true, email: false },
  },
  import_finished: {
    label: "Import finished",
    description: "An import you started was committed.",
    roles: ["admin"],
    defaults: { in_app: true, email: false },
  },
  import_failed: {
    label: "Import failed",
    description: "A dry run or commit of an import you started failed.",
    roles: ["admin"],
    defaults: { in_app: true, email: true },
  },
  weekly_review: {
    label: "Weekly velocity review ready",
    description: "The weekly velocity audit is archived and ready to read.",
    roles: ["admin", "executive"],
    defaults: { in_app: true, email: true },
  },
  roles_proposed: {
    label: "Roles to confirm",
    description: "The Buying Group Mapper proposes buying-group roles for contacts on one of your accounts with an open deal.",
    roles: ["admin", "sales"],
    defaults: { in_app: true, email: false },
  },
  campaign_task: {
    label: "Campaign step due",
    description: "A step of the Campaign Orchestrator's play is due on one of your accounts. Webhooks also receive the steps the ads and e-mail tools run.",
    roles: ["admin", "marketing", "sales"],
    defaults: { in_app: true, email: false },
  },
  competitor_alert: {
    label: "Competitor alert",
    description: "A competitor shows up at one of your accounts or deals (Competitive Alert Monitor), with its battlecard.",
    roles: ["admin", "sales"],
    defaults: { in_app: true, email: false },
  },
};

export const eventsFor = (role: UserRole): NotificationEvent[] => notificationEvents.filter((e) => eventInfo[e].roles.includes(role));

export type ChannelChoices = Record<NotificationChannel, boolean>;

/** A user's choices for each of their role's events: what they saved, else the event's defaults. */
export function effectiveChoices(role: UserRole, saved: ReadonlyMap<NotificationEvent, ChannelChoices>): Map<NotificationEvent, ChannelChoices> {
  return new Map(eventsFor(role).map((e) => [e, saved.get(e) ?? eventInfo[e].defaults]));
}

/**
 * When a failed delivery (e-mail or webhook) is tried again: 1, 5, 15 and 60 minutes after the 1st,
 * 2nd, 3rd and 4th failures; after the 5th it is marked failed for good (null).
 */
export const DELIVERY_RETRY_MINUTES = [1, 5, 15, 60] as const;
export const MAX_DELIVERY_ATTEMPTS = DELIVERY_RETRY_MINUTES.length + 1;

export function nextAttemptAt(failedAttempts: number, failedAt: Date): Date | null {
  const minutes = DELIVERY_RETRY_MINUTES[failedAttempts - 1];
  return minutes === undefined ? null : new Date(failedAt.getTime() + minutes * 60_000);
}

/**
 * The "about to breach" moment of a response SLA: when a quarter of the time between routing and
 * the deadline is left, but never more than an hour before the deadline.
 */
export function slaWarningAt(routedAt: Date, dueAt: Date): Date {
  const quarter = (dueAt.getTime() - routedAt.getTime()) / 4;
  return new Date(dueAt.getTime() - Math.min(quarter, 60 * 60_000));
}

/** A handoff burst: a second handoff of one account within this many minutes notifies no one again. */
export const HANDOFF_BURST_MINUTES = 30;
