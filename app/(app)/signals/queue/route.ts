import { getDb } from "@/db/index";
import { userWithPermission } from "@/lib/auth";
import { queueFor } from "@/lib/signals/queue-view";

export const dynamic = "force-dynamic";

/** GET: the signed-in rep's queue (an admin's: every rep's handoffs), polled by the page. */
export async function GET() {
  const user = await userWithPermission("signals:respond");
  if (user instanceof Response) return user;
  return Response.json(await queueFor(getDb(), user), { headers: { "cache-control": "no-store" } });
}
