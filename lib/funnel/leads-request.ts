/**
 * What the funnel's lead list (/funnel/leads) asks for: the funnel's own view (period, mode,
 * segment, source) and which of its figures the list is behind — a stage's count, a stage's stuck or
 * gone-cold leads, or an SLA's breaches of the period — read from URL parameters with errors that
 * name the parameter, and written back for links (the funnel's figures, paging, the download).
 */
import { leadStages, waitingStages, type LeadStage, type WaitingStage } from "@/lib/metrics/funnel";
import { parsePage, single, type Params, type RequestError } from "@/lib/velocity/request";
import { funnelRequestParams, parseFunnelRequest, type FunnelRequest } from "./request";

export const LEADS_PER_PAGE = 50;

/** The SLAs whose cases are leads (the others' cases are deals). */
export const leadSlas = ["mql", "sql"] as const;
export type LeadSla = (typeof leadSlas)[number];

/** The figure a lead list is behind. */
export type LeadFigure =
  /** A stage's count: reached it (cohort mode) or entered it in the period (flow mode). */
  | { kind: "stage"; stage: LeadStage }
  /** Still in a stage past its wait (now, whatever the period): stuck, or gone cold. */
  | { kind: "stuck" | "cold"; stage: WaitingStage }
  /** An SLA's cases of the period that were breached. */
  | { kind: "breached"; sla: LeadSla };

export interface LeadsRequest {
  funnel: FunnelRequest;
  figure: LeadFigure;
  page: number;
}

const figureParams = ["stage", "stuck", "cold", "breached"] as const;

const oneOf = <T extends string>(values: readonly T[], value: string): value is T => (values as readonly string[]).includes(value);

export function parseLeadsRequest(params: Params, today: string): { ok: true; request: LeadsRequest } | ({ ok: false } & RequestError) {
  const funnel = parseFunnelRequest(params, today);
  if (!funnel.ok) return funnel;
  const given = figureParams.filter((name) => single(params, name) !== undefined);
  if (given.length > 1) {
    return { ok: false, parameter: given[1]!, error: `A lead list is behind one figure: give one of ${figureParams.join(", ")}, not ${given.join(" and ")}.` };
  }
  const name = given[0] ?? "stage";
  const value = single(params, name) ?? "lead";
  let figure: LeadFigure;
  if (name === "stage") {
    if (!oneOf(leadStages, value)) return { ok: false, parameter: name, error: `stage must be one of ${leadStages.join(", ")}; got "${value}".` };
    figure = { kind: "stage", stage: value };
  } else if (name === "breached") {
    if (!oneOf(leadSlas, value)) return { ok: false, parameter: name, error: `breached must be one of ${leadSlas.join(", ")} (the SLAs whose cases are leads); got "${value}".` };
    figure = { kind: "breached", sla: value };
  } else {
    if (!oneOf(waitingStages, value)) return { ok: false, parameter: name, error: `${name} must be one of ${waitingStages.join(", ")}; got "${value}".` };
    figure = { kind: name, stage: value };
  }
  const page = parsePage(params);
  if (!page.ok) return page;
  return { ok: true, request: { funnel: funnel.request, figure, page: page.page } };
}

/** The request as URL parameters: the funnel's own, then the figure, then the page after the first. */
export function leadsRequestParams(request: Omit<LeadsRequest, "page"> & { page?: number }): URLSearchParams {
  const p = funnelRequestParams(request.funnel);
  const { figure } = request;
  if (figure.kind === "breached") p.set("breached", figure.sla);
  else p.set(figure.kind, figure.stage);
  if (request.page !== undefined && request.page > 1) p.set("page", String(request.page));
  return p;
}

/** The lead list behind one of the funnel's figures. */
export function funnelLeadsHref(funnel: FunnelRequest, figure: LeadFigure): string {
  return `/funnel/leads?${leadsRequestParams({ funnel, figure }).toString()}`;
}
