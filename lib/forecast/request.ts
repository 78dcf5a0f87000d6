/**
 * What the pipeline-changes and forecast pages ask for, read from the URL with errors that name the
 * parameter, and written back for links.
 */
import { quarterOf, type Period, type PeriodPreset } from "@/lib/metrics/period";
import { pipelineMoves, type PipelineMove } from "@/lib/metrics/pipeline-changes";
import { parsePage, parsePeriodRequest, single, type Params, type RequestError } from "@/lib/velocity/request";

export interface ChangesRequest {
  preset: PeriodPreset;
  period: Period;
  /**
   * The forecast window: from the first day of the quarter the period starts in to the last day of
   * the quarter it ends in (this quarter to date: the whole quarter).
   */
  window: Period;
  /** The bar whose deals are listed. */
  move?: PipelineMove;
  page: number;
}

export function forecastWindow(period: Period): Period {
  return { from: quarterOf(period.from).from, to: quarterOf(period.to).to };
}

export function parseChangesRequest(params: Params, today: string): { ok: true; request: ChangesRequest } | ({ ok: false } & RequestError) {
  const period = parsePeriodRequest(params, today);
  if (!period.ok) return period;
  const move = single(params, "move");
  if (move !== undefined && !(pipelineMoves as readonly string[]).includes(move)) {
    return { ok: false, parameter: "move", error: `"${move}" is not a bar of the waterfall (${pipelineMoves.join(", ")})` };
  }
  const page = parsePage(params);
  if (!page.ok) return page;
  return { ok: true, request: { ...period.request, window: forecastWindow(period.request.period), move: move as PipelineMove | undefined, page: page.page } };
}

/** The link to the page with the same period, listing one bar's deals. */
export function changesHref(request: Pick<ChangesRequest, "preset" | "period">, move?: PipelineMove, page = 1): string {
  const q = new URLSearchParams(request.preset === "custom" ? { period: "custom", from: request.period.from, to: request.period.to } : { period: request.preset });
  if (move) q.set("move", move);
  if (page > 1) q.set("page", String(page));
  return `/deals/changes?${q.toString()}${move ? "#deals" : ""}`;
}

export const forecastQuarters = ["current", "next"] as const;
export type ForecastQuarter = (typeof forecastQuarters)[number];

/** The quarter the forecast page shows: this one (default) or the next. */
export function parseForecastRequest(params: Params, today: string): { ok: true; quarter: ForecastQuarter; period: Period } | ({ ok: false } & RequestError) {
  const value = single(params, "quarter") ?? "current";
  if (!(forecastQuarters as readonly string[]).includes(value)) return { ok: false, parameter: "quarter", error: `"${value}" is not a quarter the forecast shows (current or next)` };
  const quarter = value as ForecastQuarter;
  return { ok: true, quarter, period: quarterOf(today, quarter === "next" ? 1 : 0) };
}

