/**
 * The attribution layer for one period, filters and basis (METRICS.md §4): the credit of every
 * channel under every model in exact cents, the chosen model's campaigns, first-touch / influenced
 * / last-touch shares, and the unattributed remainder. Read by the page, the API and the report.
 */
import "server-only";
import type { Database } from "@/db/index";
import { attributionAggregates, channelDeals, type AttributionBasis, type ChannelDeal } from "@/db/queries/attribution";
import { channelInfo, channels, type Channel } from "@/lib/domain/channels";
import { allocateCents, attributionModels, centsToDecimal, decimalToUnits, type AttributionModel } from "@/lib/metrics/attribution";
import type { Period, PeriodPreset } from "@/lib/metrics/period";
import { checkFilters, velocityContext, type VelocityContext } from "@/lib/velocity/report";
import { parseVelocityRequest, single, velocityRequestParams, type Params, type RequestError } from "@/lib/velocity/request";
import type { OpportunityFilters } from "@/db/queries/velocity";

export const attributionBases: readonly AttributionBasis[] = ["pipeline", "revenue"];
export const DEFAULT_MODEL: AttributionModel = "w_shaped";

export interface AttributionRequest {
  preset: PeriodPreset;
  period: Period;
  filters: OpportunityFilters;
  model: AttributionModel;
  basis: AttributionBasis;
  /** The channel whose credited deals are listed (the drill-down from its figure). */
  channel?: Channel;
}

/** Reads period and filters as every layer does, plus model= and basis=, naming a bad parameter. */
export function parseAttributionRequest(params: Params, today: string): { ok: true; request: AttributionRequest } | ({ ok: false } & RequestError) {
  const base = parseVelocityRequest(params, today);
  if (!base.ok) return base;
  const model = single(params, "model") ?? DEFAULT_MODEL;
  if (!attributionModels.includes(model as AttributionModel)) {
    return { ok: false, parameter: "model", error: `model must be one of ${attributionModels.join(", ")}; got "${model}".` };
  }
  const basis = single(params, "basis") ?? "pipeline";
  if (!attributionBases.includes(basis as AttributionBasis)) return { ok: false, parameter: "basis", error: `basis must be pipeline or revenue; got "${basis}".` };
  const channel = single(params, "channel");
  if (channel !== undefined && !channels.includes(channel as Channel)) return { ok: false, parameter: "channel", error: `channel must be one of ${channels.join(", ")}; got "${channel}".` };
  return { ok: true, request: { ...base.request, model: model as AttributionModel, basis: basis as AttributionBasis, ...(channel ? { channel: channel as Channel } : {}) } };
}

export function attributionRequestParams(request: AttributionRequest): URLSearchParams {
  const params = velocityRequestParams(request);
  params.set("model", request.model);
  params.set("basis", request.basis);
  if (request.channel) params.set("channel", request.channel);
  return params;
}

export async function resolveAttributionView(db: Database, params: Params) {
  const context = await velocityContext(db);
  const parsed = parseAttributionRequest(params, context.today);
  if (!parsed.ok) return { context, ...parsed };
  const problem = checkFilters(parsed.request, context.options);
  return problem ? { context, ok: false as const, ...problem } : { context, ok: true as const, request: parsed.request };
}

export interface ChannelRow {
  channel: Channel;
  label: string;
  /** Money credited under each model, to the cent; the channels of a model add up to the attributed amount. */
  credit: Record<AttributionModel, string>;
  /** Each model's credit as a share of the attributed amount. */
  share: Record<AttributionModel, number>;
  /** Deals with a counted touch in the channel, their amount, its share of the attributed amount, and the deals without an amount. */
  influenced: { deals: number; amount: string; share: number; withoutAmount: number };
}

export interface CampaignRow {
  channel: Channel;
  campaign: string | null;
  credit: string;
}

export interface AttributionReport {
  request: AttributionRequest;
  currency: string;
  timeZone: string;
  /**
   * Deals in scope and their amount; those with a counted touch (attributed) and those without; for
   * each, how many deals have no amount: counted as deals, credited nothing.
   */
  totals: {
    deals: number;
    amount: string;
    withoutAmount: number;
    attributedDeals: number;
    attributedAmount: string;
    attributedWithoutAmount: number;
    unattributedDeals: number;
    unattributedAmount: string;
    unattributedWithoutAmount: number;
  };
  channels: ChannelRow[];
  /** The chosen model's credit by campaign within each channel. */
  campaigns: CampaignRow[];
}

const MICROS = 6;

