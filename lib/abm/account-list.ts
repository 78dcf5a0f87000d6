/**
 * The /accounts list's filters, sorting and page, read from URL parameters with errors that name
 * the parameter, and written back for links.
 */
import { abmTiers, type AbmTier } from "@/lib/domain/abm-tiers";
import { isRequestError, parsePage, single, wholeNumberParam, type Params, type RequestError } from "@/lib/velocity/request";

export const ACCOUNTS_PER_PAGE = 50;

export type IntentBand = "active" | "some" | "none";
export type ChampionFilter = "known" | "none";

export interface AccountFilters {
  /** A tier in force, or "none" for accounts outside the program. */
  tier?: AbmTier | "none";
  /** Accounts whose tier in force is not the one the rules suggest. */
  differs?: boolean;
  /** The tier the rules suggest, or "none" for accounts they leave out. */
  suggested?: AbmTier | "none";
  /** With a contact engaged (on the map, or by engagement level) and touched in the last 30 days: Tier 1 engagement's rule. */
  engaged?: boolean;
  ownerId?: number;
  minFit?: number;
  intent?: IntentBand;
  /** At least this many roles identified. */
  minCoverage?: number;
  /** Accounts with a champion known (Engaged or Active on the map), or without one. */
  champion?: ChampionFilter;
  /** Part of the name or domain. */
  search?: string;
}

export const accountSorts = ["name", "tier", "fit", "intent", "coverage", "owner", "pipeline"] as const;
export type AccountSort = (typeof accountSorts)[number];

export interface AccountListRequest {
  filters: AccountFilters;
  sort: AccountSort;
  descending: boolean;
  page: number;
}

const intentBands: readonly IntentBand[] = ["active", "some", "none"];
const championFilters: readonly ChampionFilter[] = ["known", "none"];

export function parseAccountList(params: Params): { ok: true; request: AccountListRequest } | ({ ok: false } & RequestError) {
  const filters: AccountFilters = {};
  const tier = single(params, "tier");
  if (tier !== undefined) {
    if (tier !== "none" && !abmTiers.includes(tier as AbmTier)) return { ok: false, parameter: "tier", error: `tier must be one of ${abmTiers.join(", ")}, none; got "${tier}".` };
    filters.tier = tier as AbmTier | "none";
  }
  const intent = single(params, "intent");
  if (intent !== undefined) {
    if (!intentBands.includes(intent as IntentBand)) return { ok: false, parameter: "intent", error: `intent must be one of ${intentBands.join(", ")}; got "${intent}".` };
    filters.intent = intent as IntentBand;
  }
  const champion = single(params, "champion");
  if (champion !== undefined) {
    if (!championFilters.includes(champion as ChampionFilter)) return { ok: false, parameter: "champion", error: `champion must be one of ${championFilters.join(", ")}; got "${champion}".` };
    filters.champion = champion as ChampionFilter;
  }
  const suggested = single(params, "suggested");
  if (suggested !== undefined) {
    if (suggested !== "none" && !abmTiers.includes(suggested as AbmTier)) return { ok: false, parameter: "suggested", error: `suggested must be one of ${abmTiers.join(", ")}, none; got "${suggested}".` };
    filters.suggested = suggested as AbmTier | "none";
  }
  for (const flag of ["differs", "engaged"] as const) {
    const value = single(params, flag);
    if (value === undefined || value === "0") continue;
    if (value !== "1") return { ok: false, parameter: flag, error: `${flag} must be 1 (only those accounts) or 0; got "${value}".` };
    filters[flag] = true;
  }
  const owner = wholeNumberParam(params, "owner", 1, 2 ** 31 - 1);
  const fit = wholeNumberParam(params, "fit", 0, 100);
  const coverage = wholeNumberParam(params, "coverage", 0, 5);
  for (const value of [owner, fit, coverage]) if (isRequestError(value)) return { ok: false, ...value };
  const page = parsePage(params);
  if (!page.ok) return page;
  if (owner !== undefined) filters.ownerId = owner as number;
  if (fit !== undefined) filters.minFit = fit as number;
  if (coverage !== undefined) filters.minCoverage = coverage as number;
  const search = single(params, "q");
  if (search !== undefined) filters.search = search.slice(0, 100);
  const sort = single(params, "sort") ?? "tier";
  if (!accountSorts.includes(sort as AccountSort)) return { ok: false, parameter: "sort", error: `sort must be one of ${accountSorts.join(", ")}; got "${sort}".` };
  const dir = single(params, "dir");
  if (dir !== undefined && dir !== "asc" && dir !== "desc") return { ok: false, parameter: "dir", error: `dir must be asc or desc; got "${dir}".` };
  // Names, owners and tiers read A→Z; the measures read highest first.
  const descending = dir ? dir === "desc" : !["name", "owner", "tier"].includes(sort);
  return { ok: true, request: { filters, sort: sort as AccountSort, descending, page: page.page } };
}

export function accountListParams(request: AccountListRequest, changes: Partial<AccountListRequest> = {}): URLSearchParams {
  const r = { ...request, ...changes };
  const p = new URLSearchParams();
  const f = r.filters;
  if (f.tier) p.set("tier", f.tier);
  if (f.differs) p.set("differs", "1");
  if (f.suggested) p.set("suggested", f.suggested);
  if (f.engaged) p.set("engaged", "1");
  if (f.ownerId !== undefined) p.set("owner", String(f.ownerId));
  if (f.minFit !== undefined) p.set("fit", String(f.minFit));
  if (f.intent) p.set("intent", f.intent);
  if (f.minCoverage !== undefined) p.set("coverage", String(f.minCoverage));
  if (f.champion) p.set("champion", f.champion);
  if (f.search) p.set("q", f.search);
  p.set("sort", r.sort);
  p.set("dir", r.descending ? "desc" : "asc");
  if (r.page > 1) p.set("page", String(r.page));
  return p;
}
