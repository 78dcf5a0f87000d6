/**
 * The deliveries worker: a queue job that sends every e-mail and webhook delivery that is due, logs
 * each attempt, and leaves a failed one for its next try after its back-off (or failed for good).
 * It runs every minute on a schedule (retries come due) and at once when an event queued deliveries.
 */
import "server-only";
import { z } from "zod";
import type { Database } from "@/db/index";
import { claimDueDeliveries, recordAttempt, type AttemptOutcome, type DueDelivery } from "@/db/queries/notifications";
import { appUrl, env } from "@/lib/env";
import { defineJob, enqueue, jobsStarted } from "@/lib/jobs/queue";
import { postWebhook, sendEmail, smtpMailer, type Mailer } from "./send";

export interface Senders {
  baseUrl: string;
  /** Null when no mail server is configured: an e-mail delivery then fails with that reason. */
  mailer: Mailer | null;
  webhook?: typeof postWebhook;
}

export interface DeliveryRound {
  sent: number;
  retrying: number;
  failed: number;
}

async function attempt(d: DueDelivery, senders: Senders, now: () => Date): Promise<AttemptOutcome> {
  if (d.channel === "webhook") {
    if (!d.webhook?.active) return { ok: false, status: null, error: "The webhook was turned off.", durationMs: 0, final: true };
    return (senders.webhook ?? postWebhook)(d.target, d.webhook.secret, d.event, { baseUrl: senders.baseUrl, now: now() });
  }
  if (!senders.mailer) return { ok: false, status: null, error: "No mail server is configured (SMTP_URL).", durationMs: 0, final: true };
  return sendEmail(senders.mailer, d.target, d.event, senders.baseUrl);
}

/**
 * Sends what is due as of `now()`, a few at a time, until nothing is left or `signal` aborts.
 * A delivery another worker holds is skipped; one whose worker died is taken again once its hold ends.
 */
export async function deliverDue(db: Database, senders: Senders, { now = () => new Date(), signal, batch = 10 }: { now?: () => Date; signal?: AbortSignal; batch?: number } = {}): Promise<DeliveryRound> {
  const round: DeliveryRound = { sent: 0, retrying: 0, failed: 0 };
  while (!signal?.aborted) {
    const due = await claimDueDeliveries(db, now(), batch);
    if (due.length === 0) break;
    const outcomes = await Promise.all(due.map(async (d) => ({ d, outcome: await attempt(d, senders, now) })));
    for (const { d, outcome } of outcomes) {
      const ended = await recordAttempt(db, d, outcome, now());
      if (ended === "sent") round.sent++;
      else if (ended === "retry") round.retrying++;
      else if (ended === "failed") round.failed++;
    }
  }
  return round;
}

/** The senders the server uses: SMTP_URL's mail server (if set) and the app's public address for links. */
export function configuredSenders(): Senders {
  const e = env();
  return { baseUrl: appUrl(e), mailer: e.SMTP_URL ? smtpMailer(e.SMTP_URL, e.SMTP_FROM) : null };
}

export const emailConfigured = (): boolean => Boolean(env().SMTP_URL);

export const deliveryJob = defineJob({
  name: "notification-deliveries",
  data: z.object({}),
  // The deliveries keep their own attempts and back-off; a failed round is simply the next one's work.
  retryLimit: 0,
  maxRunSeconds: 10 * 60,
  async handler(_data, job) {
    const senders = configuredSenders();
    try {
      return await deliverDue(job.database.db, senders, { signal: job.signal });
    } finally {
      senders.mailer?.close();
    }
  },
});

let wakePending = false;

/**
 * Asks a worker to send what is due now, a moment later (the event's transaction commits first);
 * a burst of events queues one round. The minute schedule sends anything a wake-up missed.
 */
export function wakeDeliveries(): void {
  if (!jobsStarted() || wakePending) return;
  wakePending = true;
  setTimeout(() => {
    wakePending = false;
    enqueue(deliveryJob, {}).catch((error) => console.error("Queuing notification deliveries failed:", error instanceof Error ? error.message : error));
  }, 250).unref();
}