export async function buildAttributionReport(db: Database, request: AttributionRequest, context: VelocityContext): Promise<AttributionReport> {
  const scope = { ...request.filters, ...request.period, timeZone: context.organisation.timeZone, basis: request.basis };
  const { credits, influence, totals } = await attributionAggregates(db, scope);
  const attributed = decimalToUnits(totals.attributedAmount, 2);
  const present = channels.filter((c) => credits.some((r) => r.channel === c) || influence.some((r) => r.channel === c));

  const byModel = new Map<AttributionModel, Map<Channel, bigint>>();
  for (const model of attributionModels) {
    const shares = present.map((c): [Channel, bigint] => [c, credits.filter((r) => r.channel === c).reduce((sum, r) => sum + decimalToUnits(r[model], MICROS), 0n)]);
    byModel.set(model, allocateCents(attributed, shares));
  }
  const ratio = (cents: bigint) => (attributed > 0n ? Number(cents) / Number(attributed) : 0);

  const channelRows = present.map((channel): ChannelRow => {
    const inf = influence.find((r) => r.channel === channel);
    const infCents = inf ? decimalToUnits(inf.amount, 2) : 0n;
    const credit = {} as Record<AttributionModel, string>;
    const share = {} as Record<AttributionModel, number>;
    for (const model of attributionModels) {
      const cents = byModel.get(model)!.get(channel) ?? 0n;
      credit[model] = centsToDecimal(cents);
      share[model] = ratio(cents);
    }
    return {
      channel,
      label: channelInfo[channel].label,
      credit,
      share,
      influenced: { deals: inf?.deals ?? 0, amount: centsToDecimal(infCents), share: ratio(infCents), withoutAmount: inf?.withoutAmount ?? 0 },
    };
  });

  const campaigns: CampaignRow[] = present.flatMap((channel) => {
    const rows = credits.filter((r) => r.channel === channel);
    const split = allocateCents(byModel.get(request.model)!.get(channel) ?? 0n, rows.map((r, i): [number, bigint] => [i, decimalToUnits(r[request.model], MICROS)]));
    return rows.map((r, i) => ({ channel, campaign: r.campaign, credit: centsToDecimal(split.get(i) ?? 0n) }));
  });

  const all = decimalToUnits(totals.amount, 2);
  return {
    request,
    currency: context.organisation.currency,
    timeZone: context.organisation.timeZone,
    totals: {
      ...totals,
      unattributedDeals: totals.deals - totals.attributedDeals,
      unattributedAmount: centsToDecimal(all - attributed),
      unattributedWithoutAmount: totals.withoutAmount - totals.attributedWithoutAmount,
    },
    channels: channelRows,
    campaigns,
  };
}

/** A deal credited to the channel: its exact share, and its credit in whole cents (decimal text). */
export interface CreditedDeal extends ChannelDeal {
  credit: string;
}

export interface ChannelDeals {
  channel: Channel;
  label: string;
  model: AttributionModel;
  /** The channel's figure under the model: the deals' credits add up to it exactly. */
  credit: string;
  deals: CreditedDeal[];
  /** Σ of the deals' credits: the figure, to the cent. */
  total: string;
  /** Of the deals, those without an amount: listed with their share, crediting nothing. */
  withoutAmount: number;
}

/**
 * The deals behind a channel's figure under the report's model, largest credit first. Each deal's
 * exact credit (channelDeals, the channel report's own SQL) is turned into whole cents by splitting
 * the channel's figure over its deals (allocateCents, as campaigns are split), so the list adds up
 * to the figure to the cent and each deal is within a cent of amount × share.
 */
export async function creditedDealsOf(db: Database, report: AttributionReport, channel: Channel): Promise<ChannelDeals> {
  const { request } = report;
  const scope = { ...request.filters, ...request.period, timeZone: report.timeZone, basis: request.basis };
  const rows = await channelDeals(db, scope, channel, request.model);
  const figure = report.channels.find((c) => c.channel === channel)?.credit[request.model] ?? "0.00";
  const split = allocateCents(decimalToUnits(figure, 2), rows.map((r): [number, bigint] => [r.id, decimalToUnits(r.credit, MICROS)]));
  return {
    channel,
    label: channelInfo[channel].label,
    model: request.model,
    credit: figure,
    deals: rows.map((r) => ({ ...r, credit: centsToDecimal(split.get(r.id) ?? 0n) })),
    total: centsToDecimal(rows.reduce((sum, r) => sum + (split.get(r.id) ?? 0n), 0n)),
    withoutAmount: rows.filter((r) => r.amount === null).length,
  };
}

/** The report as the API answers it. */
export function attributionJson(report: AttributionReport) {
  const { request } = report;
  return {
    period: request.period,
    filters: request.filters,
    model: request.model,
    basis: request.basis,
    currency: report.currency,
    totals: report.totals,
    channels: report.channels.map((c) => ({
      channel: c.channel,
      label: c.label,
      credit: c.credit[request.model],
      share: c.share[request.model],
      byModel: c.credit,
      firstTouchShare: c.share.first_touch,
      lastTouchShare: c.share.last_touch,
      influenced: c.influenced,
      campaigns: report.campaigns.filter((x) => x.channel === c.channel).map(({ campaign, credit }) => ({ campaign, credit })),
    })),
  };
}
