import { getDb } from "@/db/index";
import { apiError, requireApiKey } from "@/lib/auth/api-key";
import { buildVelocityReport, checkFilters, velocityContext } from "@/lib/velocity/report";
import { velocityJson } from "@/lib/velocity/json";
import { parseVelocityRequest } from "@/lib/velocity/request";

export const dynamic = "force-dynamic";

/** GET /api/v1/metrics/velocity?from=YYYY-MM-DD&to=YYYY-MM-DD[&segment=…&source=…&owner=…] (or period=this_quarter, …). */
export async function GET(request: Request) {
  const denied = await requireApiKey(request, "metrics:read");
  if (denied) return denied;
  const db = getDb();
  const context = await velocityContext(db);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = parseVelocityRequest(params, context.today);
  if (!parsed.ok) return apiError(400, parsed.error, parsed.parameter);
  const problem = checkFilters(parsed.request, context.options);
  if (problem) return apiError(400, problem.error, problem.parameter);
  const report = await buildVelocityReport(db, parsed.request, context);
  return Response.json(velocityJson(report));
}
