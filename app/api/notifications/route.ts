import { NextResponse } from "next/server";
import { getDb } from "@/db/index";
import { inbox, unreadCount } from "@/db/queries/notifications";
import { guardedRoute } from "@/app/_guard/guarded-route";

/** The bell's poll: the signed-in user's unread count and latest unread notifications. */
export const GET = guardedRoute("notifications:read", async (_request, { user }) => {
  const db = getDb();
  const [unread, latest] = await Promise.all([unreadCount(db, user.id), inbox(db, user.id, { limit: 5, unreadOnly: true })]);
  return NextResponse.json(
    { unread, latest: latest.map((n) => ({ id: n.id, event: n.event, title: n.title, createdAt: n.createdAt.toISOString() })) },
    { headers: { "Cache-Control": "no-store" } },
  );
});
