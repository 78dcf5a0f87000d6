export const buyingGroupRoles = [
  "economic_buyer",
  "champion",
  "technical_evaluator",
  "end_user",
  "blocker_influencer",
] as const;
export type BuyingGroupRole = (typeof buyingGroupRoles)[number];

export const buyingGroupRoleInfo: Record<BuyingGroupRole, { label: string; description: string }> = {
  economic_buyer: { label: "Economic Buyer", description: "Controls budget and approves spend." },
  champion: { label: "Champion", description: "Internal advocate who drives the evaluation." },
  technical_evaluator: { label: "Technical Evaluator", description: "Validates product capability." },
  end_user: { label: "End User", description: "Will use the product daily." },
  blocker_influencer: {
    label: "Blocker / Influencer",
    description: "Has objections or competing priorities, or sways the decision.",
  },
};

/** Each status implies the ones before it. */
export const contactStatuses = ["identified", "engaged", "active"] as const;
export type ContactStatus = (typeof contactStatuses)[number];

export const engagementLevels = ["none", "low", "medium", "high"] as const;
export type EngagementLevel = (typeof engagementLevels)[number];

/** A contact's seniority, from the top down. */
export const seniorities = ["c_level", "vp", "director", "manager", "individual_contributor"] as const;
export type Seniority = (typeof seniorities)[number];

/** One change of a buying-group map, as its history lists it. */
export interface MapChange {
  at: Date;
  by: string | null;
  what: string;
  from: string | null;
  to: string | null;
}

/** The kinds of edit of a buying-group map (an account's or a deal's), each saved on its own. */
export const mapEditKinds = ["assign", "add", "status", "engagement", "gapAction", "remove"] as const;
export type MapEditKind = (typeof mapEditKinds)[number];

/**
 * The buying-group role a job title suggests, or null when the title says nothing useful. The first
 * rule that matches wins; a rep confirms or changes the suggestion on the account's map.
 */
const titleRules: { role: BuyingGroupRole; pattern: RegExp }[] = [
  { role: "blocker_influencer", pattern: /\b(procurement|purchasing|legal|counsel|compliance|sourcing|vendor management|risk)\b/i },
  { role: "technical_evaluator", pattern: /\b(cto|cio|ciso|engineer\w*|architect|developer|devops|it|security|infrastructure|technical|technology|data|platform)\b/i },
  { role: "economic_buyer", pattern: /\b(ceo|cfo|coo|cro|cmo|chief|founder|co-founder|president|owner|vp|svp|evp|vice president|head of)\b/i },
  { role: "champion", pattern: /\b(director|manager|lead|operations|ops|revops|enablement)\b/i },
  { role: "end_user", pattern: /\b(analyst|specialist|coordinator|associate|representative|rep|sdr|bdr|account executive|executive assistant|consultant|administrator|admin)\b/i },
];

export function suggestRoleFromTitle(title: string | null | undefined): BuyingGroupRole | null {
  if (!title?.trim()) return null;
  return titleRules.find((r) => r.pattern.test(title))?.role ?? null;
}

export const buyingGroupRoleOrder = buyingGroupRoles;

/** What each role needs to hear, and the content that says it (the playbook's content mapping; marketing can edit it). */
export interface RoleContent {
  painPoint: string;
  asset: string;
  stage: "Consideration" | "Evaluation" | "Decision";
}

export const defaultRoleContent: Record<BuyingGroupRole, RoleContent> = {
  economic_buyer: { painPoint: "ROI justification", asset: "ROI calculator, executive brief", stage: "Decision" },
  champion: { painPoint: "Internal selling support", asset: "Business case template, competitive comparison", stage: "Evaluation" },
  technical_evaluator: { painPoint: "Integration and security concerns", asset: "Architecture doc, security whitepaper", stage: "Evaluation" },
  end_user: { painPoint: "Ease of use, daily workflow", asset: "Product walkthrough, customer testimonial", stage: "Consideration" },
  blocker_influencer: { painPoint: "Risk mitigation", asset: "Migration plan, SLA documentation", stage: "Decision" },
};
