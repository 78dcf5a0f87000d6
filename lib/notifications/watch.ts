/**
 * The watch jobs: every minute, the response SLAs about to breach or breached; every hour, the
 * buying-group roles that went dark on an open deal. Each notifies once per episode.
 */
import "server-only";
import { z } from "zod";
import type { Database } from "@/db/index";
import { openDealMaps, unansweredSignalsDue } from "@/db/queries/notifications";
import { getSetting } from "@/db/queries/settings";
import { buyingGroupRoleInfo } from "@/lib/domain/buying-group";
import { slaWarningAt } from "@/lib/domain/notifications";
import { wallClock } from "@/lib/import/time-zone";
import { defineJob } from "@/lib/jobs/queue";
import { gapAnalysis } from "@/lib/metrics/buying-group";
import { notify } from "./notify";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** A deadline that passed longer ago than this is old news (the server was down): no "breached" for it. */
export const BREACH_LOOKBACK_MS = HOUR_MS;
/** A role that went dark longer ago than this is old news: only fresh episodes notify. */
export const DARK_LOOKBACK_MS = 7 * DAY_MS;

/** "14:05 Europe/Paris": a deadline as the organisation's clocks show it. */
const clock = (d: Date, timeZone: string) => `${wallClock(d, timeZone).time.slice(0, 5)} ${timeZone}`;

/** Notifies the rep of each unanswered signal whose SLA is about to breach, or breached (within the last hour). */
export async function checkResponseSlas(db: Database, now: Date): Promise<{ warned: number; breached: number }> {
  const { timeZone } = await getSetting(db, "organisation");
  let warned = 0;
  let breached = 0;
  // The warning comes at most an hour before the deadline.
  for (const s of await unansweredSignalsDue(db, new Date(now.getTime() - BREACH_LOOKBACK_MS), new Date(now.getTime() + HOUR_MS))) {
    const link = `/signals?account=${s.accountId}`;
    // A response at the deadline itself is in time: breached once the deadline has passed.
    if (s.dueAt < now) {
      const raised = await notify(db, {
        event: "sla_breached",
        subject: `signal:${s.id}`,
        title: `Response overdue: ${s.accountName}`,
        body: `${s.type} at ${s.accountName} was due a response by ${clock(s.dueAt, timeZone)} and has none yet.`,
        link,
        recipients: [s.routedTo],
        at: now,
      });
      if (raised) breached++;
    } else if (slaWarningAt(s.routedAt, s.dueAt) <= now) {
      const minutes = Math.max(1, Math.round((s.dueAt.getTime() - now.getTime()) / 60_000));
      const raised = await notify(db, {
        event: "sla_warning",
        subject: `signal:${s.id}`,
        title: `Respond within ${minutes} min: ${s.accountName}`,
        body: `${s.type} at ${s.accountName} is due a response by ${clock(s.dueAt, timeZone)}.`,
        link,
        recipients: [s.routedTo],
        at: now,
      });
      if (raised) warned++;
    }
  }
  return { warned, breached };
}

/** Notifies each open deal's owner of a buying-group role that went dark in the last week (once per dark spell). */
export async function checkDarkRoles(db: Database, now: Date): Promise<{ notified: number }> {
  const { darkAfterDays, roleContent } = await getSetting(db, "abm");
  let notified = 0;
  for (const deal of await openDealMaps(db)) {
    for (const gap of gapAnalysis(deal.members, { now, darkAfterDays, content: roleContent })) {
      if (gap.kind !== "gone_dark") continue;
      const latest = Math.max(...deal.members.filter((m) => m.role === gap.role).map((m) => m.lastTouchAt?.getTime() ?? 0));
      const wentDarkAt = latest + darkAfterDays * DAY_MS;
      if (now.getTime() - wentDarkAt > DARK_LOOKBACK_MS) continue;
      const role = buyingGroupRoleInfo[gap.role].label;
      const raised = await notify(db, {
        event: "role_dark",
        subject: `deal:${deal.id}:${gap.role}:${latest}`,
        title: `${role} gone dark on ${deal.name}`,
        body: `${gap.contacts.join(", ")} (${role}) at ${deal.accountName}: no touch in ${darkAfterDays} days. ${gap.action}`,
        link: `/deals/${deal.id}`,
        recipients: [deal.ownerId],
        at: now,
      });
      if (raised) notified++;
    }
  }
  return { notified };
}

const watchData = z.object({ asOf: z.iso.datetime({ offset: true }).optional() });
const asOf = (data: z.infer<typeof watchData>) => (data.asOf ? new Date(data.asOf) : new Date());

export const slaWatchJob = defineJob({
  name: "notify-response-sla",
  data: watchData,
  retryLimit: 1,
  retryDelaySeconds: 20,
  maxRunSeconds: 5 * 60,
  handler: (data, job) => checkResponseSlas(job.database.db, asOf(data)),
});

export const darkRoleWatchJob = defineJob({
  name: "notify-dark-roles",
  data: watchData,
  retryLimit: 2,
  retryDelaySeconds: 120,
  maxRunSeconds: 15 * 60,
  handler: (data, job) => checkDarkRoles(job.database.db, asOf(data)),
});
