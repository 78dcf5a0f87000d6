import type { NextRequest } from "next/server";
import { getDb } from "@/db/index";
import { FEED_LIMIT, signalFeed } from "@/db/queries/signals";
import { userWithPermission } from "@/lib/auth";

export const dynamic = "force-dynamic";

/** GET ?after=<id>&limit=: the newest signals, only those newer than `after` when given. */
export async function GET(request: NextRequest) {
  const user = await userWithPermission("signals:view");
  if (user instanceof Response) return user;
  const params = request.nextUrl.searchParams;
  const after = params.get("after");
  const limit = params.get("limit");
  if (after !== null && !/^\d+$/.test(after)) return Response.json({ error: `after must be a signal id (a whole number); got "${after}".`, parameter: "after" }, { status: 400 });
  if (limit !== null && (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > FEED_LIMIT)) {
    return Response.json({ error: `limit must be a whole number from 1 to ${FEED_LIMIT}; got "${limit}".`, parameter: "limit" }, { status: 400 });
  }
  const signals = await signalFeed(getDb(), { afterId: after === null ? undefined : Number(after), limit: limit === null ? 20 : Number(limit) });
  return Response.json({ signals }, { headers: { "cache-control": "no-store" } });
}
