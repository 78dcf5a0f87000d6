"use server";

import { z } from "zod";
import { getDb } from "@/db/index";
import { forgetIngestContext } from "@/db/queries/ingest-context-cache";
import { updateSignalType } from "@/db/queries/signal-types";
import { signalTypeEdit } from "@/lib/signals/taxonomy";
import { done, guardedAction } from "@/app/_guard/guarded-action";

const reload = "Reload the page: this edit does not say which signal type it is for.";
const typeEdit = z.object({
  key: z.string({ error: reload }).min(1, reload).max(80, reload),
  version: z.number({ error: reload }).int(reload).positive(reload),
  change: signalTypeEdit,
});

/** Saves one signal type's label, tier, points, half-life and playbook if nobody changed it since it was loaded. */
export const saveSignalTypeAction = guardedAction(
  { permission: "scoring:manage", input: typeEdit, highlightsFields: true, context: "Saving a signal type", revalidate: [{ layout: "/signals" }] },
  async ({ key, version, change }, user) => {
    const changes = await updateSignalType(getDb(), key, change, version, user.id);
    if (changes === 0) return done({ version }, "Nothing changed.");
    forgetIngestContext(getDb());
    return done({ version: version + 1 }, `Saved ${changes} change${changes === 1 ? "" : "s"}; new signals are scored with them.`);
  },
);
