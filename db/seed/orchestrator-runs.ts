/**
 * After the demo load: the Campaign Orchestrator's days since its switch-on day (ORCHESTRATOR_DAYS
 * before the as-of day, between the Win/Loss Analyzer and the Competitive Alert Monitor), replayed by
 * its own run once a day, quietly (no notifications for days gone by). Its pauses come from the
 * demo's own meetings and its pulled-in steps from the demo's own high-intent signals. The reps did
 * most of their tasks the day after each was due; the rest are still open, some overdue.
 */
import { and, eq, lt, sql } from "drizzle-orm";
import type { Database } from "@/db/index";
import { getSetting } from "@/db/queries/settings";
import { campaignTasks } from "@/db/schema";
import { runCampaignOrchestrator } from "@/lib/automations/campaign-orchestrator-run";
import { addDays } from "@/lib/metrics/period";
import { isoDay } from "./calendar";

/** Of the tasks due before the as-of day, the share the reps did (by task id, so the same every load). */
const DONE_PER_HUNDRED = 80;

export async function runDemoOrchestrator(db: Database, asOf: Date): Promise<number> {
  const { campaign_orchestrator: state } = await getSetting(db, "automations");
  if (!state.enabled || !state.since) return 0;
  const today = isoDay(asOf.getTime());
  let tasks = 0;
  for (let day = state.since; day <= today; day = addDays(day, 1)) {
    const at = new Date(`${day}T09:00:00Z`);
    if (at > asOf) break;
    tasks += (await runCampaignOrchestrator(db, at, { quiet: true })).tasks;
  }
  await db
    .update(campaignTasks)
    .set({ state: "done", closedAt: sql`(${campaignTasks.dueOn} + 1)::timestamp + interval '16 hours'`, closedBy: campaignTasks.ownerId })
    .where(and(eq(campaignTasks.state, "open"), lt(campaignTasks.dueOn, today), sql`${campaignTasks.ownerId} is not null`, sql`(${campaignTasks.id} * 37) % 100 < ${DONE_PER_HUNDRED}`));
  return tasks;
}
