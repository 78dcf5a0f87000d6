import { getDb } from "@/db/index";
import { apiError, requireApiKey } from "@/lib/auth/api-key";
import { buildFunnelReport, resolveFunnelView } from "@/lib/funnel/report";

export const dynamic = "force-dynamic";

/** GET /api/v1/metrics/funnel?from=YYYY-MM-DD&to=YYYY-MM-DD[&source=…&segment=…&mode=cohort|flow] (or period=…). */
export async function GET(request: Request) {
  const denied = await requireApiKey(request, "metrics:read");
  if (denied) return denied;
  const db = getDb();
  const view = await resolveFunnelView(db, Object.fromEntries(new URL(request.url).searchParams));
  if (!view.ok) return apiError(400, view.error, view.parameter);
  return Response.json(await buildFunnelReport(db, view.request, view.context));
}
