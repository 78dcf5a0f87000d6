"use server";

import { z } from "zod";
import { getDb } from "@/db/index";
import { getSetting, putSetting } from "@/db/queries/settings";
import { invalid } from "@/lib/action-result";
import { todayIn } from "@/lib/metrics/period";
import { signalSettings } from "@/lib/settings/definitions";
import { done, guardedFormAction, refused } from "@/app/_guard/guarded-action";

const routingSinceForm = z.object({ routingSince: z.string().trim().default("") });

/** Records the day the lead router was switched on (the `signals.routingSince` setting), audited. */
export const setRoutingSinceAction = guardedFormAction(
  { permission: "settings:manage", input: routingSinceForm, context: "Setting the day the router was switched on", revalidate: ["/signals/router"] },
  async ({ routingSince: day }, user) => {
    const db = getDb();
    const [current, { timeZone }] = await Promise.all([getSetting(db, "signals"), getSetting(db, "organisation")]);
    const parsed = signalSettings.safeParse({ ...current, routingSince: day === "" ? null : day });
    if (!parsed.success) return invalid(parsed.error);
    const { routingSince } = parsed.data;
    if (routingSince === null) return refused("Give the day the router was switched on", "routingSince");
    if (routingSince > todayIn(timeZone)) return refused("The day cannot be after today", "routingSince");
    const changes = await putSetting(db, "signals", parsed.data, user.id);
    return done(undefined, changes === 0 ? "Nothing changed." : `The router is measured from ${routingSince}.`);
  },
);
