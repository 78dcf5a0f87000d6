/**
 * What the /deals list asks for — a period and what it applies to, filters, a sort and a page —
 * read from URL parameters the same way by the page and the CSV export, with errors that name the
 * parameter, and written back for links (paging, sorting, the download, drill-downs from figures).
 */
import { abmTiers, type AbmTier } from "@/lib/domain/abm-tiers";
import { forecastCategories, type ForecastCategory } from "@/lib/domain/forecast-categories";
import { forecastCalls, type ForecastCall } from "@/lib/metrics/forecast";
import { threadingLabels, threadings, type Threading } from "@/lib/metrics/win-loss";
import { stallPatterns, type StallPattern } from "@/lib/win-loss/stalls";
import { customPeriod, periodPresets, presetPeriod, type Period, type PeriodPreset } from "@/lib/metrics/period";
import { isRequestError, parsePage, single, wholeNumberParam, type Params, type RequestError } from "@/lib/velocity/request";

export const DEALS_PER_PAGE = 50;

/**
 * The date a period applies to: when the deal was created, qualified (N) or closed (win rate, deal
 * size, cycle), its expected close date (the forecast's open deals), or when a stage update fell
 * due while it was still in the stage (the Opportunity SLA's cases).
 */
export const dealDates = ["created", "qualified", "closed", "expected", "due"] as const;
export type DealDates = (typeof dealDates)[number];

export const dealDatesLabels: Record<DealDates, string> = { created: "Created", qualified: "Qualified", closed: "Closed", expected: "Expected close", due: "Stage update due" };

export const dealStatuses = ["open", "won", "lost"] as const;
export type DealStatus = (typeof dealStatuses)[number];

export const dealSorts = ["amount", "close", "created", "days", "name"] as const;
export type DealSort = (typeof dealSorts)[number];

export const dealSortLabels: Record<DealSort, string> = { amount: "Amount", close: "Close date", created: "Created", days: "Days in stage", name: "Name" };

/** In the segment, source, owner, tier and amount-band parameters: the deals with none. */
export const NONE = "none";
/** In the tier parameter: a deal on an account in any tier (the ABM program's deals). */
export const ABM = "abm";
/** In the stall parameter: a deal showing any stall pattern. */
export const ANY_STALL = "any";
/** In the proof parameter: open deals no case study matches (a gap), or with a matched story not sent to them yet. */
export const proofFilters = ["gap", "unsent"] as const;
export type ProofFilter = (typeof proofFilters)[number];
export const proofFilterLabels: Record<ProofFilter, string> = { gap: "No matching story (a gap)", unsent: "A matched story not sent yet" };
/** In the owner parameter: every owner (a rep's list otherwise opens on their own deals). */
export const ALL_OWNERS = "all";

export interface DealFilters {
  /** Deals whose `dates` fall in the period (whole days in the organisation's time zone). */
  period?: Period & { dates: DealDates };
  /** A segment, source or owner; null: the deals with none. */
  segment?: string | null;
  source?: string | null;
  ownerId?: number | null;
  stageId?: number;
  status?: DealStatus;
  /** The ABM tier of the deal's account, "abm" (any tier: an ABM deal) or "none" (no tier, or no account). */
  tier?: AbmTier | typeof ABM | typeof NONE;
  /** The forecast category in force (the deal's own, or derived from its status and stage). */
  forecast?: ForecastCategory;
  /** The column of the forecast's call an open deal counts in (an open deal called Closed is Commit). */
  call?: ForecastCall;
  /** A deal-size tier (its index in the tier bounds), or "none": no amount. */
  band?: number | typeof NONE;
  /** At most one contact Engaged or Active on the deal's map. */
  singleThreaded?: true;
  /** Open, and in its current stage past the stage's expected days. */
  stalled?: true;
  /** Open, and showing one of the playbook's stall patterns (lib/win-loss/stalls.ts), or any of them. */
  stall?: StallPattern | typeof ANY_STALL;
  /** Open, and no case study matches it, or a matched one was not sent to it yet (lib/win-loss/proof-matching.ts). */
  proof?: ProofFilter;
  /** Open, with an expected close date before today. */
  pastClose?: true;
  /** No loss reason recorded (the Closed Lost SLA's breaches, with status=lost). */
  noLossReason?: true;
  /** A rival recorded as the competitor: not the status quo or an in-house build (the Competitive Alert Monitor's "every rival"). */
  rivals?: true;
  /** Open, with no next step written. */
  noNextStep?: true;
  /** The win or loss reason or competitor recorded (its label, else the text as entered); null: none recorded. */
  winReason?: string | null;
  lossReason?: string | null;
  competitor?: string | null;
  /** The stage a lost deal was lost at (a stage id); null: unknown. */
  lostAt?: number | null;
  /** The industry of the deal's account; null: none. */
  industry?: string | null;
  /** Single-threaded, multi-threaded or neither (2 contacts engaged), docs/metrics.md §5. */
  threading?: Threading;
  /** With `dates=due`: only the stage updates due in the period that breached the Opportunity SLA (the funnel's breaches). */
  slaBreached?: true;
  /** Part of the deal's or its account's name. */
  search?: string;
}

