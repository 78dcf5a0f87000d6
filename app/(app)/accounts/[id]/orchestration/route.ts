import { getDb } from "@/db/index";
import { accountPicture } from "@/lib/abm/account-map";
import { apiError } from "@/lib/auth/api-key";
import { orchestrationMarkdown, ORCHESTRATION_FILE_NAME } from "@/lib/reports/buying-group-orchestration";
import { markdownDownload } from "@/lib/reports/markdown";
import { guardedRoute } from "@/app/_guard/guarded-route";

export const dynamic = "force-dynamic";

/** Downloads buying-group-orchestration.md for one account: its map, gaps and actions, and its deals'. */
export const GET = guardedRoute<{ id: string }>("accounts:view", async (_request, { params }) => {
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0 || id > 2 ** 31 - 1) return apiError(400, "The account id must be a positive whole number.", "id");
  return markdownDownload(orchestrationMarkdown(await accountPicture(getDb(), id)), ORCHESTRATION_FILE_NAME);
});
