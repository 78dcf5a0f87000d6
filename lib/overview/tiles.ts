/**
 * The overview: for each role, what it acts on this week. Every tile is a link to the list or page
 * behind its figure, with the filters in the URL, so that following it shows the same number.
 * Pure: the page fetches the facts a role's tiles name and hands them in.
 */
import { ownLostWithoutReasonHref, ownOpenDealsHref, type DealAction } from "@/lib/deals/drill-down";
import type { UserRole } from "@/lib/domain/roles";
import { formatCount } from "@/lib/format";

export type TileFact =
  | "signalsWaiting"
  | "signalsOverdue"
  | "accountsActiveIntent"
  | "accountsWithoutChampion"
  | "tier1ActiveIntent"
  | "breachesMql"
  | "breachesSql"
  | "breachesOpportunity"
  | "velocity"
  | "winRate"
  | "openPipeline"
  | "bottleneck"
  | "mqlsThisWeek"
  | "answersToReview"
  | "demoRequestsWaiting"
  | "activeUsers"
  | "campaignTasksDue";

/** A count (formatted here) or a figure the page has already put in words, with an optional note. */
export type FactValue = number | { text: string; note?: string };

export interface TileSpec {
  fact: TileFact;
  label: string;
  href: string;
  /** What following the link opens, in words ("Open the queue"). */
  opens: string;
  /** A count above zero asks for action: the tile is marked so. */
  actionable?: boolean;
}

export interface Tile {
  fact: TileFact;
  label: string;
  href: string;
  opens: string;
  figure: string;
  note?: string;
  /** A count above zero on an actionable tile. */
  attention: boolean;
}

const breaches = (kind: "mql" | "sql" | "opportunity", ownerId?: number) =>
  `/funnel/breaches?kind=${kind}&state=open${ownerId === undefined ? "" : `&owner=${ownerId}`}`;

/** The tiles of one role, in the order shown. A rep's tiles are filtered to what they own. */
export function overviewPlan(role: UserRole, userId: number): TileSpec[] {
  switch (role) {
    case "sales":
      return [
        { fact: "signalsWaiting", label: "Signals waiting for you", href: "/signals", opens: "Open the queue", actionable: true },
        { fact: "signalsOverdue", label: "Past the response SLA", href: "/signals", opens: "Open the queue", actionable: true },
        { fact: "campaignTasksDue", label: "Campaign steps due", href: "/automations/campaign-orchestrator#tasks", opens: "Open your tasks", actionable: true },
        { fact: "accountsActiveIntent", label: "Your accounts with active intent", href: `/accounts?owner=${userId}&intent=active`, opens: "Open the accounts" },
        { fact: "accountsWithoutChampion", label: "Your accounts with no champion", href: `/accounts?owner=${userId}&champion=none`, opens: "Open the accounts", actionable: true },
        { fact: "breachesOpportunity", label: "Your deals overdue in a stage", href: breaches("opportunity", userId), opens: "Open the breaches", actionable: true },
        { fact: "breachesSql", label: "Your SQLs not accepted in time", href: breaches("sql", userId), opens: "Open the breaches", actionable: true },
      ];
    case "executive":
      return [
        { fact: "velocity", label: "Pipeline velocity this quarter", href: "/velocity?period=this_quarter", opens: "Open velocity" },
        { fact: "winRate", label: "Win rate this quarter", href: "/deals?period=this_quarter&dates=closed", opens: "Open the closed deals" },
        { fact: "openPipeline", label: "Open pipeline", href: "/deals?status=open", opens: "Open the open deals" },
        { fact: "bottleneck", label: "Funnel bottleneck this quarter", href: "/funnel?period=this_quarter&mode=cohort", opens: "Open the funnel" },
      ];
    case "marketing":
      return [
        { fact: "mqlsThisWeek", label: "MQLs this week", href: "/funnel?period=this_week&mode=flow", opens: "Open the funnel" },
        { fact: "breachesMql", label: "MQLs not routed in time", href: breaches("mql"), opens: "Open the breaches", actionable: true },
        { fact: "demoRequestsWaiting", label: "Demo requests without an answer", href: "/attribution/answers", opens: "Open the answers", actionable: true },
        { fact: "answersToReview", label: "Answers to review", href: "/attribution/answers", opens: "Open the answers", actionable: true },
        { fact: "tier1ActiveIntent", label: "Tier 1 accounts with active intent", href: "/accounts?tier=tier_1&intent=active", opens: "Open the accounts" },
      ];
    case "admin":
      return [
        { fact: "breachesMql", label: "MQLs not routed in time", href: breaches("mql"), opens: "Open the breaches", actionable: true },
        { fact: "breachesSql", label: "SQLs not accepted in time", href: breaches("sql"), opens: "Open the breaches", actionable: true },
        { fact: "breachesOpportunity", label: "Deals overdue in a stage", href: breaches("opportunity"), opens: "Open the breaches", actionable: true },
        { fact: "signalsWaiting", label: "Signals waiting for a rep", href: "/signals", opens: "Open the queue", actionable: true },
        { fact: "demoRequestsWaiting", label: "Demo requests without an answer", href: "/attribution/answers", opens: "Open the answers", actionable: true },
        { fact: "activeUsers", label: "Active users", href: "/admin/users", opens: "Open the users" },
      ];
  }
}

/** The facts a role's overview needs, so the page fetches no more. */
export function factsNeeded(role: UserRole): Set<TileFact> {
  return new Set(overviewPlan(role, 0).map((t) => t.fact));
}

/** The role's tiles with their figures; a tile whose fact is missing is left out rather than shown as 0. */
export function overviewTiles(role: UserRole, userId: number, facts: Partial<Record<TileFact, FactValue>>): Tile[] {
  return overviewPlan(role, userId).flatMap((spec) => {
    const fact = facts[spec.fact];
    if (fact === undefined) return [];
    const tile = { fact: spec.fact, label: spec.label, href: spec.href, opens: spec.opens };
    if (typeof fact === "number") return [{ ...tile, figure: formatCount(fact), attention: spec.actionable === true && fact > 0 }];
    return [{ ...tile, figure: fact.text, ...(fact.note ? { note: fact.note } : {}), attention: false }];
  });
}

/** A rep's deals that need something done, each kind a link to exactly those deals. */
export interface DealActionSpec {
  action: DealAction | "noLossReason";
  label: string;
  /** Why it needs action, in a few words. */
  hint: string;
  href: string;
}

export function dealActionPlan(userId: number): DealActionSpec[] {
  const spec = (action: DealAction, label: string, hint: string): DealActionSpec => ({ action, label, hint, href: ownOpenDealsHref(userId, action) });
  return [
    spec("stalled", "Stalled in their stage", "past the stage's expected days: move it on, or update its stage"),
    spec("stallPattern", "Showing a stall pattern", "champion dark, stuck in procurement, pushed, no buy-in…: each deal's tactic is on its page"),
    spec("proofUnsent", "A matched story not sent yet", "a customer story fits the deal: send it from the deal page and log it"),
    spec("proofGap", "No customer story fits", "no case study matches the deal's profile: marketing sees it as a gap"),
    spec("pastClose", "Close date past", "set a new expected close date, or close it"),
    spec("singleThreaded", "Single-threaded", "at most one contact engaged: reach another role"),
    spec("noNextStep", "No next step", "write down what happens next, and when"),
    spec("noAmount", "No amount", "price it, so it counts in the pipeline"),
    { action: "noLossReason", label: "Lost this quarter without a reason", hint: "record why each was lost, and against whom", href: ownLostWithoutReasonHref(userId) },
  ];
}
