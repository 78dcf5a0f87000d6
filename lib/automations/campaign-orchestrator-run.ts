/**
 * The Campaign Orchestrator at work (hourly, on the job queue): while it is on, it enrols the
 * accounts of the tiers marketing enrolled, stops the plays of accounts that left their tier, and
 * takes each running play one step further by its rule (./campaign-orchestrator.ts): a task for the
 * step's owner (told through the notifications; a webhook step goes to the webhooks), a pause after
 * a meeting, or the end of the play. Each task and pause is logged once, so a rerun, or a second
 * instance, acts once.
 */
import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/index";
import { recordAction } from "@/db/queries/automations";
import { accountsToEnrol, createTask, enrolAccounts, runningEnrolments, setEnrolmentState, stopEnrolments } from "@/db/queries/campaigns";
import { getSetting } from "@/db/queries/settings";
import { users } from "@/db/schema";
import { abmTiers, tierInfo } from "@/lib/domain/abm-tiers";
import { audienceLabel, channelInfo, enrolledTiers } from "@/lib/domain/campaign-plays";
import { defineJob, enqueue } from "@/lib/jobs/queue";
import { todayIn } from "@/lib/metrics/period";
import { notify } from "@/lib/notifications/notify";
import { decideStep } from "./campaign-orchestrator";

const AUTOMATION = "campaign_orchestrator" as const;

export interface OrchestratorRun {
  enrolled: number;
  tasks: number;
  paused: number;
  completed: number;
  stopped: number;
}

const nothing: OrchestratorRun = { enrolled: 0, tasks: 0, paused: 0, completed: 0, stopped: 0 };

/** `quiet`: tells no one (a replay of past days, as the demo's is). */
export async function runCampaignOrchestrator(db: Database, now: Date = new Date(), { quiet = false }: { quiet?: boolean } = {}): Promise<OrchestratorRun> {
  const [switches, plays, { timeZone }] = await Promise.all([getSetting(db, "automations"), getSetting(db, "campaignPlays"), getSetting(db, "organisation")]);
  const state = switches[AUTOMATION];
  const today = todayIn(timeZone, now);
  if (!state.enabled || (state.since !== null && today < state.since)) return nothing;
  const tiers = enrolledTiers(plays);
  const run = { ...nothing };

  // Plays of accounts that left their tier, or of a tier no longer enrolled, stop.
  const before = await runningEnrolments(db, today, timeZone);
  for (const tier of abmTiers) {
    const label = tierInfo[tier].label;
    const left = before.filter((e) => e.tier === tier && e.accountTier !== tier).map((e) => e.id);
    const dropped = tiers.includes(tier) ? [] : before.filter((e) => e.tier === tier && e.accountTier === tier).map((e) => e.id);
    run.stopped += (await stopEnrolments(db, today, `The account left ${label}.`, left)).enrolments;
    run.stopped += (await stopEnrolments(db, today, `${label} is no longer enrolled in the orchestrator.`, dropped)).enrolments;
  }

  run.enrolled = await enrolAccounts(db, await accountsToEnrol(db, tiers, state.since), today);

  const active = new Set((await db.select({ id: users.id }).from(users).where(eq(users.active, true))).map((u) => u.id));
  const rules = { touchCap: plays.touchCap, pauseDays: plays.pauseDays, activeUsers: active };
  for (const e of await runningEnrolments(db, today, timeZone)) {
    const steps = plays.tiers[e.tier].steps;
    const decision = decideStep(e, steps, rules, today);
    if (decision.kind === "task") {
      const step = steps[decision.step]!;
      const contact = e.contacts.find((c) => c.id === decision.contactId)?.name ?? null;
      const to = contact ?? audienceLabel(step.audience);
      const created = await db.transaction(async (tx) => {
        const id = await createTask(tx, {
          enrolmentId: e.id,
          step: decision.step,
          accountId: e.accountId,
          contactId: decision.contactId,
          ownerId: decision.ownerId,
          channel: step.channel,
          audience: step.audience,
          action: step.action,
          dueOn: decision.dueOn,
          reason: decision.reason,
          sentToWebhooks: step.owner === "webhook",
        });
        if (id === null) return false;
        await recordAction(tx, {
          automation: AUTOMATION,
          subject: `task:${e.id}:${decision.step}`,
          action: `Step ${decision.step + 1} (${channelInfo[step.channel].label} → ${to}): ${step.action}`,
          reason: decision.reason,
          at: now,
          accountId: e.accountId,
          userId: decision.ownerId,
          topic: e.tier,
          detail: { taskId: id, step: decision.step, channel: step.channel, webhook: decision.ownerId === null },
        });
        if (!quiet) {
          await notify(tx, {
            event: "campaign_task",
            subject: `campaign-task:${id}`,
            title: `${channelInfo[step.channel].label} for ${e.accountName}: step ${decision.step + 1} of the ${tierInfo[e.tier].label} play`,
            body: `${step.action} To: ${to}. ${decision.reason}`,
            link: `/automations/campaign-orchestrator#tasks`,
            recipients: decision.ownerId === null ? [] : [decision.ownerId],
            at: now,
          });
        }
        return true;
      });
      if (created) run.tasks++;
    } else if (decision.kind === "pause") {
      if (e.state === "paused") continue;
      const paused = await db.transaction(async (tx) => {
        if (!(await setEnrolmentState(tx, e.id, { state: "paused", pausedUntil: decision.until, reason: decision.reason }))) return false;
        await recordAction(tx, { automation: AUTOMATION, subject: `pause:${e.id}:${decision.until}`, action: "Paused the play", reason: decision.reason, at: now, accountId: e.accountId, topic: e.tier });
        return true;
      });
      if (paused) run.paused++;
    } else if (decision.kind === "complete") {
      if (await setEnrolmentState(db, e.id, { state: "completed", reason: decision.reason, endedOn: today })) run.completed++;
    } else if (e.state === "paused") {
      // The pause is over; the next step waits for its day.
      await setEnrolmentState(db, e.id, { state: "active", reason: null });
    }
  }
  return run;
}

/** Switched off: every running play stops and its open tasks are cancelled, kept with the reason. */
export function stopAllPlays(db: Database, today: string) {
  return stopEnrolments(db, today, `The Campaign Orchestrator was switched off on ${today}.`);
}

export const campaignOrchestratorJob = defineJob({
  name: "campaign-orchestrator",
  data: z.object({ asOf: z.iso.datetime({ offset: true }).optional() }),
  retryLimit: 2,
  retryDelaySeconds: 60,
  maxRunSeconds: 15 * 60,
  handler: async (data, job) => ({ ...(await runCampaignOrchestrator(job.database.db, data.asOf ? new Date(data.asOf) : new Date())) }),
});

/** Runs the orchestrator now on any worker, so a change shows in its tasks within seconds; a queue that cannot take it leaves it to the hourly run. */
export async function queueOrchestratorRun(): Promise<void> {
  try {
    await enqueue(campaignOrchestratorJob, {});
  } catch (error) {
    console.error("Queuing the Campaign Orchestrator failed:", error instanceof Error ? error.message : error);
  }
}
