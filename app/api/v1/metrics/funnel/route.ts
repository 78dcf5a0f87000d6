import { getDb } from "@/db/index";
import { apiError, requireApiKey } from "@/lib/auth/api-key";
import { buildFunnelReport, checkFunnelFilters, funnelContext } from "@/lib/funnel/report";
import { parseFunnelRequest } from "@/lib/funnel/request";

export const dynamic = "force-dynamic";

/** GET /api/v1/metrics/funnel?from=YYYY-MM-DD&to=YYYY-MM-DD[&source=…&segment=…&mode=cohort|flow] (or period=…). */
export async function GET(request: Request) {
  const denied = await requireApiKey(request, "metrics:read");
  if (denied) return denied;
  const db = getDb();
  const context = await funnelContext(db);
  const parsed = parseFunnelRequest(Object.fromEntries(new URL(request.url).searchParams), context.today);
  if (!parsed.ok) return apiError(400, parsed.error, parsed.parameter);
  const problem = checkFunnelFilters(parsed.request, context.options);
  if (problem) return apiError(400, problem.error, problem.parameter);
  return Response.json(await buildFunnelReport(db, parsed.request, context));
}
