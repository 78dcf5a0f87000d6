import { getDb } from "@/db/index";
import { archivedReport } from "@/db/queries/cadence";
import { apiError } from "@/lib/auth/api-key";
import { can } from "@/lib/auth/permissions";
import { recordIdOrNotFound } from "@/lib/http/record-id";
import { cadences, isCadenceKey } from "@/lib/domain/cadence";
import { guardedRoute } from "@/app/_guard/guarded-route";

export const dynamic = "force-dynamic";

/** Downloads an archived review, to the roles who may read the report it was made from. */
export const GET = guardedRoute<{ id: string }>("workspace:view", async (_request, { user, params }) => {
  const report = await archivedReport(getDb(), recordIdOrNotFound(params.id, "report"));
  if (!report || !isCadenceKey(report.kind)) return apiError(404, `There is no report #${params.id}.`, "id");
  if (!can(user.role, cadences[report.kind].readPermission)) return apiError(403, "Your role may not read this report.");
  return new Response(report.body, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${report.fileName.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-store",
    },
  });
});
