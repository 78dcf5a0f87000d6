import { getDb } from "@/db/index";
import { accountBuyingGroupJson } from "@/lib/abm/account-json";
import { accountPicture } from "@/lib/abm/account-map";
import { missingIdIsNotFound, recordIdOrNotFound } from "@/lib/http/record-id";
import { apiKeyRoute } from "@/app/_guard/api-key-route";

export const dynamic = "force-dynamic";

/** GET /api/v1/accounts/:id/buying-group: the account's map and its open deals' maps, with coverage and gaps. */
export const GET = apiKeyRoute<{ id: string }>("metrics:read", async (_request, { params }) => {
  const id = recordIdOrNotFound(params.id, "account");
  const picture = await accountPicture(getDb(), id).catch(missingIdIsNotFound);
  return Response.json(accountBuyingGroupJson(picture));
});
