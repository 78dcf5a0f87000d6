import { getDb } from "@/db/index";
import { apiError } from "@/lib/auth/api-key";
import { apiKeyRoute } from "@/app/_guard/api-key-route";
import { resolveVelocityView } from "@/lib/velocity/report";
import { winLossJson } from "@/lib/win-loss/json";
import { buildWinRatePlaybook } from "@/lib/win-loss/playbook";

export const dynamic = "force-dynamic";

/** GET /api/v1/metrics/win-loss?from=YYYY-MM-DD&to=YYYY-MM-DD[&segment=…&source=…&owner=…] (or period=this_quarter, …). */
export const GET = apiKeyRoute("metrics:read", async (request) => {
  const db = getDb();
  const view = await resolveVelocityView(db, Object.fromEntries(new URL(request.url).searchParams));
  if (!view.ok) return apiError(400, view.error, view.parameter);
  return Response.json(winLossJson(await buildWinRatePlaybook(db, view.request, view.context)));
});
