/**
 * Planted stall patterns (issue 21): on each rep's open deals, the playbook's stalls as a sales team
 * sees them, so the deal page, the rep's overview and the stalled-deals list have something to act
 * on. Per rep, chosen from its open deals by a stream of its own: a deal sent for signature weeks
 * ago and stuck in Contract Sent; a deal whose close date was pushed twice; a deal whose next step
 * waits on budget approval; and quiet deals past Proposal, where nothing has happened for weeks and
 * the champion has not been touched in over a month. Missing buy-in needs no planting: the deals
 * past Proposal without an engaged Economic Buyer carry it already.
 */
import { DAY } from "./calendar";
import type { SeedContext } from "./context";
import type { Pipeline } from "./generate-opportunities";
import type { SalesTeam } from "./generate-people";
import type { DemoOpportunity } from "./types";

const CONTRACT_SENT = 5;
const PROPOSAL = 3;

export interface StallPlan {
  /** Deals whose close date was pushed later twice. */
  pushed: Set<number>;
  /** Deals whose next step waits on budget approval. */
  budget: Set<number>;
  /** Accounts whose deals went quiet, and since when (ms): no touch on them after it. */
  quietSince: Map<number, number>;
}

export const budgetNextSteps = [
  "Waiting on budget approval from the CFO",
  "Champion presenting to finance; budget approval expected next month",
  "Budget sign-off pending the board meeting",
] as const;

export function plantStalls(ctx: SeedContext, team: SalesTeam, pipeline: Pipeline): StallPlan {
  const rng = ctx.rng.fork("stalls");
  const { asOf } = ctx.clock;
  const plan: StallPlan = { pushed: new Set(), budget: new Set(), quietSince: new Map() };
  const historyOf = (id: number) => pipeline.stageHistory.filter((h) => h.opportunityId === id);
  const currentEntry = (id: number) => historyOf(id).find((h) => h.exitedAt === null);
  const taken = new Set<number>();
  const quietAccounts = new Set<number>();

  for (const rep of team.reps) {
    const open = pipeline.opportunities.filter((o) => o.status === "open" && o.ownerId === rep.id);
    const take = (filter: (o: DemoOpportunity) => boolean): DemoOpportunity | undefined => {
      const choices = open.filter((o) => !taken.has(o.id) && filter(o));
      const deal = choices.length > 0 ? rng.pick(choices) : undefined;
      if (deal) taken.add(deal.id);
      return deal;
    };
    const enteredBefore = (o: DemoOpportunity, days: number) => (currentEntry(o.id)?.enteredAt.getTime() ?? Infinity) < asOf - days * DAY;

    // Sent for signature 20 to 35 days ago, and still there.
    const contract = take((o) => (o.stageId ?? 0) >= PROPOSAL && enteredBefore(o, 40));
    if (contract) {
      const entry = currentEntry(contract.id)!;
      const sentAt = new Date(Math.floor((asOf - rng.int(20, 35) * DAY - rng.int(0, 8 * 3600) * 1000) / 1000) * 1000);
      if (entry.stageId !== CONTRACT_SENT) {
        entry.exitedAt = sentAt;
        pipeline.stageHistory.push({ id: pipeline.stageHistory.length + 1, opportunityId: contract.id, stageId: CONTRACT_SENT, enteredAt: sentAt, exitedAt: null });
        contract.stageId = CONTRACT_SENT;
      }
    }
    const pushed = take((o) => o.expectedCloseDate != null && o.createdAt.getTime() < asOf - 30 * DAY);
    if (pushed) plan.pushed.add(pushed.id);
    const budget = take((o) => (o.stageId ?? 0) >= PROPOSAL);
    if (budget) plan.budget.add(budget.id);
    // Quiet deals past Proposal: one whose champion was engaged, and one more; their accounts go quiet 30 to 38 days ago.
    for (const withChampion of [true, false]) {
      const quiet = take(
        (o) =>
          (o.stageId ?? 0) >= PROPOSAL &&
          o.createdAt.getTime() < asOf - 40 * DAY &&
          !quietAccounts.has(o.accountId) &&
          (!withChampion || pipeline.opportunityContacts.some((m) => m.opportunityId === o.id && m.buyingGroupRole === "champion" && m.status !== "identified")),
      );
      if (!quiet) continue;
      const since = asOf - rng.int(30, 38) * DAY;
      quietAccounts.add(quiet.accountId);
      plan.quietSince.set(quiet.accountId, since);
      // Its stage moves since then happened before: spread evenly between the last one before and the quiet.
      const entries = historyOf(quiet.id).sort((a, b) => a.enteredAt.getTime() - b.enteredAt.getTime());
      const late = entries.filter((h) => h.enteredAt.getTime() >= since - DAY);
      const base = Math.max(quiet.createdAt.getTime(), ...entries.filter((h) => !late.includes(h)).map((h) => h.enteredAt.getTime()));
      late.forEach((h, j) => (h.enteredAt = new Date(Math.floor((base + ((j + 1) * (since - DAY - base)) / (late.length + 1)) / 1000) * 1000)));
      entries.forEach((h, j) => {
        if (j + 1 < entries.length) h.exitedAt = entries[j + 1]!.enteredAt;
      });
      for (const member of pipeline.opportunityContacts) {
        if (member.opportunityId === quiet.id && member.lastTouchAt && member.lastTouchAt.getTime() > since) {
          member.lastTouchAt = new Date(since - rng.int(1, 20) * DAY);
        }
      }
    }
  }
  return plan;
}

/** A touch on a quiet account after it went quiet happens before instead (the same gap before the quiet). */
export function beforeQuiet(plan: StallPlan, accountId: number | null, at: number): number {
  const since = accountId === null ? undefined : plan.quietSince.get(accountId);
  return since !== undefined && at > since ? since - (at - since) : at;
}
