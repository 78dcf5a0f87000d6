/**
 * The ICP fit recompute as a job: saving the ICP model or the industry rules queues it, and a
 * worker on any instance recomputes every account's industry and fit in short batches; the tier
 * suggestions read the fit, so they follow, and the scores, which keep the fit they were computed
 * with, are recomputed as of now when any fit moved.
 */
import "server-only";
import { z } from "zod";
import type { Database } from "@/db/index";
import { recomputeFits } from "@/db/queries/icp-fit";
import { listQueuedJobs } from "@/db/queries/jobs";
import { decayAccountScores } from "@/db/queries/score-decay";
import { ingestContext } from "@/db/queries/signal-context";
import { defineJob, enqueue } from "@/lib/jobs/queue";

export const fitRecomputeJob = defineJob({
  name: "icp-fit-recompute",
  data: z.object({ because: z.string().max(200) }),
  retryLimit: 3,
  retryDelaySeconds: 5,
  maxRunSeconds: 60 * 60,
  async handler({ because }, job) {
    return { because, ...(await recomputeFitsAndScores(job.database.db, { signal: job.signal })) };
  },
});

/** Every account's fit by the model and rules as saved; then, if any fit moved, every score as of `now`. */
export async function recomputeFitsAndScores(db: Database, { now = new Date(), signal }: { now?: Date; signal?: AbortSignal } = {}) {
  const outcome = await recomputeFits(db, { signal });
  const rescored = outcome.changed > 0 ? (await decayAccountScores(db, now, await ingestContext(db), { signal })).changed : 0;
  return { ...outcome, rescored };
}

/** Queues a recompute of every account's fit; returns the job's id. */
export function queueFitRecompute(because: string): Promise<string> {
  return enqueue(fitRecomputeJob, { because });
}

export interface RecomputeStatus {
  /** A recompute waits or runs; or the latest one finished, or failed after its retries. */
  state: "pending" | "completed" | "failed";
  at: Date | null;
  accounts: number | null;
  changed: number | null;
  error: string | null;
}

/** Where the recomputes stand, from the queue's own rows; null when none ever ran. */
export async function fitRecomputeStatus(db: Database): Promise<RecomputeStatus | null> {
  let jobs;
  try {
    jobs = await listQueuedJobs(db, fitRecomputeJob.name, 5);
  } catch {
    // The queue's schema is created when the queue first starts.
    return null;
  }
  const pending = jobs.find((j) => ["created", "retry", "active"].includes(j.state));
  if (pending) return { state: "pending", at: pending.startedAt ?? pending.createdAt, accounts: null, changed: null, error: null };
  const last = jobs.find((j) => j.state === "completed" || j.state === "failed");
  if (!last) return null;
  const output = (last.output ?? {}) as { accounts?: number; changed?: number; message?: string };
  return last.state === "completed"
    ? { state: "completed", at: last.completedAt, accounts: output.accounts ?? null, changed: output.changed ?? null, error: null }
    : { state: "failed", at: last.completedAt, accounts: null, changed: null, error: output.message ?? "The recompute failed." };
}
