/**
 * Every contact's last touch and engagement level recomputed from the facts (METRICS.md §5): once
 * after the upgrade that introduced the rule, then daily, as the 90-day window moves on. Safe to run
 * at any time and any number of times: it only writes what differs from the facts, and a last touch
 * only moves forward.
 */
import "server-only";
import { z } from "zod";
import type { DatabaseOrTransaction } from "@/db/index";
import { engagementBackfillDone, markEngagementBackfillDone, recomputeEngagementBatch } from "@/db/queries/engagement";
import { defineJob, enqueue } from "@/lib/jobs/queue";

/** Contacts per statement pair: each batch is short, so PGlite's one connection is never held long. */
export const ENGAGEMENT_BATCH = 500;

export async function recomputeAllEngagement(
  db: DatabaseOrTransaction,
  { now = new Date(), batchSize = ENGAGEMENT_BATCH, signal }: { now?: Date; batchSize?: number; signal?: AbortSignal } = {},
): Promise<{ contacts: number; changed: number }> {
  let afterId = 0;
  let contacts = 0;
  let changed = 0;
  for (;;) {
    signal?.throwIfAborted();
    const batch = await recomputeEngagementBatch(db, { afterId, limit: batchSize, now });
    if (batch.lastId === null) break;
    afterId = batch.lastId;
    contacts += batch.contacts;
    changed += batch.changed;
    // Let the server answer requests between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await markEngagementBackfillDone(db, now);
  return { contacts, changed };
}

export const engagementRecomputeJob = defineJob({
  name: "engagement-recompute",
  data: z.object({ trigger: z.enum(["schedule", "first_run"]).optional() }),
  retryLimit: 2,
  retryDelaySeconds: 60,
  retryBackoff: true,
  maxRunSeconds: 60 * 60,
  async handler(data, job) {
    const result = await recomputeAllEngagement(job.database.db, { signal: job.signal });
    return { ...result, trigger: data.trigger ?? "schedule" };
  },
});

/** At start-up: a database whose contacts were never recomputed (just upgraded) gets one run now. */
export async function enqueueFirstEngagementRun(db: DatabaseOrTransaction): Promise<boolean> {
  if (await engagementBackfillDone(db)) return false;
  await enqueue(engagementRecomputeJob, { trigger: "first_run" });
  return true;
}
