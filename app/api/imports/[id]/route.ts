import { getDatabase, getDb } from "@/db/index";
import { getImportJob } from "@/db/queries/imports";
import { NotFoundError } from "@/db/queries/users";
import { getSession, userWithPermission } from "@/lib/auth";
import { userDuringRun } from "@/lib/import/live-access";
import { liveImportProgress } from "@/lib/import/run";
import { importJobView } from "@/lib/import/view";

export const dynamic = "force-dynamic";

/** GET /api/imports/:id: the job and, while it runs, its progress (polled by the import page). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  const live = Number.isInteger(id) ? liveImportProgress(id) : undefined;
  if (live) {
    // A commit on the embedded database holds its only connection until it ends: while a run is
    // live, its progress is answered from memory, to a user the database (read through the run's
    // transaction when it holds the only connection) allows to import.
    const user = await userDuringRun(getDatabase(), await getSession(), id, "imports:manage");
    if (user instanceof Response) return user;
    return Response.json({ id, running: true, status: null, ...live }, { headers: { "cache-control": "no-store" } });
  }
  const user = await userWithPermission("imports:manage");
  if (user instanceof Response) return user;
  if (!Number.isInteger(id) || id <= 0) return Response.json({ error: "The import id must be a whole number." }, { status: 400 });
  try {
    const view = importJobView(await getImportJob(getDb(), id));
    return Response.json(view, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    if (error instanceof NotFoundError) return Response.json({ error: error.message }, { status: 404 });
    throw error;
  }
}
