import { getDb } from "@/db/index";
import { getImportJob } from "@/db/queries/imports";
import { NotFoundError } from "@/db/queries/users";
import { userWithPermission } from "@/lib/auth";
import { errorReportCsv } from "@/lib/import/error-report";
import type { RowError } from "@/lib/import/rows";

export const dynamic = "force-dynamic";

/** GET /api/imports/:id/errors: the error report (row, column, value, problem) as CSV. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await userWithPermission("imports:manage");
  if (user instanceof Response) return user;
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) return Response.json({ error: "The import id must be a whole number." }, { status: 400 });
  try {
    const job = await getImportJob(getDb(), id);
    return new Response(errorReportCsv(job.errors as RowError[]), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="import-${id}-errors.csv"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    if (error instanceof NotFoundError) return Response.json({ error: error.message }, { status: 404 });
    throw error;
  }
}
