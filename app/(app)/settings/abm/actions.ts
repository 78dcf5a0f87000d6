"use server";

import { getDb } from "@/db/index";
import { putSetting } from "@/db/queries/settings";
import { abmSettings } from "@/lib/settings/definitions";
import { done, guardedAction } from "@/app/_guard/guarded-action";

/** Saves the tier rules, the dark-after days and the content by role; each changed field is audited. */
export const saveAbmSettingsAction = guardedAction(
  { permission: "abm:manage", input: abmSettings, highlightsFields: true, context: "Saving the ABM settings", revalidate: [{ layout: "/accounts" }, "/settings/abm"] },
  async (input, user) => {
    const changes = await putSetting(getDb(), "abm", input, user.id);
    return done(undefined, changes === 0 ? "Nothing changed." : `Saved ${changes} change${changes === 1 ? "" : "s"}.`);
  },
);
