/**
 * Social-proof matching (playbook Phase 6, "social proof matching"): each open deal's profile
 * against the case-study library. A story earns points for each attribute it shares with the deal;
 * the best three above the floor are the deal's matches, and a deal none reaches is a gap for the
 * content team. Pure: the profiles and stories come from db/queries/proof.ts.
 */

/** Company size bands, read from the account's employees, else from the deal's or account's segment. */
export const sizeBands = ["smb", "mid_market", "enterprise"] as const;
export type SizeBand = (typeof sizeBands)[number];

export const sizeBandLabels: Record<SizeBand, string> = { smb: "SMB", mid_market: "Mid-market", enterprise: "Enterprise" };

/** The employee counts each band starts at (SMB below 200, Mid-market 200–999, Enterprise 1,000 and more). */
export const MID_MARKET_FROM = 200;
export const ENTERPRISE_FROM = 1000;

export const sizeBandDefinitions: Record<SizeBand, string> = {
  smb: `fewer than ${MID_MARKET_FROM} employees, or segment SMB`,
  mid_market: `${MID_MARKET_FROM}–${(ENTERPRISE_FROM - 1).toLocaleString("en-US")} employees, or segment Mid-market`,
  enterprise: `${ENTERPRISE_FROM.toLocaleString("en-US")} employees or more, or segment Enterprise`,
};

export function sizeBandOfEmployees(employees: number): SizeBand {
  if (employees >= ENTERPRISE_FROM) return "enterprise";
  return employees >= MID_MARKET_FROM ? "mid_market" : "smb";
}

/** A segment as CRMs write it ("Mid-Market", "mid market", "SMB", "Small business", "Enterprise"); null when it names no band. */
export function sizeBandOfSegment(segment: string | null | undefined): SizeBand | null {
  const s = (segment ?? "").toLowerCase().replace(/[^a-z]/g, "");
  if (s === "") return null;
  if (s.startsWith("mid")) return "mid_market";
  if (s.startsWith("ent")) return "enterprise";
  if (s === "smb" || s.startsWith("small") || s === "sme" || s === "startup") return "smb";
  return null;
}

export interface DealProfile {
  /** The account's industry (after the industry rules). */
  industry: string | null;
  employees: number | null;
  /** The deal's segment, else its account's. */
  segment: string | null;
  useCase: string | null;
  /** The competitor recorded on the deal. */
  competitor: string | null;
  /** The objection heard on the deal, when one is known. */
  objection: string | null;
  stageId: number | null;
}

export interface ProofStory {
  id: number;
  title: string;
  industry: string | null;
  sizeBand: SizeBand | null;
  useCase: string | null;
  /** The competitor the customer switched from. */
  competitor: string | null;
  objection: string | null;
  stageId: number | null;
}

/** The deal's size band: its account's employees, else its segment; null when neither says. */
export function dealSizeBand(profile: Pick<DealProfile, "employees" | "segment">): SizeBand | null {
  return profile.employees !== null ? sizeBandOfEmployees(profile.employees) : sizeBandOfSegment(profile.segment);
}

export const matchAttributes = ["industry", "competitor", "useCase", "objection", "sizeBand", "stage"] as const;
export type MatchAttribute = (typeof matchAttributes)[number];

/** Points a shared attribute earns: who they are and whom they left weigh most, the stage least. */
export const matchWeights: Record<MatchAttribute, number> = { industry: 3, competitor: 3, useCase: 2, objection: 2, sizeBand: 2, stage: 1 };

/**
 * A story matches a deal from this many points: something about who they are or what holds them
 * back, with context (industry or competitor with the stage; use case or objection with the size),
 * or two of use case, objection and size. Size and stage alone (3 points) say little: at 3, nearly
 * every deal of a library of a dozen stories matched one, and no gap was ever flagged.
 */
export const MATCH_FLOOR = 4;

/** How many matches a deal shows. */
export const BEST_MATCHES = 3;

export interface ProofMatch {
  story: ProofStory;
  score: number;
  /** Why it matches, one line per shared attribute, strongest first. */
  reasons: string[];
}

