/**
 * revops-dashboard.md for a period and filters (the funnel's parameters): the definitions in force
 * and Layers 1–4, signals and dark social by period alone. /funnel's download, GET
 * /api/v1/metrics/revops-dashboard and `npm run cli -- revops-dashboard` build it here.
 */
import "server-only";
import type { Database } from "@/db/index";
import { listDefinitions } from "@/db/queries/definitions";
import { buildDarkSocial } from "@/lib/attribution/dark-social";
import { buildAttributionReport, DEFAULT_MODEL } from "@/lib/attribution/report";
import { buildFunnelReport, resolveFunnelView } from "@/lib/funnel/report";
import { buildLayer3 } from "@/lib/signals/layer3";
import { buildVelocityReport, velocityContext } from "@/lib/velocity/report";
import { revopsDashboardMarkdown } from "./revops-dashboard";

export type DashboardBuild = { ok: true; markdown: string } | { ok: false; error: string; parameter: string };

export async function buildRevopsDashboard(db: Database, params: Record<string, string | undefined>): Promise<DashboardBuild> {
  const view = await resolveFunnelView(db, params);
  if (!view.ok) return { ok: false, error: view.error, parameter: view.parameter };
  const { preset, period, filters } = view.request;
  const [definitions, funnel, darkSocial, layer3, [velocity, attribution]] = await Promise.all([
    listDefinitions(db),
    buildFunnelReport(db, view.request, view.context),
    buildDarkSocial(db, { preset, period }),
    buildLayer3(db, { preset, period }),
    velocityContext(db).then((vc) =>
      Promise.all([
        buildVelocityReport(db, { preset, period, filters }, vc),
        buildAttributionReport(db, { preset, period, filters, model: DEFAULT_MODEL, basis: "pipeline" }, vc),
      ]),
    ),
  ]);
  return { ok: true, markdown: revopsDashboardMarkdown(definitions, velocity, funnel, attribution, darkSocial, layer3) };
}
