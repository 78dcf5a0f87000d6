/** Whose queue a user sees: a rep their own, an admin every rep's handoffs; others none. */
import "server-only";
import type { Database } from "@/db/index";
import { getSetting } from "@/db/queries/settings";
import { QUEUE_PAGE_SIZE, signalQueue } from "@/db/queries/signals";
import type { UserRole } from "@/lib/domain/roles";
import { queueJson, type QueueJson } from "./queue-json";

export async function queueFor(db: Database, user: { id: number; role: UserRole }, { page = 1, now = new Date() }: { page?: number; now?: Date } = {}): Promise<QueueJson> {
  const { meetingWindowDays } = await getSetting(db, "signals");
  const pageSize = QUEUE_PAGE_SIZE;
  return queueJson(await signalQueue(db, { userId: user.role === "admin" ? null : user.id, now, meetingWindowDays, page, pageSize }), { page, pageSize });
}
