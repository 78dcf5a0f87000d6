/** The roles a user can hold, in the order of the `user_role` database enum. */
export const userRoles = ["admin", "executive", "marketing", "sales"] as const;
export type UserRole = (typeof userRoles)[number];

export const roleLabels: Record<UserRole, string> = {
  admin: "RevOps admin",
  executive: "Executive",
  marketing: "Marketer",
  sales: "Sales rep",
};

export const roleDescriptions: Record<UserRole, string> = {
  admin: "Imports CRM data, owns funnel definitions and SLAs, sets targets, weights, tiers, users and API keys.",
  executive: "Reviews pipeline velocity, the four levers, coverage and the audit report.",
  marketing: "Enters self-reported attribution; watches signals, scores, ABM engagement and attribution.",
  sales: "Keeps buying-group maps of their own accounts and deals current; works their signal queue.",
};
