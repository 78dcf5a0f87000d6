/**
 * Buying-group coverage, threading and gaps (METRICS.md §5). Pure: the members of one account's or
 * one deal's map in, figures and recommended actions out.
 */
import { buyingGroupRoleInfo, buyingGroupRoles, defaultRoleContent, type BuyingGroupRole, type ContactStatus, type RoleContent } from "@/lib/domain/buying-group";

export interface BuyingGroupMember {
  name: string;
  role: BuyingGroupRole | null;
  status: ContactStatus;
  lastTouchAt: Date | null;
}

export interface Coverage {
  /** Roles with at least one contact, out of 5. */
  identified: number;
  /** Roles with a contact Engaged or Active. */
  engaged: number;
  /** Roles with an Active contact. */
  active: number;
}

const engagedOrActive = (status: ContactStatus) => status === "engaged" || status === "active";

/**
 * The map's Champions a rep can lean on: contacts in the Champion role who are Engaged or Active.
 * A Champion only identified is a name, not yet an advocate, so the map has no known champion.
 */
export function knownChampions(members: readonly Pick<BuyingGroupMember, "name" | "role" | "status">[]): string[] {
  return members.filter((m) => m.role === "champion" && engagedOrActive(m.status)).map((m) => m.name);
}

export function coverage(members: readonly BuyingGroupMember[]): Coverage {
  const inRole = (role: BuyingGroupRole) => members.filter((m) => m.role === role);
  return {
    identified: buyingGroupRoles.filter((r) => inRole(r).length > 0).length,
    engaged: buyingGroupRoles.filter((r) => inRole(r).some((m) => engagedOrActive(m.status))).length,
    active: buyingGroupRoles.filter((r) => inRole(r).some((m) => m.status === "active")).length,
  };
}

export type Threading = "multi" | "partial" | "single";

/** Multi-threaded: 3 or more contacts Engaged or Active; single-threaded: at most 1; 2 is neither. */
export function threading(members: readonly Pick<BuyingGroupMember, "status">[]): Threading {
  return threadingOf(members.filter((m) => engagedOrActive(m.status)).length);
}

/** The same from the count of contacts Engaged or Active on the deal. */
export function threadingOf(engagedContacts: number): Threading {
  return engagedContacts >= 3 ? "multi" : engagedContacts <= 1 ? "single" : "partial";
}

export type GapKind = "missing" | "under_engaged" | "gone_dark";

export interface Gap {
  role: BuyingGroupRole;
  kind: GapKind;
  /** The contacts the action is about (none for a missing role). */
  contacts: string[];
  action: string;
  asset: string;
  /** The Content Personalizer's pick from the library for this role at this account, while it is on. */
  pick?: { title: string; url: string; reasons: string[] };
}

export interface GapOptions {
  now: Date;
  /** A role whose latest touch is older than this has gone dark (a setting; 30 by default). */
  darkAfterDays: number;
  content?: Record<BuyingGroupRole, RoleContent>;
}

const DAY_MS = 86_400_000;

/** "Migration plan, SLA documentation" → "migration plan, SLA documentation"; "ROI calculator" stays. */
const lowerFirst = (text: string) => (/^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text);

/**
 * Each role's gap, in role order: missing (no contact), under-engaged (contacts, none Engaged or
 * Active) or gone dark (engaged, but no touch in `darkAfterDays`), with the action and the asset
 * for that role. A role with none of these has no gap.
 */
export function gapAnalysis(members: readonly BuyingGroupMember[], { now, darkAfterDays, content = defaultRoleContent }: GapOptions): Gap[] {
  const gaps: Gap[] = [];
  const champions = knownChampions(members);
  for (const role of buyingGroupRoles) {
    const label = buyingGroupRoleInfo[role].label;
    const { asset, painPoint } = content[role];
    const inRole = members.filter((m) => m.role === role);
    const names = inRole.map((m) => m.name);
    if (inRole.length === 0) {
      gaps.push({ role, kind: "missing", contacts: [], asset, action: missingRoleAction(role, label, champions, lowerFirst(painPoint), lowerFirst(asset)) });
      continue;
    }
    if (!inRole.some((m) => engagedOrActive(m.status))) {
      gaps.push({ role, kind: "under_engaged", contacts: names, asset, action: `Engage ${names.join(", ")} with the ${lowerFirst(asset)}.` });
      continue;
    }
    const latest = Math.max(...inRole.map((m) => m.lastTouchAt?.getTime() ?? -Infinity));
    if (now.getTime() - latest > darkAfterDays * DAY_MS) {
      gaps.push({ role, kind: "gone_dark", contacts: names, asset, action: `Re-engage ${names.join(", ")}: no touch in ${darkAfterDays} days; share the ${lowerFirst(asset)}.` });
    }
  }
  return gaps;
}

/**
 * What to do about a role nobody fills. Asking the Champion is advice only when the map has one
 * engaged (named, so the rep knows whom to ask); otherwise the rep finds the person another way.
 */
function missingRoleAction(role: BuyingGroupRole, label: string, champions: readonly string[], painPoint: string, asset: string): string {
  if (role === "champion") return `Find a Champion: someone at the account who would drive the evaluation and sell it internally, then send the ${asset}.`;
  if (champions.length > 0) {
    return `Identify the ${label} (ask ${champions.join(" or ")}, your Champion${champions.length > 1 ? "s" : ""}, who owns ${painPoint}), then send the ${asset}.`;
  }
  return `Identify the ${label}: find who owns ${painPoint} (there is no engaged Champion to ask yet), then send the ${asset}.`;
}
