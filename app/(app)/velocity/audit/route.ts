import { getDb } from "@/db/index";
import { requirePermission } from "@/lib/auth";
import { apiError } from "@/lib/auth/api-key";
import { AUDIT_FILE_NAME, velocityAuditMarkdown } from "@/lib/reports/velocity-audit";
import { buildVelocityReport, checkFilters, velocityContext } from "@/lib/velocity/report";
import { parseVelocityRequest } from "@/lib/velocity/request";

export const dynamic = "force-dynamic";

/** Downloads pipeline-velocity-audit.md for the period and filters in the query string. */
export async function GET(request: Request) {
  await requirePermission("velocity:view");
  const db = getDb();
  const context = await velocityContext(db);
  const parsed = parseVelocityRequest(Object.fromEntries(new URL(request.url).searchParams), context.today);
  if (!parsed.ok) return apiError(400, parsed.error, parsed.parameter);
  const problem = checkFilters(parsed.request, context.options);
  if (problem) return apiError(400, problem.error, problem.parameter);
  const markdown = velocityAuditMarkdown(await buildVelocityReport(db, parsed.request, context));
  return new Response(markdown, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${AUDIT_FILE_NAME}"`,
      "Cache-Control": "no-store",
    },
  });
}
