import { getDb } from "@/db/index";
import { getImportJob } from "@/db/queries/imports";
import { apiError } from "@/lib/auth/api-key";
import { errorReportCsv } from "@/lib/import/error-report";
import type { RowError } from "@/lib/import/rows";
import { guardedRoute } from "@/app/_guard/guarded-route";

export const dynamic = "force-dynamic";

/** GET /api/imports/:id/errors: the error report (row, column, value, problem) as CSV. */
export const GET = guardedRoute<{ id: string }>("imports:manage", async (_request, { params }) => {
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0 || id > 2 ** 31 - 1) return apiError(400, "The import id must be a whole number.", "id");
  const job = await getImportJob(getDb(), id);
  return new Response(errorReportCsv(job.errors as RowError[]), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="import-${id}-errors.csv"`,
      "cache-control": "no-store",
    },
  });
});
