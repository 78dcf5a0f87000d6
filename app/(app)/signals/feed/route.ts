import { getDb } from "@/db/index";
import { FEED_LIMIT, signalFeed } from "@/db/queries/signals";
import { apiError } from "@/lib/auth/api-key";
import { guardedRoute } from "@/app/_guard/guarded-route";

export const dynamic = "force-dynamic";

/** GET ?after=<id>&limit=: the newest signals, only those newer than `after` when given. */
export const GET = guardedRoute("signals:view", async (request) => {
  const params = new URL(request.url).searchParams;
  const after = params.get("after");
  const limit = params.get("limit");
  if (after !== null && !/^\d{1,10}$/.test(after)) return apiError(400, `after must be a signal id (a whole number); got "${after}".`, "after");
  if (limit !== null && (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > FEED_LIMIT)) {
    return apiError(400, `limit must be a whole number from 1 to ${FEED_LIMIT}; got "${limit}".`, "limit");
  }
  const signals = await signalFeed(getDb(), { afterId: after === null ? undefined : Number(after), limit: limit === null ? 20 : Number(limit) });
  return Response.json({ signals }, { headers: { "cache-control": "no-store" } });
});
