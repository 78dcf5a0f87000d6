/**
 * Import runs (dry runs and commits) as jobs on the queue: starting one claims the import and
 * queues its run; a worker on any instance takes it over and runs it, writing its progress to the
 * import's row as it goes. A commit is one transaction: if its instance dies the transaction dies
 * with it, and the queue hands the job to another worker, which starts the commit over.
 */
import crypto from "node:crypto";
import { z } from "zod";
import type { Database } from "@/db/index";
import { claimImportJob, releaseImportClaim, takeOverImportJob } from "@/db/queries/imports";
import { deleteSpentUploads } from "@/db/queries/uploads";
import { defineJob, enqueue } from "@/lib/jobs/queue";
import { notifyImportEnded } from "@/lib/notifications/events";
import { executeImportRun } from "./run";

export const importRunJob = defineJob({
  name: "import-run",
  data: z.object({ importId: z.number().int().positive(), run: z.enum(["dry_run", "commit"]) }),
  // A run that fails on its file or rows ends as a failed import, not a failed job: what is retried
  // is a run whose worker died or stopped.
  retryLimit: 3,
  retryDelaySeconds: 2,
  retryBackoff: true,
  maxRunSeconds: 6 * 60 * 60,
  async handler({ importId, run }, job) {
    const db = job.database.db;
    const claimed = await takeOverImportJob(db, importId, job.id);
    if (!claimed) return { importId, run, skipped: "The import no longer waits for this run." };
    const outcome = await executeImportRun(db, claimed, run, new Date(), { signal: job.signal });
    await notifyImportEnded(db, { ...outcome, importId, fileName: claimed.fileName, run, createdBy: claimed.createdBy });
    return {
      importId,
      run,
      status: outcome.status,
      processedRows: outcome.processedRows,
      createdRows: outcome.createdRows,
      updatedRows: outcome.updatedRows,
      unchangedRows: outcome.unchangedRows,
      failedRows: outcome.failedRows,
      message: outcome.message,
    };
  },
});

/** Claims the import for a run (refused while another runs, or in the wrong state) and queues it. */
export async function startImportRun(db: Database, importId: number, run: "dry_run" | "commit", { validOnly }: { validOnly?: boolean } = {}): Promise<string> {
  const queueJobId = crypto.randomUUID();
  await claimImportJob(db, importId, run, { validOnly, queueJobId });
  try {
    return await enqueue(importRunJob, { importId, run }, { id: queueJobId });
  } catch (error) {
    console.error(`Import #${importId}: its run could not be queued:`, error);
    await releaseImportClaim(db, importId, "The run could not be queued; nothing was written. Run it again.");
    throw error;
  }
}

/** Daily: deletes the uploaded files no import will read again (see deleteSpentUploads). */
export const uploadCleanupJob = defineJob({
  name: "import-upload-cleanup",
  data: z.object({}),
  retryLimit: 2,
  retryDelaySeconds: 60,
  async handler(_data, job) {
    return { deleted: await deleteSpentUploads(job.database.db) };
  },
});
