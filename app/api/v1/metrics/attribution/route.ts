import { getDb } from "@/db/index";
import { apiError } from "@/lib/auth/api-key";
import { apiKeyRoute } from "@/app/_guard/api-key-route";
import { buildDarkSocial, darkSocialJson } from "@/lib/attribution/dark-social";
import { attributionJson, buildAttributionReport, resolveAttributionView } from "@/lib/attribution/report";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/metrics/attribution?model=w_shaped&basis=pipeline&from=YYYY-MM-DD&to=YYYY-MM-DD[&segment=…&source=…&owner=…]:
 * the credit by channel, and the dark-social view of the period (leads by creation, not filtered).
 */
export const GET = apiKeyRoute("metrics:read", async (request) => {
  const db = getDb();
  const view = await resolveAttributionView(db, Object.fromEntries(new URL(request.url).searchParams));
  if (!view.ok) return apiError(400, view.error, view.parameter);
  const [report, darkSocial] = await Promise.all([buildAttributionReport(db, view.request, view.context), buildDarkSocial(db, view.request)]);
  return Response.json({ ...attributionJson(report), darkSocial: darkSocialJson(darkSocial) });
});
