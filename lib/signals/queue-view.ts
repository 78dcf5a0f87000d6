/** Whose queue a user sees: a rep their own, an admin every rep's handoffs; others none. */
import "server-only";
import type { Database } from "@/db/index";
import { getSetting } from "@/db/queries/settings";
import { signalQueue } from "@/db/queries/signals";
import type { UserRole } from "@/lib/domain/roles";
import { queueJson, type QueueJson } from "./queue-json";

export async function queueFor(db: Database, user: { id: number; role: UserRole }, now: Date = new Date()): Promise<QueueJson> {
  const { meetingWindowDays } = await getSetting(db, "signals");
  return queueJson(await signalQueue(db, { userId: user.role === "admin" ? null : user.id, now, meetingWindowDays }));
}
