"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/index";
import { getSetting, putSetting } from "@/db/queries/settings";
import { invalid, type ActionResult } from "@/lib/action-result";
import { requirePermission } from "@/lib/auth";
import { unexpected } from "@/lib/errors";
import { todayIn } from "@/lib/metrics/period";
import { signalSettings } from "@/lib/settings/definitions";

/** Records the day the lead router was switched on (the `signals.routingSince` setting), audited. */
export async function setRoutingSinceAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const user = await requirePermission("settings:manage");
  const day = String(form.get("routingSince") ?? "").trim();
  try {
    const db = getDb();
    const [current, { timeZone }] = await Promise.all([getSetting(db, "signals"), getSetting(db, "organisation")]);
    const parsed = signalSettings.safeParse({ ...current, routingSince: day === "" ? null : day });
    if (!parsed.success) return invalid(parsed.error);
    if (parsed.data.routingSince === null) return { ok: false, error: "Please correct the highlighted fields.", fieldErrors: { routingSince: "Give the day the router was switched on" } };
    if (parsed.data.routingSince > todayIn(timeZone)) return { ok: false, error: "Please correct the highlighted fields.", fieldErrors: { routingSince: "The day cannot be after today" } };
    const changes = await putSetting(db, "signals", parsed.data, user.id);
    revalidatePath("/signals/router");
    return { ok: true, data: undefined, message: changes === 0 ? "Nothing changed." : `The router is measured from ${parsed.data.routingSince}.` };
  } catch (error) {
    return unexpected(error, "Setting the day the router was switched on");
  }
}
