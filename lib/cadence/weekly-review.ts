/**
 * The one place the weekly velocity review is handed to the executives once it is archived: the
 * "weekly review ready" notification, in their inbox and, as each chose, by e-mail and webhook.
 */
import "server-only";
import type { Database } from "@/db/index";
import { formatPeriod } from "@/lib/format";
import type { Period } from "@/lib/metrics/period";
import { notifyWeeklyReview } from "@/lib/notifications/events";

/** Returns a phrase for the run's result, e.g. "" (no one to tell) or " and announced to 3 people". */
export async function announceWeeklyReview(db: Database, review: { reportId: number; period: Period }): Promise<string> {
  const periodLabel = formatPeriod(review.period.from, review.period.to);
  const told = await notifyWeeklyReview(db, { reportId: review.reportId, title: `Weekly velocity review ready: ${periodLabel}`, periodLabel });
  return told ? ` and announced to ${told} ${told === 1 ? "person" : "people"}` : "";
}
