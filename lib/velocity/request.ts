/**
 * What a velocity view asks for — a period and filters — read from URL parameters the same way by
 * the page, the audit download, the API and the CLI, with errors that name the parameter.
 */
import { customPeriod, periodPresets, presetPeriod, type Period, type PeriodPreset } from "@/lib/metrics/period";
import type { OpportunityFilters } from "@/db/queries/velocity";

export interface VelocityRequest {
  preset: PeriodPreset;
  period: Period;
  filters: OpportunityFilters;
}

export interface RequestError {
  parameter: string;
  error: string;
}

export type Params = Record<string, string | string[] | undefined>;

/** One URL parameter, trimmed; undefined when absent or blank (the first of repeated ones). */
export function single(params: Params, name: string): string | undefined {
  const value = params[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === "" ? undefined : text.trim();
}

/** A whole-number parameter from min to max; undefined when absent, an error naming it when not such a number. */
export function wholeNumberParam(params: Params, name: string, min: number, max: number): number | undefined | RequestError {
  const text = single(params, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) return { parameter: name, error: `${name} must be a whole number from ${min} to ${max}; got "${text}".` };
  return Number(text);
}

export const isRequestError = (v: unknown): v is RequestError => typeof v === "object" && v !== null && "parameter" in v;

/** The page of a paged list (page=, counted from 1); the first when absent. */
export function parsePage(params: Params): { ok: true; page: number } | ({ ok: false } & RequestError) {
  const page = wholeNumberParam(params, "page", 1, 100_000);
  return isRequestError(page) ? { ok: false, ...page } : { ok: true, page: page ?? 1 };
}

export const DEFAULT_PRESET: PeriodPreset = "this_quarter";

/** Reads period (preset, or from/to for a custom range) and the segment, source and owner filters. */
export function parseVelocityRequest(params: Params, today: string): { ok: true; request: VelocityRequest } | ({ ok: false } & RequestError) {
  const from = single(params, "from");
  const to = single(params, "to");
  let preset = (single(params, "period") ?? (from || to ? "custom" : DEFAULT_PRESET)) as PeriodPreset;
  if (!periodPresets.includes(preset)) {
    return { ok: false, parameter: "period", error: `period must be one of ${periodPresets.join(", ")}; got "${preset}".` };
  }
  let period: Period;
  if (preset === "custom") {
    const custom = customPeriod(from, to);
    if (!custom.ok) return { ok: false, parameter: custom.parameter, error: custom.error };
    period = custom.period;
  } else {
    period = presetPeriod(preset, today);
    preset = preset as PeriodPreset;
  }

  const filters: OpportunityFilters = {};
  const segment = single(params, "segment");
  const source = single(params, "source");
  const owner = single(params, "owner");
  if (segment !== undefined) filters.segment = segment;
  if (source !== undefined) filters.source = source;
  if (owner !== undefined) {
    if (!/^\d+$/.test(owner)) return { ok: false, parameter: "owner", error: `owner must be a user id (a whole number); got "${owner}".` };
    filters.ownerId = Number(owner);
  }
  return { ok: true, request: { preset, period, filters } };
}

/** The request as URL parameters, for shareable links and downloads. */
export function velocityRequestParams(request: VelocityRequest): URLSearchParams {
  const params = new URLSearchParams();
  params.set("period", request.preset);
  if (request.preset === "custom") {
    params.set("from", request.period.from);
    params.set("to", request.period.to);
  }
  if (request.filters.segment !== undefined) params.set("segment", request.filters.segment);
  if (request.filters.source !== undefined) params.set("source", request.filters.source);
  if (request.filters.ownerId !== undefined) params.set("owner", String(request.filters.ownerId));
  return params;
}

/** A view measured over a period alone, not split by segment, source or owner. */
export interface PeriodRequest {
  preset: PeriodPreset;
  period: Period;
}

/** The period, read like every other layer's (period=…, or from/to), other parameters ignored. */
export function parsePeriodRequest(params: Params, today: string): { ok: true; request: PeriodRequest } | ({ ok: false } & RequestError) {
  const parsed = parseVelocityRequest({ period: params.period, from: params.from, to: params.to }, today);
  return parsed.ok ? { ok: true, request: { preset: parsed.request.preset, period: parsed.request.period } } : parsed;
}
