/** Every job the app runs: the queues a worker serves, and the schedules set at start-up. */
import type { DatabaseHandle } from "@/db/index";
import { withStartupLock } from "@/db/migrate";
import { fitRecomputeJob } from "@/lib/abm/fit-job";
import { engagementRecomputeJob, enqueueFirstEngagementRun } from "@/lib/abm/engagement";
import { applySchedules, cadenceJobs } from "@/lib/cadence/jobs";
import { importRunJob, uploadCleanupJob } from "@/lib/import/job";
import { deliveryJob } from "@/lib/notifications/deliver";
import { darkRoleWatchJob, slaWatchJob } from "@/lib/notifications/watch";
import { competitorDealSweepJob } from "@/lib/automations/competitive-alert-run";
import { buyingGroupMapperJob } from "@/lib/automations/buying-group-mapper";
import { campaignOrchestratorJob } from "@/lib/automations/campaign-orchestrator-run";
import { schedule, startJobs } from "./queue";

export const jobDefinitions = [importRunJob, uploadCleanupJob, deliveryJob, slaWatchJob, darkRoleWatchJob, competitorDealSweepJob, buyingGroupMapperJob, campaignOrchestratorJob, fitRecomputeJob, engagementRecomputeJob, ...Object.values(cadenceJobs)];

/** The server's (and the import command's) queue client, with its workers and schedules. */
export async function startAppJobs(handle: DatabaseHandle): Promise<void> {
  await startJobs(handle, jobDefinitions);
  await withStartupLock(handle, async () => {
    await schedule(uploadCleanupJob, "17 3 * * *", { tz: "UTC" }, {});
    // Notifications: deliveries whose retry came due, response SLAs every minute, dark roles hourly.
    await schedule(deliveryJob, "* * * * *", { tz: "UTC" }, {});
    await schedule(slaWatchJob, "* * * * *", { tz: "UTC" }, {});
    await schedule(darkRoleWatchJob, "23 * * * *", { tz: "UTC" }, {});
    // The Competitive Alert Monitor's deals (its signals alert as they arrive); it does nothing while switched off.
    await schedule(competitorDealSweepJob, "*/5 * * * *", { tz: "UTC" }, {});
    // The Buying Group Mapper's proposals, hourly; nothing while it is off.
    await schedule(buyingGroupMapperJob, "37 * * * *", { tz: "UTC" }, {});
    // The Campaign Orchestrator's next steps, hourly (and at once when marketing changes the plays); nothing while it is off.
    await schedule(campaignOrchestratorJob, "7 * * * *", { tz: "UTC" }, {});
    // Contacts' engagement levels follow the 90-day window, daily; a database never recomputed gets a run now.
    await schedule(engagementRecomputeJob, "41 4 * * *", { tz: "UTC" }, { trigger: "schedule" });
    await enqueueFirstEngagementRun(handle.db);
    // The refresh cadence, at the times the admin set, in the organisation's time zone.
    await applySchedules(handle.db);
  });
}

/** The server's start-up: without its queue no import would ever run, so it stops instead. */
export async function startAppJobsOrExit(handle: DatabaseHandle): Promise<void> {
  try {
    await startAppJobs(handle);
  } catch (error) {
    console.error("The job queue could not start:", error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
