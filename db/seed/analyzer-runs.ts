/**
 * After the demo load: the Win/Loss Analyzer's monthly runs since its switch-on day (./plant-analyzer.ts),
 * made by its own job code, so the archive and the log hold what the app itself writes.
 */
import { eq } from "drizzle-orm";
import type { Database } from "@/db/index";
import { getSetting } from "@/db/queries/settings";
import { reportArchive } from "@/db/schema";
import { runCadence } from "@/lib/cadence/reviews";
import { analyzerCadence } from "@/lib/domain/automations";
import { isoDay } from "./calendar";
import { firstOfNextMonth } from "./plant-analyzer";

/**
 * The analyzer's monthly runs since its switch-on day, as its schedule would have made them: each
 * 1st of a month at noon UTC (the 1st in the demo's time zone), archived and logged by its own job.
 */
export async function runDemoAnalyzer(db: Database, asOf: Date): Promise<number> {
  const { win_loss_analyzer: state } = await getSetting(db, "automations");
  if (!state.enabled || !state.since) return 0;
  const today = isoDay(asOf.getTime());
  let runs = 0;
  for (let day = firstOfNextMonth(state.since); day <= today; day = firstOfNextMonth(day)) {
    const at = new Date(`${day}T12:00:00Z`);
    if (at > asOf) break;
    const { reportId } = await runCadence(db, analyzerCadence, { asOf: at, jobId: null, trigger: "schedule" });
    await db.update(reportArchive).set({ createdAt: at }).where(eq(reportArchive.id, reportId));
    runs++;
  }
  return runs;
}

