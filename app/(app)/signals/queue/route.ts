import { getDb } from "@/db/index";
import { queueFor } from "@/lib/signals/queue-view";
import { guardedRoute } from "@/app/_guard/guarded-route";

export const dynamic = "force-dynamic";

/** GET: the signed-in rep's queue (an admin's: every rep's handoffs), polled by the page. */
export const GET = guardedRoute("signals:respond", async (_request, { user }) => {
  return Response.json(await queueFor(getDb(), user), { headers: { "cache-control": "no-store" } });
});
