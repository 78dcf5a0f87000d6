import { getDb } from "@/db/index";
import { FEED_LIMIT, signalFeed, signalFeedSince } from "@/db/queries/signals";
import { apiError } from "@/lib/auth/api-key";
import { formatFeedCursor, parseFeedCursor } from "@/lib/signals/feed-cursor";
import { guardedRoute } from "@/app/_guard/guarded-route";

export const dynamic = "force-dynamic";

/**
 * GET ?cursor=&limit=: without a cursor, the newest signals (newest first) and a cursor; with one,
 * every signal that became visible since it, oldest first, `limit` at a time, with `more` true while
 * another page waits (ask again at once with the cursor given). Signals whose transaction committed
 * late are included; a client may see a signal twice and keeps one copy by id.
 */
export const GET = guardedRoute("signals:view", async (request) => {
  const params = new URL(request.url).searchParams;
  const cursorText = params.get("cursor");
  const limit = params.get("limit");
  if (limit !== null && (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > FEED_LIMIT)) {
    return apiError(400, `limit must be a whole number from 1 to ${FEED_LIMIT}; got "${limit}".`, "limit");
  }
  const headers = { "cache-control": "no-store" };
  if (cursorText === null) {
    const { signals, cursor } = await signalFeed(getDb(), { limit: limit === null ? 20 : Number(limit) });
    return Response.json({ signals, cursor: formatFeedCursor(cursor), more: false }, { headers });
  }
  const cursor = parseFeedCursor(cursorText);
  if (!cursor) return apiError(400, `cursor must be the cursor of an earlier answer of this feed; got "${cursorText.slice(0, 80)}".`, "cursor");
  const page = await signalFeedSince(getDb(), { cursor, limit: limit === null ? FEED_LIMIT : Number(limit) });
  return Response.json({ signals: page.signals, cursor: formatFeedCursor(page.cursor), more: page.more }, { headers });
});
