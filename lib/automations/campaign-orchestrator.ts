/**
 * The Campaign Orchestrator's rule (pure): for one enrolled account, what its play does next today.
 *
 * - Every step tasked: the play is complete.
 * - A meeting booked at the account since it was enrolled pauses the play for the pause days after
 *   it, so the rep leads; it resumes by itself.
 * - The next step is due its play's spacing after the step before (the first: its day after the
 *   enrolment day), so a pause moves the rest of the play along with it.
 * - A high-intent signal since the last step pulls the next step in to today, but never closer than
 *   MIN_PULL_GAP_DAYS after the step before: a run of signals speeds a play up, it does not rush it.
 * - A step that touches a person goes to the account's contact with that role (engaged first, then
 *   the least touched); one already at the weekly touch cap is skipped, and with every such contact
 *   at the cap the step waits. Without anyone in the role the task says to find them.
 * - Its owner: the account's owner, the step's user, or no one (the webhook sends it to the ads and
 *   e-mail tools); a step whose owner is missing waits, saying so.
 */
import { addDays } from "@/lib/metrics/period";
import { tierInfo, type AbmTier } from "@/lib/domain/abm-tiers";
import { buyingGroupRoleInfo, type BuyingGroupRole } from "@/lib/domain/buying-group";
import { channelInfo, ownerUserId, type PlayStep } from "@/lib/domain/campaign-plays";

export interface ContactFacts {
  id: number;
  name: string;
  role: BuyingGroupRole | null;
  /** Engaged or Active on the account's map. */
  engaged: boolean;
  /** The orchestrator's tasks reaching them due in the 7 days up to today. */
  touchesThisWeek: number;
}

export interface EnrolmentFacts {
  id: number;
  tier: AbmTier;
  enrolledOn: string;
  ownerId: number | null;
  /** Steps tasked so far, and the day the last one was due. */
  tasked: number;
  lastDueOn: string | null;
  lastMeetingOn: string | null;
  lastHighIntentOn: string | null;
  contacts: readonly ContactFacts[];
}

export interface OrchestratorRules {
  touchCap: number;
  pauseDays: number;
  /** Users who can take a task (active). */
  activeUsers: ReadonlySet<number>;
}

export type StepDecision =
  | { kind: "task"; step: number; dueOn: string; contactId: number | null; ownerId: number | null; reason: string; pulledIn: boolean }
  | { kind: "pause"; until: string; reason: string }
  | { kind: "wait"; until: string | null; reason: string }
  | { kind: "complete"; reason: string };

/** A pulled-in step comes at least this many days after the step before it. */
export const MIN_PULL_GAP_DAYS = 3;

/** The day a step is due: its day after enrolment (the first), else its spacing after the step before. */
export function scheduledOn(steps: readonly PlayStep[], index: number, enrolledOn: string, lastDueOn: string | null): string {
  const step = steps[index]!;
  if (index === 0 || lastDueOn === null) return addDays(enrolledOn, step.day);
  return addDays(lastDueOn, step.day - steps[index - 1]!.day);
}

export function decideStep(e: EnrolmentFacts, steps: readonly PlayStep[], rules: OrchestratorRules, today: string): StepDecision {
  const tier = tierInfo[e.tier].label;
  if (e.tasked >= steps.length) return { kind: "complete", reason: `Every step of the ${tier} play is tasked.` };

  if (e.lastMeetingOn !== null && e.lastMeetingOn >= e.enrolledOn) {
    const until = addDays(e.lastMeetingOn, rules.pauseDays);
    if (until > today) return { kind: "pause", until, reason: `A meeting was booked on ${e.lastMeetingOn}: the play pauses until ${until} so the rep leads.` };
  }

  const index = e.tasked;
  const step = steps[index]!;
  const scheduled = scheduledOn(steps, index, e.enrolledOn, e.lastDueOn);
  const since = e.lastDueOn ?? e.enrolledOn;
  const fresh = e.lastHighIntentOn !== null && (e.lastDueOn === null ? e.lastHighIntentOn >= e.enrolledOn : e.lastHighIntentOn > e.lastDueOn);
  const pulledIn = scheduled > today && fresh;
  if (scheduled > today && !pulledIn) return { kind: "wait", until: scheduled, reason: `Step ${index + 1} is due on ${scheduled}.` };
  if (pulledIn) {
    const earliest = addDays(since, MIN_PULL_GAP_DAYS);
    if (earliest > today) return { kind: "wait", until: earliest, reason: `Step ${index + 1} is pulled in to ${earliest} by a high-intent signal on ${e.lastHighIntentOn} (${MIN_PULL_GAP_DAYS} days after the step before at the soonest).` };
  }

  const userId = ownerUserId(step.owner);
  let ownerId: number | null = null;
  if (step.owner === "account_owner") {
    if (e.ownerId === null || !rules.activeUsers.has(e.ownerId)) return { kind: "wait", until: null, reason: `Step ${index + 1} is the account owner's, and the account has no active owner.` };
    ownerId = e.ownerId;
  } else if (userId !== null) {
    if (!rules.activeUsers.has(userId)) return { kind: "wait", until: null, reason: `Step ${index + 1}'s owner is no longer an active user: pick another on the play.` };
    ownerId = userId;
  }

  let contactId: number | null = null;
  let findThem = "";
  if (step.audience !== "buying_group") {
    const role = buyingGroupRoleInfo[step.audience].label;
    const inRole = e.contacts.filter((c) => c.role === step.audience);
    const counts = channelInfo[step.channel].touchesPerson;
    const candidates = inRole.filter((c) => !counts || c.touchesThisWeek < rules.touchCap).sort((a, b) => Number(b.engaged) - Number(a.engaged) || a.touchesThisWeek - b.touchesThisWeek || a.id - b.id);
    if (inRole.length > 0 && candidates.length === 0) {
      return { kind: "wait", until: addDays(today, 1), reason: `Step ${index + 1} waits: every ${role} had ${rules.touchCap} or more touches this week (the cap).` };
    }
    contactId = candidates[0]?.id ?? null;
    if (contactId === null) findThem = ` No ${role} on the map yet: find one first.`;
  }

  const why = pulledIn ? `Pulled in from ${scheduled}: a high-intent signal on ${e.lastHighIntentOn} (after ${since}).` : `Day ${step.day} of the ${tier} play.`;
  return { kind: "task", step: index, dueOn: today, contactId, ownerId, reason: `${why}${findThem}`, pulledIn };
}
