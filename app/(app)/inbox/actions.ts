"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/index";
import { markAllRead, markRead } from "@/db/queries/notifications";
import type { ActionResult } from "@/lib/action-result";
import { done, guardedFormAction } from "@/app/_guard/guarded-action";

const id = z.coerce.number({ error: "Unknown notification." }).int("Unknown notification.").positive("Unknown notification.").max(2_147_483_647, "Unknown notification.");
const inboxPages = { permission: "notifications:read", revalidate: ["/inbox"] } as const;

/** Only a path inside the app is followed: a stored link is never a way out to another site. */
const insideApp = (link: string | null) => (link && /^\/(?!\/)[^\s\\]*$/.test(link) ? link : "/inbox");

/** "Open": marks the notification read and goes to what it is about. */
export const openNotificationAction = guardedFormAction({ ...inboxPages, input: z.object({ id }), context: "Opening a notification" }, async (input, user): Promise<ActionResult> => {
  const { link } = await markRead(getDb(), user.id, input.id);
  redirect(insideApp(link));
});

export const markReadAction = guardedFormAction({ ...inboxPages, input: z.object({ id }), context: "Marking a notification read" }, async (input, user) => {
  await markRead(getDb(), user.id, input.id);
  return done(undefined, "Marked read.");
});

/** Marks read what the page showed (up to its newest id), not what arrived since. */
export const markAllReadAction = guardedFormAction({ ...inboxPages, input: z.object({ upTo: id }), context: "Marking all notifications read" }, async (input, user) => {
  const n = await markAllRead(getDb(), user.id, input.upTo);
  return done(undefined, n === 0 ? "Nothing was unread." : `${n} marked read.`);
});
