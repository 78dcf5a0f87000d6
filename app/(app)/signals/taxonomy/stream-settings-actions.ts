"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/index";
import { getSetting, putSetting } from "@/db/queries/settings";
import { invalid, type ActionResult } from "@/lib/action-result";
import { requirePermission } from "@/lib/auth";
import { unexpected } from "@/lib/errors";
import { signalSettings, type SignalSettings } from "@/lib/settings/definitions";

export type StreamSettings = Omit<SignalSettings, "routingSince">;

/** Saves how the stream is read (derived signals, the meeting window); the router's start day is kept. */
export async function saveStreamSettingsAction(input: StreamSettings): Promise<ActionResult> {
  const user = await requirePermission("scoring:manage");
  const db = getDb();
  try {
    const current = await getSetting(db, "signals");
    const parsed = signalSettings.safeParse({ ...input, routingSince: current.routingSince });
    if (!parsed.success) return invalid(parsed.error);
    const changes = await putSetting(db, "signals", parsed.data, user.id);
    revalidatePath("/signals", "layout");
    return { ok: true, data: undefined, message: changes === 0 ? "Nothing changed." : `Saved ${changes} change${changes === 1 ? "" : "s"}; new signals are read this way from now on.` };
  } catch (error) {
    return unexpected(error, "Saving the signal settings");
  }
}
