/**
 * The Buying Group Mapper's rule (pure): the buying-group role a contact without one probably
 * plays, from the title first, then the seniority, then what the contact did (their signals), with
 * the reason in words. A proposal the rep rejected is never made again for that contact and role.
 */
import { buyingGroupRoleInfo, suggestRoleFromTitle, type BuyingGroupRole, type Seniority } from "@/lib/domain/buying-group";

export interface ContactFacts {
  title: string | null;
  seniority: Seniority | null;
  /** The types of the contact's own signals, any order, repeats allowed. */
  signalTypes: readonly string[];
}

export interface RoleProposal {
  role: BuyingGroupRole;
  /** "Title “VP Finance” reads as Economic Buyer". */
  reason: string;
}

const bySeniority: Record<Seniority, BuyingGroupRole> = {
  c_level: "economic_buyer",
  vp: "economic_buyer",
  director: "champion",
  manager: "champion",
  individual_contributor: "end_user",
};

const seniorityWords: Record<Seniority, string> = { c_level: "C-level", vp: "VP", director: "Director", manager: "Manager", individual_contributor: "Individual contributor" };

/** What a contact's own signals say about their part in the evaluation, strongest first. */
const byBehaviour: { types: readonly string[]; role: BuyingGroupRole; words: string }[] = [
  { types: ["demo_request", "pricing_page_depth"], role: "champion", words: "asked for a demo or read pricing in depth" },
  { types: ["review_site_research", "competitor_comparison"], role: "technical_evaluator", words: "compared products on review sites or comparison pages" },
  { types: ["trial_signup"], role: "end_user", words: "signed up for a trial" },
];

const label = (role: BuyingGroupRole) => buyingGroupRoleInfo[role].label;

/**
 * The role to propose, or null when nothing says. `rejected` holds the roles a rep already turned
 * down for this contact: a rule that lands on one of them gives way to the next rule.
 */
export function proposeRole(c: ContactFacts, rejected: ReadonlySet<BuyingGroupRole> = new Set()): RoleProposal | null {
  const candidates: RoleProposal[] = [];
  const title = c.title?.trim() || null;
  const fromTitle = suggestRoleFromTitle(title);
  if (fromTitle && title) candidates.push({ role: fromTitle, reason: `Title “${title.slice(0, 80)}” reads as ${label(fromTitle)}` });
  if (c.seniority) candidates.push({ role: bySeniority[c.seniority], reason: `${seniorityWords[c.seniority]} seniority reads as ${label(bySeniority[c.seniority])}` });
  const seen = new Set(c.signalTypes);
  for (const b of byBehaviour) {
    if (b.types.some((t) => seen.has(t))) candidates.push({ role: b.role, reason: `They ${b.words}: behaves like a ${label(b.role)}` });
  }
  return candidates.find((p) => !rejected.has(p.role)) ?? null;
}
