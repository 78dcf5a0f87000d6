import { getDb } from "@/db/index";
import { apiError } from "@/lib/auth/api-key";
import { markdownDownload } from "@/lib/reports/markdown";
import { DASHBOARD_FILE_NAME } from "@/lib/reports/revops-dashboard";
import { buildRevopsDashboard } from "@/lib/reports/revops-dashboard-build";
import { guardedRoute } from "@/app/_guard/guarded-route";

export const dynamic = "force-dynamic";

/** Downloads revops-dashboard.md: the definitions in force and Layers 1–4 for the period and filters (signals and dark social by period alone). */
export const GET = guardedRoute(["funnel:view", "velocity:view", "attribution:view", "signals:view"], async (request) => {
  const built = await buildRevopsDashboard(getDb(), Object.fromEntries(new URL(request.url).searchParams));
  if (!built.ok) return apiError(400, built.error, built.parameter);
  return markdownDownload(built.markdown, DASHBOARD_FILE_NAME);
});
