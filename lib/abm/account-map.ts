/**
 * One account's buying-group picture: the account's map and each open deal's, with coverage,
 * threading and gaps. Read by the account page, its orchestration plan and the API.
 */
import type { Database } from "@/db/index";
import { accountRow, type AccountRow } from "@/db/queries/accounts";
import { accountBuyingGroup, mapHistory, type AccountMap, type DealMap } from "@/db/queries/buying-groups";
import { getSetting } from "@/db/queries/settings";
import { personalizeGaps } from "@/lib/automations/content-personalizer-run";
import type { MapChange } from "@/lib/domain/buying-group";
import { tierReasons } from "@/lib/metrics/abm";
import { coverage, gapAnalysis, knownChampions, threading, type Coverage, type Gap, type GapOptions, type Threading } from "@/lib/metrics/buying-group";
import type { AbmSettings } from "@/lib/settings/definitions";

export interface DealPicture extends DealMap {
  coverage: Coverage;
  threading: Threading;
  gaps: Gap[];
}

export interface AccountPicture {
  account: AccountRow;
  map: AccountMap;
  coverage: Coverage;
  gaps: Gap[];
  /** The map's known champions (Engaged or Active), read now. */
  champions: string[];
  /** Why the rules suggest the account's tier, from its figures and map as they are now. */
  tierReasons: string[];
  deals: DealPicture[];
  history: MapChange[];
  settings: AbmSettings;
  currency: string;
  asOf: Date;
}

/** A deal's map with its coverage, threading and gaps, read at `options.now`: on the account page and the deal's own. */
export function dealPicture(deal: DealMap, options: GapOptions): DealPicture {
  return { ...deal, coverage: coverage(deal.contacts), threading: threading(deal.contacts), gaps: gapAnalysis(deal.contacts, options) };
}

export async function accountPicture(db: Database, accountId: number, asOf: Date = new Date()): Promise<AccountPicture> {
  const [settings, organisation] = await Promise.all([getSetting(db, "abm"), getSetting(db, "organisation")]);
  const [account, map, history] = await Promise.all([accountRow(db, settings.tierRules, accountId), accountBuyingGroup(db, accountId), mapHistory(db, accountId, { limit: 30 })]);
  const options = { now: asOf, darkAfterDays: settings.darkAfterDays, content: settings.roleContent };
  const champions = knownChampions(map.contacts);
  const deals = map.deals.map((deal) => dealPicture(deal, options));
  // The Content Personalizer, while it is on, names the library's asset for each gap.
  const [gaps, ...dealGaps] = await personalizeGaps(db, accountId, [{ gaps: gapAnalysis(map.contacts, options), dealId: null }, ...deals.map((d) => ({ gaps: d.gaps, dealId: d.id }))]);
  return {
    account,
    map,
    coverage: coverage(map.contacts),
    gaps: gaps!,
    champions,
    tierReasons: tierReasons({ icpFit: account.icpFit, intent: account.intent, champions }, settings.tierRules),
    deals: deals.map((d, i) => ({ ...d, gaps: dealGaps[i]! })),
    history,
    settings,
    currency: organisation.currency,
    asOf,
  };
}
