/**
 * The Campaign Orchestrator, before and after and enrolled against not (docs/metrics.md §12): over
 * the accounts it enrolled in each window, and those it never enrolled in the after window, the
 * engagement rate (accounts where a contact was touched or met ÷ accounts), the share of accounts
 * with an opportunity created, each with Newcombe's interval for the change, and
 * the cycle of the deals they won (days from creation to close) with Welch's test. Pure.
 */
import { rate, type Rate } from "./abm";
import { proportionDifference, welchTest, type MeanDifference, type ProportionDifference, type SampleSummary } from "./statistics";

export interface EnrolledAccountsWindow {
  accounts: number;
  /** Accounts with a touch on one of their contacts, or a meeting, in the window. */
  engaged: number;
  /** Accounts with an opportunity created in the window. */
  withOpportunity: number;
  /** Days from creation to close of the deals they won in the window. */
  wonCycle: SampleSummary;
}

export interface OrchestratorSide {
  accounts: number;
  engagement: Rate;
  opportunities: Rate;
  wonDeals: number;
  /** Mean cycle of the deals won; null without one. */
  cycleDays: number | null;
}

export interface OrchestratorImpact {
  before: OrchestratorSide;
  after: OrchestratorSide;
  /** The accounts it never enrolled, in the after window: the comparison group. */
  notEnrolled: OrchestratorSide;
  /** Enrolled − not enrolled, after; null where a group is empty. */
  engagementVsNot: ProportionDifference | null;
  opportunitiesVsNot: ProportionDifference | null;
  cycleVsNot: MeanDifference | null;
  engagementChange: ProportionDifference | null;
  opportunitiesChange: ProportionDifference | null;
  /** after − before of the mean cycle; null with fewer than 2 won deals on a side. */
  cycleChange: MeanDifference | null;
}

const side = (w: EnrolledAccountsWindow): OrchestratorSide => ({
  accounts: w.accounts,
  engagement: rate(w.engaged, w.accounts),
  opportunities: rate(w.withOpportunity, w.accounts),
  wonDeals: w.wonCycle.n,
  cycleDays: w.wonCycle.n > 0 ? w.wonCycle.mean : null,
});

export function orchestratorImpact(before: EnrolledAccountsWindow, after: EnrolledAccountsWindow, notEnrolled: EnrolledAccountsWindow): OrchestratorImpact {
  const b = side(before);
  const a = side(after);
  const n = side(notEnrolled);
  return {
    before: b,
    after: a,
    notEnrolled: n,
    engagementVsNot: proportionDifference(a.engagement.hits, a.engagement.n, n.engagement.hits, n.engagement.n),
    opportunitiesVsNot: proportionDifference(a.opportunities.hits, a.opportunities.n, n.opportunities.hits, n.opportunities.n),
    cycleVsNot: welchTest(after.wonCycle, notEnrolled.wonCycle),
    engagementChange: proportionDifference(a.engagement.hits, a.engagement.n, b.engagement.hits, b.engagement.n),
    opportunitiesChange: proportionDifference(a.opportunities.hits, a.opportunities.n, b.opportunities.hits, b.opportunities.n),
    cycleChange: welchTest(after.wonCycle, before.wonCycle),
  };
}
