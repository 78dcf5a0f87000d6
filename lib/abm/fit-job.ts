/**
 * The ICP fit recompute as a job: saving the ICP model or the industry rules queues it, and a
 * worker on any instance recomputes every account's industry and fit in short batches; the tier
 * suggestions read the fit, so they follow.
 */
import "server-only";
import { z } from "zod";
import { recomputeFits } from "@/db/queries/icp-fit";
import { defineJob, enqueue } from "@/lib/jobs/queue";

export const fitRecomputeJob = defineJob({
  name: "icp-fit-recompute",
  data: z.object({ because: z.string().max(200) }),
  retryLimit: 3,
  retryDelaySeconds: 5,
  maxRunSeconds: 60 * 60,
  async handler({ because }, job) {
    const outcome = await recomputeFits(job.database.db, { signal: job.signal });
    return { because, ...outcome };
  },
});

/** Queues a recompute of every account's fit; returns the job's id. */
export function queueFitRecompute(because: string): Promise<string> {
  return enqueue(fitRecomputeJob, { because });
}
