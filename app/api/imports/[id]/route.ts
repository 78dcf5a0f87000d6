import { getDatabase, getDb } from "@/db/index";
import { getImportJob } from "@/db/queries/imports";
import { currentUser, getSession } from "@/lib/auth";
import { apiError } from "@/lib/auth/api-key";
import { userDuringRun } from "@/lib/import/live-access";
import { liveImportProgress } from "@/lib/import/run";
import { importJobView } from "@/lib/import/view";
import { guardedRoute } from "@/app/_guard/guarded-route";

export const dynamic = "force-dynamic";

const jobId = (raw: string) => (/^\d{1,10}$/.test(raw) && Number(raw) > 0 && Number(raw) <= 2_147_483_647 ? Number(raw) : null);

/**
 * A commit on the embedded database holds its only connection until it ends: while this process
 * runs the job, the user is read through the run's transaction (see userDuringRun), so the poll is
 * answered at once and still by the database's word, never the cookie's.
 */
async function pollingUser({ params }: { params: { id: string } }) {
  const id = jobId(params.id);
  return id !== null && liveImportProgress(id) ? userDuringRun(getDatabase(), await getSession(), id) : currentUser();
}

/** GET /api/imports/:id: the job and, while it runs, its progress (polled by the import page). */
export const GET = guardedRoute<{ id: string }>(
  "imports:manage",
  async (_request, { params }) => {
    const id = jobId(params.id);
    if (id === null) return apiError(400, "The import id must be a whole number.", "id");
    const live = liveImportProgress(id);
    if (live) return Response.json({ id, running: true, status: null, ...live }, { headers: { "cache-control": "no-store" } });
    return Response.json(importJobView(await getImportJob(getDb(), id)), { headers: { "cache-control": "no-store" } });
  },
  { user: pollingUser },
);
