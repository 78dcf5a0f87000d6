/**
 * The one place the weekly velocity review is handed to the executives once it is archived. The
 * notifications (in-app inbox, e-mail, webhooks) deliver it from here as their "weekly review ready"
 * event; until they exist, the review waits in the archive for the executives to open it.
 */
import "server-only";
import type { Database } from "@/db/index";
import type { Period } from "@/lib/metrics/period";

/** Returns a phrase for the run's result, e.g. "" (nothing sent) or " and sent to 3 executives". */
export async function announceWeeklyReview(_db: Database, _review: { reportId: number; period: Period }): Promise<string> {
  return "";
}
