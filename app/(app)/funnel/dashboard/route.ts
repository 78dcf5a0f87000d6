import { getDb } from "@/db/index";
import { listDefinitions } from "@/db/queries/definitions";
import { apiError } from "@/lib/auth/api-key";
import { buildFunnelReport, resolveFunnelView } from "@/lib/funnel/report";
import { buildDarkSocial } from "@/lib/attribution/dark-social";
import { buildAttributionReport, DEFAULT_MODEL } from "@/lib/attribution/report";
import { markdownDownload } from "@/lib/reports/markdown";
import { DASHBOARD_FILE_NAME, revopsDashboardMarkdown } from "@/lib/reports/revops-dashboard";
import { buildVelocityReport, velocityContext } from "@/lib/velocity/report";
import { guardedRoute } from "@/app/_guard/guarded-route";

export const dynamic = "force-dynamic";

/** Downloads revops-dashboard.md: the definitions in force and Layers 1, 2 and 4 for the period and filters (dark social by period alone). */
export const GET = guardedRoute(["funnel:view", "velocity:view", "attribution:view"], async (request) => {
  const db = getDb();
  const view = await resolveFunnelView(db, Object.fromEntries(new URL(request.url).searchParams));
  if (!view.ok) return apiError(400, view.error, view.parameter);
  const { preset, period, filters } = view.request;
  const [definitions, funnel, darkSocial, [velocity, attribution]] = await Promise.all([
    listDefinitions(db),
    buildFunnelReport(db, view.request, view.context),
    buildDarkSocial(db, { preset, period }),
    velocityContext(db).then((vc) =>
      Promise.all([
        buildVelocityReport(db, { preset, period, filters }, vc),
        buildAttributionReport(db, { preset, period, filters, model: DEFAULT_MODEL, basis: "pipeline" }, vc),
      ]),
    ),
  ]);
  return markdownDownload(revopsDashboardMarkdown(definitions, velocity, funnel, attribution, darkSocial), DASHBOARD_FILE_NAME);
});
