"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/index";
import { forgetIngestContext } from "@/db/queries/signal-context";
import { StaleSignalTypeError, updateSignalType } from "@/db/queries/signal-types";
import { NotFoundError } from "@/db/queries/users";
import { invalid, type ActionResult } from "@/lib/action-result";
import { requirePermission } from "@/lib/auth";
import { unexpected } from "@/lib/errors";
import { signalTypeEdit, type SignalTypeEdit } from "@/lib/signals/taxonomy";

const target = z.object({ key: z.string().min(1).max(80), version: z.number().int().positive() });

/** Saves one signal type's label, tier, points, half-life and playbook if nobody changed it since it was loaded. */
export async function saveSignalTypeAction(input: { key: string; version: number; change: SignalTypeEdit }): Promise<ActionResult<{ version: number }>> {
  const user = await requirePermission("scoring:manage");
  const which = target.safeParse({ key: input?.key, version: input?.version });
  if (!which.success) return { ok: false, error: "Reload the page: this edit does not say which signal type it is for." };
  const parsed = signalTypeEdit.safeParse(input?.change);
  if (!parsed.success) return invalid(parsed.error);
  try {
    const changes = await updateSignalType(getDb(), which.data.key, parsed.data, which.data.version, user.id);
    if (changes === 0) return { ok: true, data: { version: which.data.version }, message: "Nothing changed." };
    forgetIngestContext();
    revalidatePath("/signals", "layout");
    return { ok: true, data: { version: which.data.version + 1 }, message: `Saved ${changes} change${changes === 1 ? "" : "s"}; new signals are scored with them.` };
  } catch (error) {
    if (error instanceof StaleSignalTypeError || error instanceof NotFoundError) return { ok: false, error: error.message };
    return unexpected(error, "Saving a signal type");
  }
}