/** The win/loss page's text filters: a reason, competitor or industry as recorded, or "none". */
const recordedFilters = ["winReason", "lossReason", "competitor", "industry"] as const;

export interface DealsRequest {
  /** The period preset when a period is set. */
  preset?: PeriodPreset;
  filters: DealFilters;
  /** The owner was not in the link: a rep's own deals (or everyone's for other roles). */
  ownerDefaulted: boolean;
  sort: DealSort;
  descending: boolean;
  page: number;
}

const fail = (parameter: string, error: string): { ok: false } & RequestError => ({ ok: false, parameter, error });

const oneOf = <T extends string>(values: readonly T[], value: string): value is T => (values as readonly string[]).includes(value);

/** The owner a list opens on when the link names none: a rep's own deals, everyone's for the other roles. */
export interface DealsViewer {
  /** The rep's user id; undefined for roles that see every deal by default. */
  defaultOwnerId?: number;
}

export function parseDealsRequest(params: Params, today: string, viewer: DealsViewer = {}): { ok: true; request: DealsRequest } | ({ ok: false } & RequestError) {
  const filters: DealFilters = {};
  let preset: PeriodPreset | undefined;

  const from = single(params, "from");
  const to = single(params, "to");
  const periodParam = single(params, "period") ?? (from || to ? "custom" : undefined);
  if (periodParam !== undefined) {
    if (!oneOf(periodPresets, periodParam)) return fail("period", `period must be one of ${periodPresets.join(", ")}; got "${periodParam}".`);
    let period: Period;
    if (periodParam === "custom") {
      const custom = customPeriod(from, to);
      if (!custom.ok) return fail(custom.parameter, custom.error);
      period = custom.period;
    } else period = presetPeriod(periodParam, today);
    const dates = single(params, "dates") ?? "created";
    if (!oneOf(dealDates, dates)) return fail("dates", `dates must be one of ${dealDates.join(", ")}; got "${dates}".`);
    preset = periodParam;
    filters.period = { ...period, dates };
  }

  const segment = single(params, "segment");
  if (segment !== undefined) filters.segment = segment === NONE ? null : segment;
  const source = single(params, "source");
  if (source !== undefined) filters.source = source === NONE ? null : source;

  const owner = single(params, "owner");
  if (owner === undefined) {
    if (viewer.defaultOwnerId !== undefined) filters.ownerId = viewer.defaultOwnerId;
  } else if (owner === NONE) filters.ownerId = null;
  else if (owner !== ALL_OWNERS) {
    const id = wholeNumberParam(params, "owner", 1, 2 ** 31 - 1);
    if (isRequestError(id)) return fail("owner", `owner must be a user id, "${ALL_OWNERS}" or "${NONE}"; got "${owner}".`);
    filters.ownerId = id!;
  }

  const stage = wholeNumberParam(params, "stage", 1, 2 ** 31 - 1);
  if (isRequestError(stage)) return fail("stage", `stage must be a pipeline stage id (a whole number); got "${single(params, "stage")}".`);
  if (stage !== undefined) filters.stageId = stage;

  const status = single(params, "status");
  if (status !== undefined) {
    if (!oneOf(dealStatuses, status)) return fail("status", `status must be one of ${dealStatuses.join(", ")}; got "${status}".`);
    filters.status = status;
  }

  const tier = single(params, "tier");
  if (tier !== undefined) {
    if (tier !== NONE && tier !== ABM && !oneOf(abmTiers, tier)) return fail("tier", `tier must be one of ${abmTiers.join(", ")}, ${ABM} (any tier), ${NONE}; got "${tier}".`);
    filters.tier = tier as AbmTier | typeof ABM | typeof NONE;
  }

  const forecast = single(params, "forecast");
  if (forecast !== undefined) {
    if (!oneOf(forecastCategories, forecast)) return fail("forecast", `forecast must be one of ${forecastCategories.join(", ")}; got "${forecast}".`);
    filters.forecast = forecast;
  }

  const call = single(params, "call");
  if (call !== undefined) {
    if (!oneOf(forecastCalls, call)) return fail("call", `call must be one of ${forecastCalls.join(", ")}; got "${call}".`);
    filters.call = call;
  }

  const stall = single(params, "stall");
  if (stall !== undefined) {
    if (stall !== ANY_STALL && !oneOf(stallPatterns, stall)) return fail("stall", `stall must be one of ${stallPatterns.join(", ")} or ${ANY_STALL}; got "${stall}".`);
    filters.stall = stall as StallPattern | typeof ANY_STALL;
  }

  const proof = single(params, "proof");
  if (proof !== undefined) {
    if (!oneOf(proofFilters, proof)) return fail("proof", `proof must be one of ${proofFilters.join(", ")}; got "${proof}".`);
    filters.proof = proof as ProofFilter;
  }

  const band = single(params, "band");
  if (band !== undefined) {
    if (band === NONE) filters.band = NONE;
    else {
      const index = wholeNumberParam(params, "band", 0, 20);
      if (isRequestError(index)) return fail("band", `band must be a deal-size tier (0 for the smallest) or "${NONE}" for deals without an amount; got "${band}".`);
      filters.band = index!;
    }
  }

  for (const [name, key] of [
    ["singleThreaded", "singleThreaded"],
    ["stalled", "stalled"],
    ["pastClose", "pastClose"],
    ["noLossReason", "noLossReason"],
    ["rivals", "rivals"],
    ["noNextStep", "noNextStep"],
    ["slaBreached", "slaBreached"],
  ] as const) {
    const value = single(params, name);
    if (value === undefined || value === "0") continue;
    if (value !== "1") return fail(name, `${name} must be 1 (only those deals) or 0; got "${value}".`);
    filters[key] = true;
  }

  for (const name of recordedFilters) {
    const value = single(params, name);
    if (value !== undefined) filters[name] = value === NONE ? null : value.slice(0, 200);
  }

  const lostAt = single(params, "lostAt");
  if (lostAt !== undefined) {
    if (lostAt === NONE) filters.lostAt = null;
    else {
      const id = wholeNumberParam(params, "lostAt", 1, 2 ** 31 - 1);
      if (isRequestError(id)) return fail("lostAt", `lostAt must be a pipeline stage id (a whole number) or "${NONE}"; got "${lostAt}".`);
      filters.lostAt = id!;
    }
  }

  const threading = single(params, "threading");
  if (threading !== undefined) {
    if (!oneOf(threadings, threading)) return fail("threading", `threading must be one of ${threadings.join(", ")}; got "${threading}".`);
    filters.threading = threading;
  }

  if (filters.slaBreached && filters.period?.dates !== "due") {
    return fail("slaBreached", "slaBreached=1 reads the stage updates due in a period: give a period with dates=due.");
  }

  const search = single(params, "q");
  if (search !== undefined) filters.search = search.slice(0, 100);

  const sort = single(params, "sort") ?? "created";
  if (!oneOf(dealSorts, sort)) return fail("sort", `sort must be one of ${dealSorts.join(", ")}; got "${sort}".`);
  const dir = single(params, "dir");
  if (dir !== undefined && dir !== "asc" && dir !== "desc") return fail("dir", `dir must be asc or desc; got "${dir}".`);
  const page = parsePage(params);
  if (!page.ok) return page;

  return {
    ok: true,
    request: {
      ...(preset ? { preset } : {}),
      filters,
      ownerDefaulted: owner === undefined,
      sort,
      descending: dir ? dir === "desc" : defaultDescending(sort),
      page: page.page,
    },
  };
}

