"use server";

import { z } from "zod";
import { getDb } from "@/db/index";
import { saveChannelChoices } from "@/db/queries/notifications";
import { notificationEvents } from "@/lib/domain/notifications";
import { done, guardedFormAction } from "@/app/_guard/guarded-action";

const choices = z.object({
  choices: z
    .array(
      z.object({
        event: z.enum(notificationEvents, { error: (issue) => `"${String(issue.input)}" is not an event.` }),
        in_app: z.boolean(),
        email: z.boolean(),
      }),
    )
    .max(notificationEvents.length, "Too many events."),
});

export const saveChoicesAction = guardedFormAction(
  {
    permission: "notifications:read",
    revalidate: ["/settings/notifications"],
    input: choices,
    context: "Saving notification choices",
    // Each event shown has a hidden "event" field; a ticked box sends "<event>:<channel>".
    fromForm: (form) => {
      const ticked = new Set(form.getAll("channel").map(String));
      return { choices: form.getAll("event").map((e) => ({ event: String(e), in_app: ticked.has(`${e}:in_app`), email: ticked.has(`${e}:email`) })) };
    },
  },
  async (input, user) => {
    await saveChannelChoices(getDb(), user, new Map(input.choices.map((c) => [c.event, { in_app: c.in_app, email: c.email }])));
    return done(undefined, "Saved. New notifications follow your choices.");
  },
);
