/**
 * The /deals link behind a figure: the same period, filters and group, and the predicate the figure
 * counts (dates=qualified for N, dates=closed for win rate, status=won on top for deal size and cycle).
 * The owner is always written, so a rep following a figure of everyone's deals sees everyone's.
 */
import type { SegmentDimension } from "@/db/queries/velocity";
import type { ForecastCall } from "@/lib/metrics/forecast";
import type { Period, PeriodPreset } from "@/lib/metrics/period";
import type { VelocityRequest } from "@/lib/velocity/request";
import type { FunnelRequest } from "@/lib/funnel/request";
import { ANY_STALL, dealsRequestParams, NONE, ownerParam, type DealDates, type DealFilters, type DealStatus } from "./request";

/** What a figure counts: N, the closed deals (win rate), the won deals (deal size, cycle), open pipeline, pipeline created. */
export type DealFigure = "qualified" | "closed" | "won" | "open" | "created";

const figureParams: Record<DealFigure, { dates?: DealDates; status?: DealStatus }> = {
  qualified: { dates: "qualified" },
  closed: { dates: "closed" },
  won: { dates: "closed", status: "won" },
  open: { status: "open" },
  created: { dates: "created" },
};

/** A group of a breakdown: a source, segment or owner id, a deal-size tier index; null for the deals with none. */
export interface DealGroup {
  dimension: Exclude<SegmentDimension, "abm">;
  key: string | null;
}

const groupParam: Record<DealGroup["dimension"], string> = { source: "source", segment: "segment", owner: "owner", dealSizeTier: "band" };

/** A deal list's period: the preset (with its days when custom) and the date it applies to. */
export function dealPeriodParams(p: URLSearchParams, { preset, period }: { preset: PeriodPreset; period: Period }, dates: DealDates): URLSearchParams {
  p.set("period", preset);
  if (preset === "custom") {
    p.set("from", period.from);
    p.set("to", period.to);
  }
  p.set("dates", dates);
  return p;
}

export function velocityDealsHref(request: VelocityRequest, figure: DealFigure, group?: DealGroup): string {
  const { dates, status } = figureParams[figure];
  const p = new URLSearchParams();
  // Open pipeline is today's, whatever the period.
  if (dates) dealPeriodParams(p, request, dates);
  if (status) p.set("status", status);
  const { segment, source, ownerId } = request.filters;
  if (segment !== undefined) p.set("segment", segment);
  if (source !== undefined) p.set("source", source);
  p.set("owner", ownerParam(ownerId));
  if (group) p.set(groupParam[group.dimension], group.key ?? NONE);
  return `/deals?${p.toString()}`;
}

/** A deal list with the funnel's period (applied to `dates`), segment and source, every owner's. */
function funnelDealsParams(funnel: FunnelRequest, dates: DealDates): URLSearchParams {
  const p = dealPeriodParams(new URLSearchParams(), funnel, dates);
  if (funnel.filters.segment !== undefined) p.set("segment", funnel.filters.segment);
  if (funnel.filters.source !== undefined) p.set("source", funnel.filters.source);
  p.set("owner", ownerParam(undefined));
  return p;
}

/** The Closed Lost SLA's breaches on the funnel page: the deals lost in its period without a loss reason, every owner's. */
export function lostWithoutReasonHref(funnel: FunnelRequest): string {
  const p = funnelDealsParams(funnel, "closed");
  p.set("status", "lost");
  p.set("noLossReason", "1");
  return `/deals?${p.toString()}`;
}

/** The Opportunity SLA's breaches on the funnel page: the deals with a stage update due in its period that breached it. */
export function stageUpdateBreachesHref(funnel: FunnelRequest): string {
  const p = funnelDealsParams(funnel, "due");
  p.set("slaBreached", "1");
  return `/deals?${p.toString()}`;
}

/** A rep's own open deals with one thing to act on (the overview's "needing action"). */
export type DealAction = "stalled" | "stallPattern" | "proofGap" | "proofUnsent" | "singleThreaded" | "pastClose" | "noNextStep" | "noAmount";

/**
 * A rep's own deals lost this quarter without a loss reason: the Closed Lost SLA's breaches that
 * are theirs to mend (an older one is the funnel's to report, not a chore for this week).
 */
export function ownLostWithoutReasonHref(ownerId: number): string {
  return `/deals?${new URLSearchParams({ period: "this_quarter", dates: "closed", status: "lost", owner: String(ownerId), noLossReason: "1" })}`;
}

export function ownOpenDealsHref(ownerId: number, action: DealAction): string {
  const p = new URLSearchParams({ status: "open", owner: String(ownerId) });
  if (action === "noAmount") p.set("band", NONE);
  else if (action === "stallPattern") p.set("stall", ANY_STALL);
  else if (action === "proofGap") p.set("proof", "gap");
  else if (action === "proofUnsent") p.set("proof", "unsent");
  else p.set(action, "1");
  return `/deals?${p.toString()}`;
}

/** A money figure of the forecast that opens its deals: closed won, or an open column of the call. */
export type ForecastFigure = "closedWon" | ForecastCall;

/**
 * The /deals link behind a forecast figure for the quarter: the deals won in it (`dates=closed`,
 * `status=won`), or the open deals expected to close in it that the call counts in the column
 * (`dates=expected`, `call=`). The owner is the row's (null: no owner; undefined: the total's, all).
 */
export function forecastDealsHref(quarter: Period, figure: ForecastFigure, ownerId: number | null | undefined): string {
  const p = new URLSearchParams({ period: "custom", from: quarter.from, to: quarter.to });
  if (figure === "closedWon") {
    p.set("dates", "closed");
    p.set("status", "won");
  } else {
    p.set("dates", "expected");
    p.set("call", figure);
  }
  p.set("owner", ownerParam(ownerId));
  p.set("sort", "amount");
  return `/deals?${p.toString()}`;
}

/**
 * The /deals link behind a win/loss figure: the deals closed in the view's period, with its segment,
 * source and owner filters, narrowed by the figure's own (a reason, a competitor, a group), largest first.
 */
export function winLossDealsHref(request: VelocityRequest, deals: DealFilters): string {
  const { segment, source, ownerId } = request.filters;
  const filters: DealFilters = { period: { ...request.period, dates: "closed" }, segment, source, ownerId, ...deals };
  for (const key of ["segment", "source", "ownerId"] as const) if (filters[key] === undefined) delete filters[key];
  return `/deals?${dealsRequestParams({ preset: request.preset, filters, ownerDefaulted: false, sort: "amount", descending: true, page: 1 }).toString()}`;
}

/** The deals closed in a window (an automation's before or after), every owner's: all, the lost, or the lost without a reason. */
export function closedInWindowHref(period: Period, which: "closed" | "lost" | "lostWithoutReason" = "closed"): string {
  const p = dealPeriodParams(new URLSearchParams(), { preset: "custom", period }, "closed");
  if (which !== "closed") p.set("status", "lost");
  if (which === "lostWithoutReason") p.set("noLossReason", "1");
  p.set("owner", ownerParam(undefined));
  return `/deals?${p.toString()}`;
}
