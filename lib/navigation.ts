import type { UserRole } from "@/lib/domain/roles";
import { can, type Permission } from "./auth/permissions";

/** Where an item sits in the header: the pages themselves, or the pipeline, settings or admin menu. */
export type NavGroup = "pages" | "pipeline" | "settings" | "admin";

export interface NavItem {
  href: string;
  label: string;
  permission: Permission;
  group: NavGroup;
}

/** The pages that exist, in menu order; each shows only to the roles its permission allows. */
export const navItems: readonly NavItem[] = [
  { href: "/overview", label: "Overview", permission: "workspace:view", group: "pages" },
  { href: "/velocity", label: "Velocity", permission: "velocity:view", group: "pages" },
  { href: "/funnel", label: "Funnel", permission: "funnel:view", group: "pages" },
  { href: "/signals", label: "Signals", permission: "signals:view", group: "pages" },
  { href: "/attribution", label: "Attribution", permission: "attribution:view", group: "pages" },
  { href: "/deals", label: "Deals", permission: "deals:view", group: "pages" },
  { href: "/accounts", label: "Accounts", permission: "accounts:view", group: "pages" },
  { href: "/reports", label: "Reports", permission: "workspace:view", group: "pages" },
  // The quarter's call and how the pipeline moved: one menu, so the header keeps to one line at 1440 px.
  { href: "/forecast", label: "Forecast", permission: "deals:view", group: "pipeline" },
  { href: "/deals/changes", label: "Pipeline changes", permission: "deals:view", group: "pipeline" },
  { href: "/win-loss", label: "Win/loss", permission: "velocity:view", group: "pipeline" },
  { href: "/automations", label: "Automations", permission: "signals:view", group: "pipeline" },
  { href: "/definitions", label: "Definitions", permission: "definitions:view", group: "settings" },
  { href: "/settings/reasons", label: "Win/loss reasons", permission: "velocity:view", group: "settings" },
  { href: "/settings/stalls", label: "Stall patterns", permission: "deals:view", group: "settings" },
  { href: "/settings/targets", label: "Targets", permission: "targets:view", group: "settings" },
  { href: "/settings/abm", label: "ABM settings", permission: "abm:manage", group: "settings" },
  { href: "/settings/icp", label: "ICP model", permission: "abm:manage", group: "settings" },
  { href: "/settings/notifications", label: "Notifications", permission: "notifications:read", group: "settings" },
  { href: "/settings/api-keys", label: "API keys", permission: "apiKeys:manage", group: "settings" },
  { href: "/settings/webhooks", label: "Webhooks", permission: "webhooks:manage", group: "settings" },
  { href: "/import", label: "Import", permission: "imports:manage", group: "admin" },
  { href: "/admin/jobs", label: "Jobs", permission: "jobs:manage", group: "admin" },
  { href: "/admin/users", label: "Users", permission: "users:manage", group: "admin" },
];

export function navFor(role: UserRole): NavItem[] {
  return navItems.filter((item) => can(role, item.permission));
}

/** One group of the header's menu: its name and the links the role may open, in menu order. */
export interface NavSection {
  group: NavGroup;
  label: string;
  items: { href: string; label: string }[];
}

const groupLabels: Record<NavGroup, string> = { pages: "Pages", pipeline: "Pipeline", settings: "Settings", admin: "Admin" };

/** The role's menu, grouped: every item the role may open appears exactly once; empty groups are left out. */
export function navMenuFor(role: UserRole): NavSection[] {
  const items = navFor(role);
  return (Object.keys(groupLabels) as NavGroup[])
    .map((group) => ({ group, label: groupLabels[group], items: items.filter((i) => i.group === group).map(({ href, label }) => ({ href, label })) }))
    .filter((section) => section.items.length > 0);
}
