"use server";

import { z } from "zod";
import { getDb } from "@/db/index";
import { breachKinds, dismissBreach, DISMISSAL_REASON_MAX } from "@/db/queries/breaches";
import { slasInForce } from "@/db/queries/definitions";
import { slaSeconds } from "@/lib/metrics/funnel";
import { done, guardedFormAction, refused } from "@/app/_guard/guarded-action";

const dismissForm = z.object({
  kind: z.enum(breachKinds, { error: "Unknown kind of breach; reload the page." }),
  subjectId: z.coerce.number({ error: "Unknown breach; reload the page." }).int("Unknown breach; reload the page.").positive("Unknown breach; reload the page."),
  reason: z.string().trim().min(1, "Give the reason for dismissing it.").max(DISMISSAL_REASON_MAX, `A reason has at most ${DISMISSAL_REASON_MAX} characters.`),
});

/** Dismisses a breach with a reason: its owner (checked in the query, under a lock) or an admin. */
export const dismissBreachAction = guardedFormAction(
  { permission: "breaches:dismiss", input: dismissForm, context: "Dismissing an SLA breach", revalidate: ["/funnel", "/funnel/breaches"] },
  async (input, user) => {
    const db = getDb();
    const sla = (await slasInForce(db))[input.kind];
    if (sla.value === null || sla.unit === null) return refused("The SLA in force has no number, so nothing is a breach of it.");
    await dismissBreach(db, { ...input, seconds: slaSeconds(sla.value, sla.unit), actor: user });
    return done(undefined, "Dismissed.");
  },
);
