import { getDatabase } from "@/db/index";
import { getSession } from "@/lib/auth";
import { missingIdIsNotFound, parseRecordId, recordIdOrNotFound } from "@/lib/http/record-id";
import { importDuringRun, userDuringRun } from "@/lib/import/live-access";
import { importJobView } from "@/lib/import/view";
import { guardedRoute } from "@/app/_guard/guarded-route";

export const dynamic = "force-dynamic";

/**
 * The user as the database knows them now. While a commit of this import runs on the embedded
 * database (whose only connection it holds), they are read through the commit's transaction, so
 * the poll is answered at once and still by the database's word, never the cookie's.
 */
async function pollingUser({ params }: { params: { id: string } }) {
  return userDuringRun(getDatabase(), await getSession(), parseRecordId(params.id));
}

/** GET /api/imports/:id: the job with its progress, as the worker running it wrote it (polled by the import page). */
export const GET = guardedRoute<{ id: string }>(
  "imports:manage",
  async (_request, { params }) => {
    const id = recordIdOrNotFound(params.id, "import");
    return Response.json(importJobView(await importDuringRun(getDatabase(), id).catch(missingIdIsNotFound)), { headers: { "cache-control": "no-store" } });
  },
  { user: pollingUser },
);
