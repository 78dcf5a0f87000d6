"use server";

import { getDb } from "@/db/index";
import { getSetting, putSetting } from "@/db/queries/settings";
import { signalSettings, type SignalSettings } from "@/lib/settings/definitions";
import { done, guardedAction } from "@/app/_guard/guarded-action";

export type StreamSettings = Omit<SignalSettings, "routingSince">;

/** How the stream is read; the router's start day is not part of it and is kept as saved. */
const streamSettings = signalSettings.omit({ routingSince: true });

/** Saves how the stream is read (derived signals, the meeting window); the router's start day is kept. */
export const saveStreamSettingsAction = guardedAction(
  { permission: "scoring:manage", input: streamSettings, highlightsFields: true, context: "Saving the signal settings", revalidate: [{ layout: "/signals" }] },
  async (input, user) => {
    const db = getDb();
    const current = await getSetting(db, "signals");
    const changes = await putSetting(db, "signals", { ...input, routingSince: current.routingSince }, user.id);
    return done(undefined, changes === 0 ? "Nothing changed." : `Saved ${changes} change${changes === 1 ? "" : "s"}; new signals are read this way from now on.`);
  },
);
