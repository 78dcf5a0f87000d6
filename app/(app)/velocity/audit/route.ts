import { getDb } from "@/db/index";
import { requirePermission } from "@/lib/auth";
import { apiError } from "@/lib/auth/api-key";
import { AUDIT_FILE_NAME, velocityAuditMarkdown } from "@/lib/reports/velocity-audit";
import { buildVelocityReport, resolveVelocityView } from "@/lib/velocity/report";

export const dynamic = "force-dynamic";

/** Downloads pipeline-velocity-audit.md for the period and filters in the query string. */
export async function GET(request: Request) {
  await requirePermission("velocity:view");
  const db = getDb();
  const view = await resolveVelocityView(db, Object.fromEntries(new URL(request.url).searchParams));
  if (!view.ok) return apiError(400, view.error, view.parameter);
  const markdown = velocityAuditMarkdown(await buildVelocityReport(db, view.request, view.context));
  return new Response(markdown, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${AUDIT_FILE_NAME}"`,
      "Cache-Control": "no-store",
    },
  });
}