/** Text compared without case, spacing or "&" versus "and". */
const norm = (value: string | null | undefined): string => (value ?? "").toLowerCase().replace(/&/g, " and ").replace(/\s+/g, " ").trim();

const same = (a: string | null | undefined, b: string | null | undefined) => norm(a) !== "" && norm(a) === norm(b);

/** One story against one deal: its points and the reasons, strongest first. */
export function scoreStory(profile: DealProfile, story: ProofStory, stageName: (id: number) => string = (id) => `stage #${id}`): { score: number; reasons: string[] } {
  const band = dealSizeBand(profile);
  const shared: [MatchAttribute, boolean, string][] = [
    ["industry", same(profile.industry, story.industry), `Same industry: ${story.industry}`],
    ["competitor", same(profile.competitor, story.competitor), `Switched from ${story.competitor}, the competitor on this deal`],
    ["useCase", same(profile.useCase, story.useCase), `Same use case: ${story.useCase}`],
    ["objection", same(profile.objection, story.objection), `Answers the objection: ${story.objection}`],
    ["sizeBand", band !== null && band === story.sizeBand, `Similar size: ${story.sizeBand ? sizeBandLabels[story.sizeBand] : ""}`],
    ["stage", profile.stageId !== null && profile.stageId === story.stageId, `Helps at ${stageName(story.stageId ?? 0)}, the deal's stage`],
  ];
  const hits = shared.filter(([, hit]) => hit);
  return { score: hits.reduce((sum, [attribute]) => sum + matchWeights[attribute], 0), reasons: hits.map(([, , reason]) => reason) };
}

/** The deal's best stories at or above the floor, most points first (ties: the newer story, by id). */
export function bestMatches(profile: DealProfile, stories: readonly ProofStory[], stageName?: (id: number) => string, limit = BEST_MATCHES): ProofMatch[] {
  return stories
    .map((story) => ({ story, ...scoreStory(profile, story, stageName) }))
    .filter((m) => m.score >= MATCH_FLOOR)
    .sort((a, b) => b.score - a.score || b.story.id - a.story.id)
    .slice(0, limit);
}

/** What a gap is keyed by: the attributes a new story would need to share with the deal. */
export interface GapProfile {
  industry: string | null;
  sizeBand: SizeBand | null;
  useCase: string | null;
  competitor: string | null;
}

export function gapProfile(profile: DealProfile): GapProfile {
  const text = (v: string | null) => (norm(v) === "" ? null : v!.trim());
  return { industry: text(profile.industry), sizeBand: dealSizeBand(profile), useCase: text(profile.useCase), competitor: text(profile.competitor) };
}

/** A gap's name in words: "Fintech · Mid-market · Lead routing · against PipeIQ". */
export function gapLabel(gap: GapProfile): string {
  const parts = [gap.industry ?? "Industry unknown", gap.sizeBand ? sizeBandLabels[gap.sizeBand] : "Size unknown", gap.useCase ?? "Use case unknown"];
  if (gap.competitor) parts.push(`against ${gap.competitor}`);
  return parts.join(" · ");
}

export const gapKey = (gap: GapProfile): string => JSON.stringify([norm(gap.industry), gap.sizeBand, norm(gap.useCase), norm(gap.competitor)]);

export interface GapDeal {
  id: number;
  /** Numeric string, or null when the deal has none. */
  amount: string | null;
  profile: DealProfile;
}

export interface GapGroup {
  key: string;
  profile: GapProfile;
  dealIds: number[];
}

/** The open deals no story matches, grouped by profile (the money each group holds is summed in SQL). */
export function gapGroups(deals: readonly GapDeal[], stories: readonly ProofStory[]): GapGroup[] {
  const groups = new Map<string, GapGroup>();
  for (const deal of deals) {
    if (bestMatches(deal.profile, stories, undefined, 1).length > 0) continue;
    const profile = gapProfile(deal.profile);
    const key = gapKey(profile);
    const group = groups.get(key) ?? { key, profile, dealIds: [] };
    group.dealIds.push(deal.id);
    groups.set(key, group);
  }
  return [...groups.values()];
}
