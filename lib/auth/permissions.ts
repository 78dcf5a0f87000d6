/**
 * Who may do what: one map from permission to the roles that hold it. Every server action, route
 * handler and page checks it; the proxy's redirect to sign-in is a convenience, never the check.
 */
import type { UserRole } from "@/lib/domain/roles";
import type { MapEditKind } from "@/lib/domain/buying-group";

const everyone = ["admin", "executive", "marketing", "sales"] as const satisfies readonly UserRole[];

export const permissions = {
  /** The workspace overview every signed-in user lands near. */
  "workspace:view": everyone,
  /** Create users, change roles, deactivate, reset passwords. */
  "users:manage": ["admin"],
  /** Layer 1: the velocity dashboard, calculator and audit report (read-only for everyone). */
  "velocity:view": everyone,
  /** Layer 2: funnel conversion and SLA compliance (read-only for everyone). */
  "funnel:view": everyone,
  /** Dismiss an SLA breach with a reason: a rep the breaches they own, an admin any. */
  "breaches:dismiss": ["admin", "sales"],
  /** Layer 4: attribution by model and channel (read-only for everyone). */
  "attribution:view": everyone,
  /** Enter "How did you hear about us?" answers, fix their channels and edit the rules that map them. */
  "answers:manage": ["admin", "marketing"],
  /** Read the shared funnel definitions and SLAs, their versions and history. */
  "definitions:view": everyone,
  /** Propose a new version of a definition (a marketer or rep only for their team's definitions). */
  "definitions:propose": ["admin", "marketing", "sales"],
  /** Sign off a proposed version for one's own team (marketing for marketing, sales for sales). */
  "definitions:signoff": ["marketing", "sales"],
  /** See the targets, quotas and benchmarks the dashboards measure against. */
  "targets:view": everyone,
  /** Change targets, quotas, benchmarks, thresholds and organisation settings. */
  "settings:manage": ["admin"],
  /** Create and revoke API keys. */
  "apiKeys:manage": ["admin"],
  /** The scheduled jobs of the refresh cadence: turn them on or off, set their times, run one now. */
  "jobs:manage": ["admin"],
  /** Import CRM exports, see the import history and roll an import back. */
  "imports:manage": ["admin"],
  /** The ABM program: accounts by tier, their buying-group maps and the ABM measures. */
  "accounts:view": everyone,
  /** Opportunities: the deal list and each deal's page (read-only for everyone). */
  "deals:view": everyone,
  /** Set a deal's forecast category and next step: a rep on the deals they own, an admin on any. */
  "deals:edit": ["admin", "sales"],
  /** Set an account's ABM tier, the tier rules, the dark-after days and the content for each role. */
  "abm:manage": ["admin", "marketing"],
  /** Layer 3: signals, scores, response times and the live feed (read-only for everyone). */
  "signals:view": everyone,
  /** Work a signal queue: log "responded" and "meeting booked" (a rep on the signals routed to them). */
  "signals:respond": ["admin", "sales"],
  /** Edit the signal taxonomy, the scoring weights and thresholds, and run the calibration backtest's what-ifs. */
  "scoring:manage": ["admin", "marketing"],
  /** One's own notifications: the inbox, the bell, and which events come by which channel. */
  "notifications:read": everyone,
  /** The organisation's outgoing webhooks: the events each receives, turning them on and off, their delivery log. */
  "webhooks:manage": ["admin"],
  /** Download opportunities, accounts, contacts and buying-group maps as CSV. */
  "exports:download": everyone,
} as const satisfies Record<string, readonly UserRole[]>;

export type Permission = keyof typeof permissions;

/**
 * Who edits an account's buying-group map: its owner among the reps, and admins for every account.
 * Executives and marketing read maps; a rep reads other reps' maps but cannot change them.
 */
export function canEditBuyingGroup(user: { id: number; role: UserRole }, accountOwnerId: number | null): boolean {
  return user.role === "admin" || (user.role === "sales" && accountOwnerId === user.id);
}

/** A deal's own fields (forecast category, next step): its owner among the reps, and admins for every deal. */
export function canEditDeal(user: { id: number; role: UserRole }, dealOwnerId: number | null): boolean {
  return user.role === "admin" || (user.role === "sales" && dealOwnerId === user.id);
}

/**
 * A deal's own contacts on its map (who is on the deal, in which role, with what status, engagement
 * and gap action): the deal's owner and the account's owner among the reps, and admins.
 */
export function canEditDealMap(user: { id: number; role: UserRole }, dealOwnerId: number | null, accountOwnerId: number | null): boolean {
  return canEditBuyingGroup(user, accountOwnerId) || (user.role === "sales" && dealOwnerId === user.id);
}

/**
 * Whether an edit writes the account's own data (its contacts and their account-level role, status,
 * engagement and gap action) rather than only the deal's. Every edit of an account's map does; on a
 * deal's map only adding a new contact does, because the new contact joins the account.
 */
export function mapEditChangesAccount(kind: MapEditKind, onDeal: boolean): boolean {
  return !onDeal || kind === "add";
}

/**
 * May this user make this edit of a map: account data needs the account's map (its owner, admins),
 * a deal's own contacts need the deal's map (its owner as well). A rep who owns a deal on another
 * rep's account works the account's existing contacts on the deal, and adds none to the account.
 */
export function canMakeMapEdit(
  user: { id: number; role: UserRole },
  owners: { accountOwnerId: number | null; dealOwnerId: number | null },
  onDeal: boolean,
  kind: MapEditKind,
): boolean {
  return mapEditChangesAccount(kind, onDeal) ? canEditBuyingGroup(user, owners.accountOwnerId) : canEditDealMap(user, owners.dealOwnerId, owners.accountOwnerId);
}

export function can(role: UserRole, permission: Permission): boolean {
  return (permissions[permission] as readonly UserRole[]).includes(role);
}

/** Who logs a response or a meeting on a signal: the rep it was routed to, and admins for any. */
export function canRespondToSignal(user: { id: number; role: UserRole }, routedTo: number | null): boolean {
  return user.role === "admin" || (user.role === "sales" && routedTo === user.id);
}

/** Where each role lands after signing in. */
export const landingPath: Record<UserRole, string> = {
  admin: "/admin/users",
  executive: "/velocity",
  marketing: "/overview",
  sales: "/overview",
};
