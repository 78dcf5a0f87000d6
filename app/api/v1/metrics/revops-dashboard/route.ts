import { getDb } from "@/db/index";
import { apiError } from "@/lib/auth/api-key";
import { buildRevopsDashboard } from "@/lib/reports/revops-dashboard-build";
import { apiKeyRoute } from "@/app/_guard/api-key-route";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/metrics/revops-dashboard[?from=…&to=…|period=…][&segment=…&source=…&mode=…]:
 * revops-dashboard.md as Markdown, the same file /funnel downloads. Each layer's figures are also
 * JSON under /api/v1/metrics (velocity, funnel, attribution, signal-engagement).
 */
export const GET = apiKeyRoute("metrics:read", async (request) => {
  const built = await buildRevopsDashboard(getDb(), Object.fromEntries(new URL(request.url).searchParams));
  if (!built.ok) return apiError(400, built.error, built.parameter);
  return new Response(built.markdown, { headers: { "content-type": "text/markdown; charset=utf-8" } });
});
