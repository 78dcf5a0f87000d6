/**
 * The Content Personalizer's pick (pure): the best asset of the library for one person at one account,
 * with the reasons it fits. An asset scores on each thing it names that the person shares: their
 * buying-group role (3), the signal they just sent (3), their stage (2), their account's industry
 * (2), the competitor in play (2). An asset that names nothing on a dimension fits any value there
 * but scores nothing for it. Assets the person already consumed are left out; an asset scoring under
 * MIN_SCORE is no pick. Ties: more dimensions matched, then the newest asset.
 */
import { buyingGroupRoleInfo, type BuyingGroupRole } from "@/lib/domain/buying-group";
import { defaultSignalTypes } from "@/lib/domain/signal-types";
import { funnelStageLabels, type AssetFormat, type FunnelStage } from "./content-assets";

export interface LibraryAsset {
  id: number;
  title: string;
  format: AssetFormat;
  url: string;
  roles: readonly BuyingGroupRole[];
  stages: readonly FunnelStage[];
  industries: readonly string[];
  signalTypes: readonly string[];
  competitor: string | null;
}

export interface PersonFacts {
  role: BuyingGroupRole | null;
  stage: FunnelStage;
  industry: string | null;
  signalType: string | null;
  competitor: string | null;
  /** Assets (by id) they already consumed or were sent. */
  consumed: ReadonlySet<number>;
}

export const pickWeights = { role: 3, signalType: 3, stage: 2, industry: 2, competitor: 2 } as const;
export const MIN_SCORE = 3;

export interface AssetPick {
  asset: LibraryAsset;
  score: number;
  reasons: string[];
}

const article = (noun: string) => `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const signalLabel = (key: string) => defaultSignalTypes.find((t) => t.key === key)?.label ?? key;

function score(asset: LibraryAsset, p: PersonFacts): AssetPick | null {
  const reasons: string[] = [];
  let total = 0;
  const fits = (names: readonly string[], value: string | null, weight: number, reason: (v: string) => string) => {
    if (names.length === 0) return true;
    if (value === null || !names.some((n) => same(n, value))) return false;
    total += weight;
    reasons.push(reason(value));
    return true;
  };
  if (!fits(asset.roles, p.role, pickWeights.role, (r) => `for ${article(buyingGroupRoleInfo[r as BuyingGroupRole].label)}`)) return null;
  if (!fits(asset.stages, p.stage, pickWeights.stage, (s) => `at the ${funnelStageLabels[s as FunnelStage].toLowerCase()} stage`)) return null;
  if (!fits(asset.industries, p.industry, pickWeights.industry, (i) => `in ${i}`)) return null;
  // A signal type or a competitor the asset names is a bonus, not a gate: a pricing-page asset still suits the role.
  if (p.signalType !== null && asset.signalTypes.includes(p.signalType)) {
    total += pickWeights.signalType;
    reasons.push(`answers ${signalLabel(p.signalType).toLowerCase()}`);
  }
  if (asset.competitor !== null && p.competitor !== null && same(asset.competitor, p.competitor)) {
    total += pickWeights.competitor;
    reasons.push(`against ${asset.competitor}`);
  }
  return { asset, score: total, reasons };
}

export function pickAsset(assets: readonly LibraryAsset[], person: PersonFacts): AssetPick | null {
  let best: AssetPick | null = null;
  for (const asset of assets) {
    if (person.consumed.has(asset.id)) continue;
    const pick = score(asset, person);
    if (!pick || pick.score < MIN_SCORE) continue;
    if (!best || pick.score > best.score || (pick.score === best.score && (pick.reasons.length > best.reasons.length || (pick.reasons.length === best.reasons.length && pick.asset.id > best.asset.id)))) best = pick;
  }
  return best;
}

/** The stage of a person's account: a deal at Proposal or later is the decision, any open deal the consideration, else awareness. */
export function funnelStageOf(openDealStagePosition: number | null): FunnelStage {
  if (openDealStagePosition === null) return "awareness";
  return openDealStagePosition >= 3 ? "decision" : "consideration";
}

/** What a pick reads about a signal's sender (the query's row). */
export interface SignalPickFacts {
  type: string;
  role: BuyingGroupRole | null;
  industry: string | null;
  dealStagePosition: number | null;
  competitor: string | null;
  consumed: readonly number[];
}

export const signalPerson = (s: SignalPickFacts): PersonFacts => ({
  role: s.role,
  stage: funnelStageOf(s.dealStagePosition),
  industry: s.industry,
  signalType: s.type,
  competitor: s.competitor,
  consumed: new Set(s.consumed),
});

/** What a buying-group gap's pick reads about its account (or deal). */
export interface GapAccountFacts {
  industry: string | null;
  /** The deal's stage position (the account's most advanced open deal's, for the account's gaps); null without a deal. */
  dealStagePosition: number | null;
  competitor: string | null;
  /** Assets already sent to anyone at the account. */
  consumed: readonly number[];
}

/** The best asset for the person a gap needs (or the contacts in a role gone dark): the role at the account's stage, industry and rival. */
export function pickForRole(assets: readonly LibraryAsset[], role: BuyingGroupRole, account: GapAccountFacts): AssetPick | null {
  return pickAsset(assets, { role, stage: funnelStageOf(account.dealStagePosition), industry: account.industry, signalType: null, competitor: account.competitor, consumed: new Set(account.consumed) });
}

/** Why nothing fits a signal: the log's reason, and the library's gap. */
export function noFitReason(s: SignalPickFacts): string {
  const who = [s.role ? article(buyingGroupRoleInfo[s.role].label) : "someone with no role", s.industry ? `in ${s.industry}` : null, `at the ${funnelStageLabels[funnelStageOf(s.dealStagePosition)].toLowerCase()} stage`].filter(Boolean).join(" ");
  return `No asset in the library fits ${who} after ${article(signalLabel(s.type).toLowerCase())}${s.consumed.length > 0 ? ` (${s.consumed.length} already sent to them left out)` : ""}.`;
}
