"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/index";
import { getSetting } from "@/db/queries/settings";
import { ForbiddenSignalError, logMeeting, logSignalResponse } from "@/db/queries/signals";
import { ConflictError, NotFoundError } from "@/db/queries/users";
import type { ActionResult } from "@/lib/action-result";
import { requirePermission } from "@/lib/auth";
import { unexpected } from "@/lib/errors";

const signalId = z.number({ error: "signalId must be a signal id." }).int("signalId must be a whole number.").positive("signalId must be positive.");

type Logger = typeof logSignalResponse | typeof logMeeting;

async function log(input: unknown, logger: Logger, done: string, context: string): Promise<ActionResult<{ signalId: number; at: string }>> {
  const user = await requirePermission("signals:respond");
  const parsed = signalId.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]!.message, fieldErrors: { signalId: parsed.error.issues[0]!.message } };
  const db = getDb();
  const now = new Date();
  try {
    const { timeZone } = await getSetting(db, "organisation");
    await logger(db, { signalId: parsed.data, user, now, timeZone });
    revalidatePath("/signals");
    return { ok: true, data: { signalId: parsed.data, at: now.toISOString() }, message: done };
  } catch (error) {
    if (error instanceof ConflictError || error instanceof NotFoundError || error instanceof ForbiddenSignalError) return { ok: false, error: error.message };
    return unexpected(error, context);
  }
}

/** "Responded": the first response to a signal routed to the signed-in rep (an admin: any). */
export async function respondToSignalAction(id: number) {
  return log(id, logSignalResponse, "Response logged.", "Logging a signal response");
}

/** "Meeting booked": a meeting with the signal's account, which is also its first response if it had none. */
export async function bookMeetingAction(id: number) {
  return log(id, logMeeting, "Meeting logged.", "Logging a meeting from a signal");
}
