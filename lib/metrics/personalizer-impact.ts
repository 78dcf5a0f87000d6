/**
 * The Content Personalizer's measure (docs/metrics.md §12): over the high-intent signals answered in
 * a window, the reply rate (the person, or the account when the signal named nobody, sent another
 * signal within the meeting window after the answer) and the meeting rate (a meeting with the account
 * within the meeting window after the signal). In the after window, the signals answered with the
 * picked asset against those answered without it, each with its 95 % Wilson interval and the
 * difference's Newcombe interval; and every answered signal after against before. Pure.
 */
import { rate, type Rate } from "./abm";
import { proportionDifference, type ProportionDifference } from "./statistics";

/** What the SQL counts over one group of answered signals. */
export interface AnsweredOutcomes {
  answered: number;
  replied: number;
  met: number;
}

export interface PersonalizerSide {
  answered: number;
  replyRate: Rate;
  meetingRate: Rate;
}

export interface PersonalizerImpact {
  /** Every signal answered in the before window. */
  before: PersonalizerSide;
  /** Every signal answered in the after window, with or without the asset. */
  after: PersonalizerSide;
  /** After: answered with the picked asset. */
  withAsset: PersonalizerSide;
  /** After: answered without it (no pick, or the rep did not send it). */
  without: PersonalizerSide;
  /** With − without; null where a group is empty. */
  replyChange: ProportionDifference | null;
  meetingChange: ProportionDifference | null;
  /** After − before, over every answered signal. */
  meetingBeforeAfter: ProportionDifference | null;
}

const side = (o: AnsweredOutcomes): PersonalizerSide => ({ answered: o.answered, replyRate: rate(o.replied, o.answered), meetingRate: rate(o.met, o.answered) });
const plus = (a: AnsweredOutcomes, b: AnsweredOutcomes): AnsweredOutcomes => ({ answered: a.answered + b.answered, replied: a.replied + b.replied, met: a.met + b.met });
const change = (a: Rate, b: Rate) => proportionDifference(a.hits, a.n, b.hits, b.n);

/** `before` and `after` split the window's answered signals by whether the picked asset went with the answer. */
export function personalizerImpact(before: { withAsset: AnsweredOutcomes; without: AnsweredOutcomes }, after: { withAsset: AnsweredOutcomes; without: AnsweredOutcomes }): PersonalizerImpact {
  const b = side(plus(before.withAsset, before.without));
  const a = side(plus(after.withAsset, after.without));
  const withAsset = side(after.withAsset);
  const without = side(after.without);
  return {
    before: b,
    after: a,
    withAsset,
    without,
    replyChange: change(withAsset.replyRate, without.replyRate),
    meetingChange: change(withAsset.meetingRate, without.meetingRate),
    meetingBeforeAfter: change(a.meetingRate, b.meetingRate),
  };
}