/**
 * The win/loss filters in force, in words, for the list's heading ("Loss reason: Price"): they have
 * no control of their own, so the list says what it holds. `stageName` names a stage id.
 */
export function winLossFilterNotes(filters: DealFilters, stageName: (id: number) => string): string[] {
  const recorded = (label: string, value: string | null | undefined, none: string) => (value === undefined ? [] : [`${label}: ${value ?? none}`]);
  return [
    ...recorded("Win reason", filters.winReason, "none recorded"),
    ...recorded("Loss reason", filters.lossReason, "none recorded"),
    ...recorded("Competitor", filters.competitor, "none recorded"),
    ...(filters.lostAt === undefined ? [] : [`Lost at: ${filters.lostAt === null ? "unknown stage" : stageName(filters.lostAt)}`]),
    ...recorded("Industry", filters.industry, "none"),
    ...(filters.threading ? [`Threading: ${threadingLabels[filters.threading]}`] : []),
  ];
}

/** Names and close dates read earliest first; amounts, creation and days in stage largest (latest) first. */
export const defaultDescending = (sort: DealSort): boolean => !["name", "close"].includes(sort);

/** The owner parameter of a filter: a user id, "none" or "all". */
export function ownerParam(ownerId: number | null | undefined): string {
  return ownerId === undefined ? ALL_OWNERS : ownerId === null ? NONE : String(ownerId);
}

