/**
 * Each account's score history, as the lead router would have written it: after every signal of the
 * account (in order of receipt), the account-level score as of that moment, computed by the app's own
 * scoring (`computeScore`) from the facts `db/queries/signal-ingest.ts` gathers:
 * - fit: the account's ICP fit (neutral when unknown);
 * - intent: the decayed points of the account's signals received so far that happened within the
 *   last 730 days, per type;
 * - engagement: touches, first-party signals and meetings of the last 90 days.
 * Windows slide forward with each signal, so an account's history costs O(n log n), not O(n²).
 */
import { signalTypeByKey } from "@/lib/domain/signal-types";
import {
  computeScore,
  decayedPoints,
  defaultScoreSettings,
  ENGAGEMENT_WINDOW_DAYS,
  type ComputedScore,
  type IntentContribution,
  type ScoreSettings,
} from "@/lib/metrics/scoring";
import { isFirstParty } from "@/lib/signals/derived";
import { DAY } from "./calendar";
import type { DemoAccount, DemoData, DemoSignal } from "./types";

/** Signals older than this no longer count towards intent (as in the ingest's query). */
export const INTENT_HORIZON_DAYS = 730;

/** How many of the sorted `times` are ≤ `at`. */
function countUpTo(times: readonly number[], at: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Times in (at − days, at] of a sorted list. */
function inWindow(times: readonly number[], at: number, days: number): number {
  return countUpTo(times, at) - countUpTo(times, at - days * DAY);
}

/**
 * Signals that entered a window on receipt and leave it once they happened `days` or more before
 * the as-of time. Leaving goes in order of occurrence, through the account's signals sorted once.
 */
class OccurrenceWindow {
  private readonly byOccurrence: number[];
  private next = 0;
  private readonly state: Uint8Array; // 0 not yet received, 1 in the window, 2 gone
  constructor(
    private readonly signals: readonly DemoSignal[],
    private readonly days: number,
    private readonly onLeave: (index: number) => void,
  ) {
    this.byOccurrence = signals.map((_, i) => i).sort((a, b) => occurred(signals[a]!) - occurred(signals[b]!) || a - b);
    this.state = new Uint8Array(signals.length);
  }

  /** Moves the window to end at `asOf`; signals that happened at or before its start leave. */
  advance(asOf: number): void {
    const start = asOf - this.days * DAY;
    while (this.next < this.byOccurrence.length) {
      const i = this.byOccurrence[this.next] as number;
      if (occurred(this.signals[i]!) > start) break;
      if (this.state[i] === 1) this.onLeave(i);
      this.state[i] = 2;
      this.next++;
    }
  }

  /** Receives signal `index`; false when it is already too old to count. */
  enter(index: number): boolean {
    if (this.state[index] === 2) return false;
    this.state[index] = 1;
    return true;
  }
}

const occurred = (signal: DemoSignal) => signal.occurredAt.getTime();

interface TypeTotal {
  /** Decayed points of the type's signals in the window, as of `at`. */
  points: number;
  at: number;
  signals: number;
  halfLifeDays: number;
  label: string;
}

/** One account's score after each of its signals; call `scoreAfter` with the signals in order. */
export class AccountScoreHistory {
  private readonly intentWindow: OccurrenceWindow;
  private readonly engagementWindow: OccurrenceWindow;
  private readonly totals = new Map<string, TypeTotal>();
  private firstPartyInWindow = 0;
  private readonly meetingTimes: number[] = [];
  private asOf = -Infinity;
  private received = 0;
  private previous: number | null = null;

  /**
   * @param signals the account's signals in order of receipt
   * @param touchTimes the account's touches, sorted by time
   */
  constructor(
    private readonly account: Pick<DemoAccount, "icpFitScore" | "segment" | "industry">,
    private readonly signals: readonly DemoSignal[],
    private readonly touchTimes: readonly number[],
    private readonly settings: ScoreSettings = defaultScoreSettings,
  ) {
    this.intentWindow = new OccurrenceWindow(signals, INTENT_HORIZON_DAYS, (i) => this.addPoints(signals[i]!, -1));
    this.engagementWindow = new OccurrenceWindow(signals, ENGAGEMENT_WINDOW_DAYS, (i) => {
      if (isFirstParty(signals[i]!)) this.firstPartyInWindow--;
    });
  }

  /** A meeting booked with the account; counts once the as-of time reaches `bookedAt`. */
  addMeeting(bookedAt: number): void {
    this.meetingTimes.splice(countUpTo(this.meetingTimes, bookedAt), 0, bookedAt);
  }

  /** The readiness of the score before the latest one (null before the first). */
  get previousReadiness(): number | null {
    return this.previous;
  }

  /** The score as of the receipt of the account's next signal, counting that signal. */
  scoreNext(): ComputedScore {
    const index = this.received++;
    const signal = this.signals[index];
    if (!signal) throw new Error("every signal of the account is scored already");
    this.asOf = Math.max(this.asOf, signal.receivedAt.getTime());
    this.intentWindow.advance(this.asOf);
    this.engagementWindow.advance(this.asOf);
    if (this.intentWindow.enter(index)) this.addPoints(signal, 1);
    if (this.engagementWindow.enter(index) && isFirstParty(signal)) this.firstPartyInWindow++;

    const intent: IntentContribution[] = [];
    for (const [type, total] of this.totals) {
      if (total.signals === 0) continue;
      intent.push({ type, label: total.label, points: this.pointsNow(total), signals: total.signals });
    }
    const score = computeScore(
      {
        fit: { icpFitScore: this.account.icpFitScore ?? null, segment: this.account.segment, industry: this.account.industry },
        intent,
        engagement: {
          touches: inWindow(this.touchTimes, this.asOf, ENGAGEMENT_WINDOW_DAYS),
          signals: this.firstPartyInWindow,
          meetings: inWindow(this.meetingTimes, this.asOf, ENGAGEMENT_WINDOW_DAYS),
        },
      },
      this.settings,
    );
    return score;
  }

  /** Records the readiness just computed as the one the next signal compares with. */
  settle(readiness: number): void {
    this.previous = readiness;
  }

  /** The type's points brought forward to the current as-of time. */
  private pointsNow(total: TypeTotal): number {
    if (total.at !== this.asOf) {
      total.points = decayedPoints(total.points, (this.asOf - total.at) / DAY, total.halfLifeDays);
      total.at = this.asOf;
    }
    return Math.max(0, total.points);
  }

  private addPoints(signal: DemoSignal, sign: 1 | -1): void {
    const type = signalTypeByKey.get(signal.type);
    if (!type) return;
    let total = this.totals.get(type.key);
    if (!total) {
      total = { points: 0, at: this.asOf, signals: 0, halfLifeDays: type.halfLifeDays, label: type.label };
      this.totals.set(type.key, total);
    }
    const fresh = decayedPoints(type.points, (this.asOf - occurred(signal)) / DAY, type.halfLifeDays);
    total.points = this.pointsNow(total) + sign * fresh;
    total.signals += sign;
  }
}

/** The stored form of a computed score: the account-level row written for `signal`. */
export function scoreRow(id: number, accountId: number, signal: DemoSignal, score: ComputedScore): DemoData["scores"][number] {
  return {
    id,
    accountId,
    contactId: null,
    signalId: signal.id,
    fit: score.fit.toFixed(2),
    intent: score.intent.toFixed(2),
    engagement: score.engagement.toFixed(2),
    readiness: score.readiness.toFixed(2),
    explanation: score.explanation,
    computedAt: signal.receivedAt,
  };
}
