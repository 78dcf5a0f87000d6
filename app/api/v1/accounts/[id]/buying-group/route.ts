import { getDb } from "@/db/index";
import { accountBuyingGroupJson } from "@/lib/abm/account-json";
import { accountPicture } from "@/lib/abm/account-map";
import { apiError } from "@/lib/auth/api-key";
import { NotFoundError } from "@/lib/errors";
import { apiKeyRoute } from "@/app/_guard/api-key-route";

export const dynamic = "force-dynamic";

/** GET /api/v1/accounts/:id/buying-group: the account's map and its open deals' maps, with coverage and gaps. */
export const GET = apiKeyRoute<{ id: string }>("metrics:read", async (_request, { params }) => {
  const raw = params.id;
  if (!/^\d+$/.test(raw) || Number(raw) <= 0 || Number(raw) > 2 ** 31 - 1) return apiError(400, `The account id must be a positive whole number; got "${raw}".`, "id");
  const picture = await accountPicture(getDb(), Number(raw)).catch((error: unknown) => {
    throw error instanceof NotFoundError ? new NotFoundError(error.message, "id") : error; // the missing account is the id's fault
  });
  return Response.json(accountBuyingGroupJson(picture));
});
