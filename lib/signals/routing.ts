/**
 * The Instant Lead Router's rules, pure: who gets a scored signal and when the answer is due.
 * The account's owner gets it while they are active; otherwise the active reps take turns.
 */
import { trackInfo, type RoutingTrack } from "@/lib/domain/routing-tracks";
import { addDays } from "@/lib/metrics/period";
import { localTimeToInstant, wallClock } from "@/lib/import/time-zone";

export interface RoutingOwner {
  id: number;
  active: boolean;
}

export type Assignment = { ownerId: number; how: "account_owner" | "round_robin" } | { ownerId: null; how: "no_active_rep" };

/**
 * The rep whose turn `turn` is (1, 2, 3, … from a sequence), cycling through the active reps in id
 * order: over any n × k consecutive turns each of n reps gets exactly k.
 */
export function roundRobinPick(activeRepIds: readonly number[], turn: number): number | null {
  if (activeRepIds.length === 0) return null;
  const sorted = [...activeRepIds].sort((a, b) => a - b);
  const index = (((turn - 1) % sorted.length) + sorted.length) % sorted.length;
  return sorted[index]!;
}

/** The account owner when active, else the rep whose round-robin turn it is; never a deactivated user. */
export function assignOwner(accountOwner: RoutingOwner | null, activeRepIds: readonly number[], nextTurn: () => number): Assignment {
  if (accountOwner?.active) return { ownerId: accountOwner.id, how: "account_owner" };
  const rep = roundRobinPick(activeRepIds, nextTurn());
  return rep === null ? { ownerId: null, how: "no_active_rep" } : { ownerId: rep, how: "round_robin" };
}

const isWeekend = (day: string) => {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
};

function nextBusinessDay(day: string): string {
  let next = addDays(day, 1);
  while (isWeekend(next)) next = addDays(next, 1);
  return next;
}

/**
 * `days` business days (Monday to Friday, in `timeZone`) after `from`: the same local time on the
 * business day that many days on. A signal that comes in on a weekend starts counting from
 * Monday 00:00, so Saturday's signal is due at the end of Monday.
 */
export function addBusinessDays(from: Date, days: number, timeZone: string): Date {
  let { day, time } = wallClock(from, timeZone);
  if (isWeekend(day)) {
    while (isWeekend(day)) day = addDays(day, 1);
    time = "00:00:00";
  }
  for (let i = 0; i < days; i++) day = nextBusinessDay(day);
  return localTimeToInstant(day, time, timeZone);
}

/** When the track's response is due for a signal routed at `routedAt`; null for automated tracks. */
export function responseDueAt(track: RoutingTrack, routedAt: Date, timeZone: string): Date | null {
  const { slaMinutes, slaBusinessDays } = trackInfo[track];
  if (slaMinutes !== null) return new Date(routedAt.getTime() + slaMinutes * 60_000);
  if (slaBusinessDays !== null) return addBusinessDays(routedAt, slaBusinessDays, timeZone);
  return null;
}
