import { getDb } from "@/db/index";
import { NotFoundError } from "@/db/queries/users";
import { accountBuyingGroupJson } from "@/lib/abm/account-json";
import { accountPicture } from "@/lib/abm/account-map";
import { apiError, requireApiKey } from "@/lib/auth/api-key";

export const dynamic = "force-dynamic";

/** GET /api/v1/accounts/:id/buying-group: the account's map and its open deals' maps, with coverage and gaps. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const denied = await requireApiKey(request, "metrics:read");
  if (denied) return denied;
  const raw = (await params).id;
  if (!/^\d+$/.test(raw) || Number(raw) <= 0 || Number(raw) > 2 ** 31 - 1) return apiError(400, `The account id must be a positive whole number; got "${raw}".`, "id");
  try {
    return Response.json(accountBuyingGroupJson(await accountPicture(getDb(), Number(raw))));
  } catch (error) {
    if (error instanceof NotFoundError) return apiError(404, error.message, "id");
    throw error;
  }
}
