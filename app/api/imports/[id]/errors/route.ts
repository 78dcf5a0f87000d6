import { getDb } from "@/db/index";
import { getImportJob } from "@/db/queries/imports";
import { missingIdIsNotFound, recordIdOrNotFound } from "@/lib/http/record-id";
import { errorReportCsv } from "@/lib/import/error-report";
import type { RowError } from "@/lib/import/rows";
import { guardedRoute } from "@/app/_guard/guarded-route";

export const dynamic = "force-dynamic";

/** GET /api/imports/:id/errors: the error report (row, column, value, problem) as CSV. */
export const GET = guardedRoute<{ id: string }>("imports:manage", async (_request, { params }) => {
  const id = recordIdOrNotFound(params.id, "import");
  const job = await getImportJob(getDb(), id).catch(missingIdIsNotFound);
  return new Response(errorReportCsv(job.errors as RowError[]), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="import-${id}-errors.csv"`,
      "cache-control": "no-store",
    },
  });
});
