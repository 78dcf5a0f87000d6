"use server";

import { z } from "zod";
import { getDb } from "@/db/index";
import { createWebhook, deleteWebhook, setWebhookActive } from "@/db/queries/notifications";
import { notificationEvents } from "@/lib/domain/notifications";
import { webhookUrl } from "@/lib/notifications/webhook-url";
import { done, guardedFormAction } from "@/app/_guard/guarded-action";

const manageWebhooks = { permission: "webhooks:manage", revalidate: ["/settings/webhooks"] } as const;
const id = z.coerce.number({ error: "Unknown webhook." }).int("Unknown webhook.").positive("Unknown webhook.").max(2_147_483_647, "Unknown webhook.");

const newWebhook = z.object({
  name: z.string().trim().min(1, "Name it after where it posts, e.g. “#sales-alerts on Slack”.").max(80, "Keep the name under 80 characters."),
  url: webhookUrl,
  events: z
    .array(z.enum(notificationEvents, { error: (issue) => `"${String(issue.input)}" is not an event.` }))
    .min(1, "Tick at least one event to send."),
});

export const createWebhookAction = guardedFormAction(
  { ...manageWebhooks, input: newWebhook, context: "Creating a webhook", fromForm: (form) => ({ name: form.get("name") ?? "", url: form.get("url") ?? "", events: form.getAll("events") }) },
  async (input, admin) => {
    const { secret } = await createWebhook(getDb(), { ...input, events: [...new Set(input.events)] }, admin.id);
    return done({ secret }, `Webhook “${input.name}” created.`);
  },
);

export const setWebhookActiveAction = guardedFormAction(
  {
    ...manageWebhooks,
    input: z.object({ id, active: z.enum(["true", "false"]).transform((v) => v === "true"), version: z.coerce.number().int().min(1) }),
    context: "Turning a webhook on or off",
  },
  async (input, admin) => {
    await setWebhookActive(getDb(), input.id, input.active, input.version, admin.id);
    return done(undefined, input.active ? "Webhook on." : "Webhook off: nothing more is sent to it.");
  },
);

export const deleteWebhookAction = guardedFormAction({ ...manageWebhooks, input: z.object({ id }), context: "Deleting a webhook" }, async (input, admin) => {
  await deleteWebhook(getDb(), input.id, admin.id);
  return done(undefined, "Webhook deleted.");
});
