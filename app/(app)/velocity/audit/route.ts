import { getDb } from "@/db/index";
import { requirePermission } from "@/lib/auth";
import { apiError } from "@/lib/auth/api-key";
import { AUDIT_FILE_NAME, velocityAuditMarkdown } from "@/lib/reports/velocity-audit";
import { markdownDownload } from "@/lib/reports/markdown";
import { buildVelocityReport, resolveVelocityView } from "@/lib/velocity/report";

export const dynamic = "force-dynamic";

/** Downloads pipeline-velocity-audit.md for the period and filters in the query string. */
export async function GET(request: Request) {
  await requirePermission("velocity:view");
  const db = getDb();
  const view = await resolveVelocityView(db, Object.fromEntries(new URL(request.url).searchParams));
  if (!view.ok) return apiError(400, view.error, view.parameter);
  const markdown = velocityAuditMarkdown(await buildVelocityReport(db, view.request, view.context));
  return markdownDownload(markdown, AUDIT_FILE_NAME);
}
