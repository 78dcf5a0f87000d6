/**
 * Deals without an amount (docs/metrics.md, "Deals without an amount"). A CRM often has no amount on
 * an early open deal. Such a deal counts wherever deals are counted (N, win rate, cycle, coverage of
 * a group) and is left out of every sum and mean of money: it is neither $0 nor guessed. Each money
 * figure carries how many of the deals behind it had no amount, so a reader knows what it leaves out.
 */

/** The deals behind one money figure, and how many of them have no amount. */
export interface AmountCount {
  deals: number;
  withoutAmount: number;
}

/** Deals that have an amount: the denominator of every mean of money. */
export function dealsWithAmount(count: AmountCount): number {
  return count.deals - count.withoutAmount;
}
