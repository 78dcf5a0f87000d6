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
