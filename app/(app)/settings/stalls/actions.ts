"use server";

import { getDb } from "@/db/index";
import { putSetting } from "@/db/queries/settings";
import { openStages } from "@/db/queries/stalls";
import { ValidationError } from "@/lib/errors";
import { stallSettings } from "@/lib/settings/definitions";
import { done, guardedAction } from "@/app/_guard/guarded-action";

/** Saves the stall patterns' thresholds; a stage that is not an open stage of the pipeline is named. Each changed field is audited. */
export const saveStallSettingsAction = guardedAction(
  { permission: "settings:manage", input: stallSettings, highlightsFields: true, context: "Saving the stall thresholds", revalidate: [{ layout: "/deals" }, "/settings/stalls", "/overview"] },
  async (input, user) => {
    const db = getDb();
    const open = new Set((await openStages(db)).map((s) => s.id));
    for (const field of ["thinkAboutItStageId", "buyInStageId"] as const) {
      if (!open.has(input[field])) throw new ValidationError(`Stage #${input[field]} is not an open stage of the pipeline.`, field);
    }
    for (const field of ["procurementStageIds", "budgetStageIds"] as const) {
      const wrong = input[field].find((id) => !open.has(id));
      if (wrong !== undefined) throw new ValidationError(`Stage #${wrong} is not an open stage of the pipeline.`, field);
    }
    const changes = await putSetting(db, "stalls", { ...input, budgetPhrases: [...new Set(input.budgetPhrases)] }, user.id);
    return done(undefined, changes === 0 ? "Nothing changed." : `Saved ${changes} change${changes === 1 ? "" : "s"}.`);
  },
);
