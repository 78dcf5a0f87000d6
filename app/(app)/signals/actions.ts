"use server";

import { z } from "zod";
import { getDb, type Database } from "@/db/index";
import { getSetting } from "@/db/queries/settings";
import { logMeeting, logSignalResponse, type Responder } from "@/db/queries/signals";
import { done, guardedAction } from "@/app/_guard/guarded-action";

const signalId = z.number({ error: "signalId must be a signal id." }).int("signalId must be a whole number.").positive("signalId must be positive.");

/** Logs a response or a meeting on a signal routed to the signed-in rep (an admin: any); the query checks whose it is. */
function signalLog(logger: (db: Database, input: { signalId: number; user: Responder; now: Date; timeZone: string }) => Promise<unknown>, message: string, context: string) {
  return guardedAction({ permission: "signals:respond", input: signalId, context, revalidate: ["/signals"] }, async (id, user) => {
    const db = getDb();
    const now = new Date();
    const { timeZone } = await getSetting(db, "organisation");
    await logger(db, { signalId: id, user, now, timeZone });
    return done({ signalId: id, at: now.toISOString() }, message);
  });
}

/** "Responded": the first response to a signal routed to the signed-in rep (an admin: any). */
export const respondToSignalAction = signalLog(logSignalResponse, "Response logged.", "Logging a signal response");

/** "Responded with the asset": the first response, sent with the Content Personalizer's pick for the signal. */
export const respondWithAssetAction = signalLog((db, input) => logSignalResponse(db, { ...input, withPickedAsset: true }), "Response logged, with the picked asset.", "Logging a signal response with its picked asset");

/** "Meeting booked": a meeting with the signal's account, which is also its first response if it had none. */
export const bookMeetingAction = signalLog(logMeeting, "Meeting logged.", "Logging a meeting from a signal");
