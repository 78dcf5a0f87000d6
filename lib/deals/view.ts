import "server-only";
/**
 * The /deals list as the page and the CSV export read it: the settings and choices it needs, the
 * request from the URL (a rep's own deals by default) and a check that every value it names exists.
 */
import type { Database } from "@/db/index";
import { dealStages, dealTotals, type DealContext, type DealStage } from "@/db/queries/deals";
import { slasInForce } from "@/db/queries/definitions";
import { proofStates } from "@/db/queries/proof";
import { getSetting } from "@/db/queries/settings";
import { velocityFilterOptions, type FilterOptions } from "@/db/queries/velocity";
import type { UserRole } from "@/lib/domain/roles";
import { dealActionPlan, type DealActionSpec } from "@/lib/overview/tiles";
import { slaInSeconds } from "@/lib/metrics/funnel";
import { todayIn } from "@/lib/metrics/period";
import type { Params, RequestError } from "@/lib/velocity/request";
import { dealSizeTierLabels } from "@/lib/velocity/report";
import { parseDealsRequest, type DealsRequest } from "./request";

export interface DealsContext {
  deal: DealContext;
  currency: string;
  options: FilterOptions;
  stages: DealStage[];
  /** The deal-size tiers' names, by index. */
  bandLabels: string[];
}

export async function dealsContext(db: Database, now = new Date()): Promise<DealsContext> {
  const [organisation, velocity, stalls, options, stages, slas] = await Promise.all([
    getSetting(db, "organisation"),
    getSetting(db, "velocity"),
    getSetting(db, "stalls"),
    velocityFilterOptions(db),
    dealStages(db),
    slasInForce(db),
  ]);
  return {
    deal: {
      timeZone: organisation.timeZone,
      today: todayIn(organisation.timeZone, now),
      now,
      tierBounds: velocity.dealSizeTierBounds,
      stageUpdateSlaSeconds: slaInSeconds(slas.opportunity),
      stalls,
    },
    currency: organisation.currency,
    options,
    stages,
    bandLabels: velocity.dealSizeTierBounds.length > 0 ? dealSizeTierLabels(velocity.dealSizeTierBounds, organisation.currency) : ["Any amount"],
  };
}

/** Values the list cannot hold are an error naming the parameter, not an empty list. */
function checkDealsRequest(request: DealsRequest, context: DealsContext, viewer: { id: number }): RequestError | null {
  const { segment, source, ownerId, stageId, band } = request.filters;
  const { options } = context;
  if (typeof segment === "string" && !options.segments.includes(segment)) {
    return { parameter: "segment", error: `Unknown segment "${segment}". Known segments: ${options.segments.join(", ") || "none yet"}.` };
  }
  if (typeof source === "string" && !options.sources.includes(source)) {
    return { parameter: "source", error: `Unknown source "${source}". Known sources: ${options.sources.join(", ") || "none yet"}.` };
  }
  // One's own deals may be asked for even when there are none yet.
  if (typeof ownerId === "number" && ownerId !== viewer.id && !options.owners.some((o) => o.id === ownerId)) {
    return { parameter: "owner", error: `No user with id ${ownerId} owns opportunities.` };
  }
  if (stageId !== undefined && !context.stages.some((s) => s.id === stageId)) {
    return { parameter: "stage", error: `There is no pipeline stage with id ${stageId}. Stages: ${context.stages.map((s) => `${s.id} ${s.name}`).join(", ")}.` };
  }
  if (request.filters.slaBreached && context.deal.stageUpdateSlaSeconds == null) {
    return { parameter: "slaBreached", error: "The Opportunity definition in force has no SLA with a number, so no stage update breaches it." };
  }
  if (typeof band === "number" && band >= context.bandLabels.length) {
    return { parameter: "band", error: `band must be a deal-size tier from 0 to ${context.bandLabels.length - 1}, or "none"; got ${band}.` };
  }
  return null;
}

/**
 * Reads and checks a deal list from URL parameters. `ownDefault`: a rep's list opens on their own
 * deals when the link names no owner (the page); the export takes the link as it is.
 */
export async function resolveDealsView(
  db: Database,
  params: Params,
  viewer: { id: number; role: UserRole },
  { ownDefault = true }: { ownDefault?: boolean } = {},
): Promise<{ context: DealsContext } & ({ ok: true; request: DealsRequest } | ({ ok: false } & RequestError))> {
  const context = await dealsContext(db);
  const parsed = parseDealsRequest(params, context.deal.today, ownDefault && viewer.role === "sales" ? { defaultOwnerId: viewer.id } : {});
  if (!parsed.ok) return { context, ...parsed };
  if (parsed.request.filters.proof) context.deal.proof = await proofStates(db);
  const problem = checkDealsRequest(parsed.request, context, viewer);
  return problem ? { context, ok: false, ...problem } : { context, ok: true, request: parsed.request };
}

/** How many of a rep's open deals need each action (the overview's list): the total of the very list each links to. */
export async function dealActionCounts(db: Database, userId: number, now = new Date()): Promise<(DealActionSpec & { count: number })[]> {
  const [{ deal: context }, proof] = await Promise.all([dealsContext(db, now), proofStates(db, userId)]);
  const deal = { ...context, proof };
  return Promise.all(
    dealActionPlan(userId).map(async (spec) => {
      const parsed = parseDealsRequest(Object.fromEntries(new URL(spec.href, "http://localhost").searchParams), deal.today);
      if (!parsed.ok) throw new Error(`${spec.href}: ${parsed.error}`);
      return { ...spec, count: (await dealTotals(db, parsed.request.filters, deal)).deals };
    }),
  );
}
