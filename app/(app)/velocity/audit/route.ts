import { getDb } from "@/db/index";
import { apiError } from "@/lib/auth/api-key";
import { AUDIT_FILE_NAME, velocityAuditMarkdown } from "@/lib/reports/velocity-audit";
import { markdownDownload } from "@/lib/reports/markdown";
import { buildVelocityReport, resolveVelocityView } from "@/lib/velocity/report";
import { guardedRoute } from "@/app/_guard/guarded-route";

export const dynamic = "force-dynamic";

/** Downloads pipeline-velocity-audit.md for the period and filters in the query string. */
export const GET = guardedRoute("velocity:view", async (request) => {
  const db = getDb();
  const view = await resolveVelocityView(db, Object.fromEntries(new URL(request.url).searchParams));
  if (!view.ok) return apiError(400, view.error, view.parameter);
  return markdownDownload(velocityAuditMarkdown(await buildVelocityReport(db, view.request, view.context)), AUDIT_FILE_NAME);
});
