/**
 * The current pipeline-readiness score of every account that has signals, as the nightly rescoring
 * would have left it: fit from the ICP score, intent from decayed signal points, engagement from
 * recent touches and meetings. Readiness = 0.30·fit + 0.40·intent + 0.30·engagement.
 */
import { signalTypeByKey } from "@/lib/domain/signal-types";
import { DAY, HOUR, SECOND } from "./calendar";
import { clamp, type SeedContext } from "./context";
import type { AccountBook } from "./generate-accounts";
import type { DemoData, DemoSignal, DemoTouchpoint } from "./types";

/** Raw decayed points at which intent reaches 1 − 1/e ≈ 63. */
const INTENT_SCALE = 60;
/** Recent touches (meetings count triple) at which engagement reaches ≈ 63. */
const ENGAGEMENT_SCALE = 12;

/** Hundredths, so rounding to two decimals is exact integer arithmetic. */
type Cents = number;
const cents = (value: number): Cents => Math.round(clamp(value, 0, 100) * 100);
const asDecimal = (value: Cents) => (value / 100).toFixed(2);

export function generateScores(
  ctx: SeedContext,
  book: AccountBook,
  signals: readonly DemoSignal[],
  touchpoints: readonly DemoTouchpoint[],
  meetings: DemoData["meetings"],
): DemoData["scores"] {
  const rng = ctx.rng.fork("scores");
  const { asOf } = ctx.clock;
  const nightly = asOf - 2 * HOUR;

  const signalsByAccount = new Map<number, DemoSignal[]>();
  for (const signal of signals) {
    const list = signalsByAccount.get(signal.accountId);
    if (list) list.push(signal);
    else signalsByAccount.set(signal.accountId, [signal]);
  }
  const recentTouches = new Map<number, number>();
  for (const touch of touchpoints) {
    if (touch.accountId == null || touch.occurredAt.getTime() < asOf - 90 * DAY) continue;
    recentTouches.set(touch.accountId, (recentTouches.get(touch.accountId) ?? 0) + 1);
  }
  const recentMeetings = new Map<number, number>();
  for (const meeting of meetings) {
    if (meeting.bookedAt.getTime() < asOf - 90 * DAY) continue;
    recentMeetings.set(meeting.accountId, (recentMeetings.get(meeting.accountId) ?? 0) + 1);
  }

  const scores: DemoData["scores"] = [];
  for (const account of book.accounts) {
    const own = signalsByAccount.get(account.id);
    if (!own) continue;
    const latest = own[own.length - 1] as DemoSignal; // signals are in order of receipt
    const computedAt = Math.min(asOf - SECOND, Math.max(nightly, latest.receivedAt.getTime() + 30 * SECOND));

    const contributions = new Map<string, number>();
    for (const signal of own) {
      const type = signalTypeByKey.get(signal.type);
      if (!type) continue;
      const ageDays = Math.max(0, (computedAt - signal.occurredAt.getTime()) / DAY);
      const points = type.points * 0.5 ** (ageDays / type.halfLifeDays);
      contributions.set(type.key, (contributions.get(type.key) ?? 0) + points);
    }
    const raw = [...contributions.values()].reduce((a, b) => a + b, 0);
    const touches = recentTouches.get(account.id) ?? 0;
    const meetingCount = recentMeetings.get(account.id) ?? 0;

    const fit = cents((account.icpFitScore ?? 50) + rng.normal(0, 3));
    const intent = cents(100 * (1 - Math.exp(-raw / INTENT_SCALE)));
    const engagement = cents(100 * (1 - Math.exp(-(touches + 3 * meetingCount) / ENGAGEMENT_SCALE)));
    const readiness = Math.round((30 * fit + 40 * intent + 30 * engagement) / 100);
    const topIntent = [...contributions.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 3)
      .map(([type, points]) => ({ type, points: Math.round(points * 10) / 10 }));

    scores.push({
      id: scores.length + 1,
      accountId: account.id,
      contactId: null,
      signalId: latest.id,
      fit: asDecimal(fit),
      intent: asDecimal(intent),
      engagement: asDecimal(engagement),
      readiness: asDecimal(readiness),
      explanation: {
        fit: [`ICP fit ${account.icpFitScore}`, `${account.segment} ${account.industry}`, ...(account.technographicTags ?? []).slice(0, 2)],
        intent: topIntent,
        engagement: [`${touches} touches in the last 90 days`, `${meetingCount} meetings in the last 90 days`],
      },
      computedAt: new Date(computedAt),
    });
  }
  return scores;
}
