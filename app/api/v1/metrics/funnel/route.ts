import { getDb } from "@/db/index";
import { apiError } from "@/lib/auth/api-key";
import { apiKeyRoute } from "@/app/_guard/api-key-route";
import { buildFunnelReport, resolveFunnelView } from "@/lib/funnel/report";

export const dynamic = "force-dynamic";

/** GET /api/v1/metrics/funnel?from=YYYY-MM-DD&to=YYYY-MM-DD[&source=…&segment=…&mode=cohort|flow] (or period=…). */
export const GET = apiKeyRoute("metrics:read", async (request) => {
  const db = getDb();
  const view = await resolveFunnelView(db, Object.fromEntries(new URL(request.url).searchParams));
  if (!view.ok) return apiError(400, view.error, view.parameter);
  return Response.json(await buildFunnelReport(db, view.request, view.context));
});
