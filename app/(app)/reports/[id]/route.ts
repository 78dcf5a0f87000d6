import { getDb } from "@/db/index";
import { archivedReport } from "@/db/queries/cadence";
import { apiError } from "@/lib/auth/api-key";
import { can } from "@/lib/auth/permissions";
import { cadences, isCadenceKey } from "@/lib/domain/cadence";
import { guardedRoute } from "@/app/_guard/guarded-route";

export const dynamic = "force-dynamic";

/** Downloads an archived review, to the roles who may read the report it was made from. */
export const GET = guardedRoute<{ id: string }>("workspace:view", async (_request, { user, params }) => {
  if (!/^\d{1,9}$/.test(params.id)) return apiError(404, `There is no report ${params.id}.`);
  const report = await archivedReport(getDb(), Number(params.id));
  if (!report || !isCadenceKey(report.kind)) return apiError(404, `There is no report ${params.id}.`);
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
