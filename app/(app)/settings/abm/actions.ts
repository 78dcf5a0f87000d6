"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/index";
import { putSetting } from "@/db/queries/settings";
import { invalid, type ActionResult } from "@/lib/action-result";
import { requirePermission } from "@/lib/auth";
import { unexpected } from "@/lib/errors";
import { abmSettings, type AbmSettings } from "@/lib/settings/definitions";

/** Saves the tier rules, the dark-after days and the content by role; each changed field is audited. */
export async function saveAbmSettingsAction(input: AbmSettings): Promise<ActionResult> {
  const user = await requirePermission("abm:manage");
  const parsed = abmSettings.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  try {
    const changes = await putSetting(getDb(), "abm", parsed.data, user.id);
    revalidatePath("/accounts", "layout");
    return { ok: true, data: undefined, message: changes === 0 ? "Nothing changed." : `Saved ${changes} change${changes === 1 ? "" : "s"}.` };
  } catch (error) {
    return unexpected(error, "Saving the ABM settings");
  }
}