/**
 * The request as URL parameters. The owner is always written (a rep's default made explicit), so a
 * link or a download holds the same deals whoever opens it.
 */
export function dealsRequestParams(request: DealsRequest, changes: Partial<Pick<DealsRequest, "sort" | "descending" | "page">> = {}): URLSearchParams {
  const r = { ...request, ...changes };
  const f = r.filters;
  const p = new URLSearchParams();
  if (f.period && r.preset) {
    p.set("period", r.preset);
    if (r.preset === "custom") {
      p.set("from", f.period.from);
      p.set("to", f.period.to);
    }
    p.set("dates", f.period.dates);
  }
  if (f.segment !== undefined) p.set("segment", f.segment ?? NONE);
  if (f.source !== undefined) p.set("source", f.source ?? NONE);
  p.set("owner", ownerParam(f.ownerId));
  if (f.stageId !== undefined) p.set("stage", String(f.stageId));
  if (f.status) p.set("status", f.status);
  if (f.tier) p.set("tier", f.tier);
  if (f.forecast) p.set("forecast", f.forecast);
  if (f.call) p.set("call", f.call);
  if (f.stall) p.set("stall", f.stall);
  if (f.proof) p.set("proof", f.proof);
  if (f.band !== undefined) p.set("band", String(f.band));
  if (f.singleThreaded) p.set("singleThreaded", "1");
  if (f.stalled) p.set("stalled", "1");
  if (f.pastClose) p.set("pastClose", "1");
  if (f.noLossReason) p.set("noLossReason", "1");
  if (f.rivals) p.set("rivals", "1");
  if (f.noNextStep) p.set("noNextStep", "1");
  for (const name of recordedFilters) if (f[name] !== undefined) p.set(name, f[name] ?? NONE);
  if (f.lostAt !== undefined) p.set("lostAt", f.lostAt === null ? NONE : String(f.lostAt));
  if (f.threading) p.set("threading", f.threading);
  if (f.slaBreached) p.set("slaBreached", "1");
  if (f.search) p.set("q", f.search);
  p.set("sort", r.sort);
  p.set("dir", r.descending ? "desc" : "asc");
  if (r.page > 1) p.set("page", String(r.page));
  return p;
}

/** Whether any parameter of a deal list is present: the opportunities export is then that list, not every deal. */
export function hasDealParams(params: URLSearchParams): boolean {
  return ["period", "from", "to", "dates", "segment", "source", "owner", "stage", "status", "tier", "forecast", "call", "stall", "proof", "band", "singleThreaded", "stalled", "pastClose", "noLossReason", "rivals", "noNextStep", "slaBreached", ...recordedFilters, "lostAt", "threading", "q"].some((name) =>
    params.has(name),
  );
}
