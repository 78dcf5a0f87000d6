/**
 * The Competitive Alert Monitor at work: a competitor signal alerts its account's owner as it is
 * stored (in the signal's transaction), and a job every five minutes alerts the owner of each open
 * deal newly naming a competitor. Each alert is logged with its reason and notifies once.
 */
import "server-only";
import { z } from "zod";
import type { Database, DatabaseOrTransaction } from "@/db/index";
import { competitorSignalFacts, openDealsNamingCompetitor, recordAction } from "@/db/queries/automations";
import { getSetting } from "@/db/queries/settings";
import { competitorSignalTypes } from "@/lib/domain/automations";
import { defineJob } from "@/lib/jobs/queue";
import { notify } from "@/lib/notifications/notify";
import { dealAlert, signalAlert, type AlertDecision, type Battlecard, type MonitorState } from "./competitive-alerts";

const AUTOMATION = "competitive_alert_monitor" as const;

async function monitorState(db: DatabaseOrTransaction): Promise<MonitorState> {
  const { enabled, since } = (await getSetting(db, "automations"))[AUTOMATION];
  return { enabled, since };
}

export async function battlecardMap(db: DatabaseOrTransaction): Promise<Map<string, Battlecard>> {
  return new Map((await getSetting(db, "battlecards")).cards.map((c) => [c.competitor, { competitor: c.competitor, url: c.url, notes: c.notes }]));
}

type Alert = Extract<AlertDecision, { alert: true }>;

/** Logs the alert once and notifies its owner; false when it was logged already. */
async function raise(tx: DatabaseOrTransaction, alert: Alert, to: number, at: Date, ids: { accountId: number | null; opportunityId?: number; signalId?: number }): Promise<boolean> {
  const fresh = await recordAction(tx, {
    automation: AUTOMATION,
    subject: alert.subject,
    action: "Alerted the owner",
    reason: alert.reason,
    at,
    ...ids,
    userId: to,
    topic: alert.competitor,
    detail: { battlecard: alert.battlecard?.url ?? null },
  });
  if (fresh) await notify(tx, { event: "competitor_alert", subject: alert.subject, title: alert.title, body: alert.body, link: alert.link, recipients: [to], at });
  return fresh;
}

/** A signal just stored: when it is a competitor signal and the monitor is on, its owner hears of it. In the signal's transaction. */
export async function alertOnSignal(tx: DatabaseOrTransaction, signal: { id: number; type: string }, at: Date, timeZone: string): Promise<boolean> {
  if (!competitorSignalTypes.includes(signal.type)) return false;
  const state = await monitorState(tx);
  if (!state.enabled) return false;
  const facts = await competitorSignalFacts(tx, signal.id, timeZone);
  if (!facts) return false;
  const decision = signalAlert(facts, state, (await getSetting(tx, "reasonTaxonomies")).competitor, await battlecardMap(tx));
  if (!decision.alert || facts.ownerId === null) return false;
  return raise(tx, decision, facts.ownerId, at, { accountId: facts.accountId, signalId: facts.id });
}

/** Every open deal naming a competitor it has not alerted on yet: its owner hears of it, one transaction per alert. */
export async function sweepCompetitorDeals(db: Database, now: Date): Promise<{ alerted: number }> {
  const state = await monitorState(db);
  if (!state.enabled) return { alerted: 0 };
  const cards = await battlecardMap(db);
  let alerted = 0;
  for (const deal of await openDealsNamingCompetitor(db)) {
    const decision = dealAlert(deal, state, cards);
    if (!decision.alert || deal.ownerId === null) continue;
    const ownerId = deal.ownerId;
    if (await db.transaction((tx) => raise(tx, decision, ownerId, now, { accountId: deal.accountId, opportunityId: deal.id }))) alerted++;
  }
  return { alerted };
}

export const competitorDealSweepJob = defineJob({
  name: "competitive-alert-deals",
  data: z.object({ asOf: z.iso.datetime({ offset: true }).optional() }),
  retryLimit: 2,
  retryDelaySeconds: 60,
  maxRunSeconds: 10 * 60,
  handler: (data, job) => sweepCompetitorDeals(job.database.db, data.asOf ? new Date(data.asOf) : new Date()),
});
