/** A funnel view: a period, source and segment filters, and cohort or flow mode — from URL parameters. */
import type { FunnelFilters } from "@/db/queries/funnel";
import type { Period, PeriodPreset } from "@/lib/metrics/period";
import { parseVelocityRequest, velocityRequestParams, type Params } from "@/lib/velocity/request";

export type FunnelMode = "cohort" | "flow";

export interface FunnelRequest {
  preset: PeriodPreset;
  period: Period;
  filters: FunnelFilters;
  mode: FunnelMode;
}

export function parseFunnelRequest(params: Params, today: string): { ok: true; request: FunnelRequest } | { ok: false; parameter: string; error: string } {
  if (params.owner !== undefined && params.owner !== "") {
    return { ok: false, parameter: "owner", error: "The funnel has no owner filter; filter by source or segment." };
  }
  const parsed = parseVelocityRequest(params, today);
  if (!parsed.ok) return parsed;
  const mode = typeof params.mode === "string" && params.mode !== "" ? params.mode : "cohort";
  if (mode !== "cohort" && mode !== "flow") return { ok: false, parameter: "mode", error: `mode must be cohort or flow; got "${mode}".` };
  const { segment, source } = parsed.request.filters;
  return { ok: true, request: { preset: parsed.request.preset, period: parsed.request.period, filters: { segment, source }, mode } };
}

export function funnelRequestParams(request: FunnelRequest): URLSearchParams {
  const params = velocityRequestParams({ preset: request.preset, period: request.period, filters: request.filters });
  params.set("mode", request.mode);
  return params;
}
