import type { UserRole } from "@/lib/domain/roles";
import { can, type Permission } from "./auth/permissions";

export interface NavItem {
  href: string;
  label: string;
  permission: Permission;
}

/** The pages that exist, in menu order; each shows only to the roles its permission allows. */
export const navItems: readonly NavItem[] = [
  { href: "/overview", label: "Overview", permission: "workspace:view" },
  { href: "/velocity", label: "Velocity", permission: "velocity:view" },
  { href: "/funnel", label: "Funnel", permission: "funnel:view" },
  { href: "/signals", label: "Signals", permission: "signals:view" },
  { href: "/attribution", label: "Attribution", permission: "attribution:view" },
  { href: "/accounts", label: "Accounts", permission: "accounts:view" },
  { href: "/definitions", label: "Definitions", permission: "definitions:view" },
  { href: "/settings/reasons", label: "Win/loss reasons", permission: "velocity:view" },
  { href: "/settings/targets", label: "Targets", permission: "targets:view" },
  { href: "/import", label: "Import", permission: "imports:manage" },
  { href: "/settings/api-keys", label: "API keys", permission: "apiKeys:manage" },
  { href: "/settings/webhooks", label: "Webhooks", permission: "webhooks:manage" },
  { href: "/reports", label: "Reports", permission: "workspace:view" },
  { href: "/admin/jobs", label: "Jobs", permission: "jobs:manage" },
  { href: "/admin/users", label: "Users", permission: "users:manage" },
];

export function navFor(role: UserRole): NavItem[] {
  return navItems.filter((item) => can(role, item.permission));
}
