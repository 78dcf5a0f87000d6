"use server";

import { z } from "zod";
import { getDb } from "@/db/index";
import { putScheduleSetting } from "@/db/queries/cadence";
import { applySchedules, runCadenceNow } from "@/lib/cadence/jobs";
import { analyzerCadence } from "@/lib/domain/automations";
import { cadenceKeys, cadences, scheduleTime } from "@/lib/domain/cadence";
import { done, guardedFormAction } from "@/app/_guard/guarded-action";

const cadenceKey = z.enum(cadenceKeys, { error: "Unknown job." });
const manageJobs = { permission: "jobs:manage", revalidate: ["/admin/jobs"] } as const;

export const saveScheduleAction = guardedFormAction(
  {
    ...manageJobs,
    input: z.object({
      key: cadenceKey,
      enabled: z.boolean(),
      time: scheduleTime,
      version: z.coerce.number({ error: "Reload the page and try again." }).int().min(0),
    }),
    context: "Saving a job's schedule",
    fromForm: (form) => ({ key: form.get("key"), enabled: form.get("enabled") === "on", time: form.get("time") ?? "", version: form.get("version") ?? "" }),
  },
  async (input, admin) => {
    const db = getDb();
    const changes = await putScheduleSetting(db, input.key, input, admin.id);
    if (changes === 0) return done(undefined, "Nothing changed.");
    await applySchedules(db);
    const label = cadences[input.key].label;
    if (input.key === analyzerCadence) return done(undefined, `${label} runs at ${input.time} while the Win/Loss Analyzer is on.`);
    return done(undefined, input.enabled ? `${label} runs at ${input.time}.` : `${label} is off.`);
  },
);

export const runNowAction = guardedFormAction(
  { ...manageJobs, input: z.object({ key: cadenceKey }), context: "Running a job now" },
  async (input, admin) => {
    await runCadenceNow(input.key, admin.id);
    return done(undefined, `${cadences[input.key].label} was queued; its last run shows here once it ends.`);
  },
);
