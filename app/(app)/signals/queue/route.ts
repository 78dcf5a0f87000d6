import { getDb } from "@/db/index";
import { apiError } from "@/lib/auth/api-key";
import { queueFor } from "@/lib/signals/queue-view";
import { parsePage } from "@/lib/velocity/request";
import { guardedRoute } from "@/app/_guard/guarded-route";

export const dynamic = "force-dynamic";

/** GET ?page=: a page of the signed-in rep's queue (an admin's: every rep's handoffs), polled by the page. */
export const GET = guardedRoute("signals:respond", async (request, { user }) => {
  const parsed = parsePage(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.ok) return apiError(400, parsed.error, parsed.parameter);
  return Response.json(await queueFor(getDb(), user, { page: parsed.page }), { headers: { "cache-control": "no-store" } });
});
