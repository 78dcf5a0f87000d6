import { getDb } from "@/db/index";
import { accountPicture } from "@/lib/abm/account-map";
import { missingIdIsNotFound, recordIdOrNotFound } from "@/lib/http/record-id";
import { orchestrationMarkdown, ORCHESTRATION_FILE_NAME } from "@/lib/reports/buying-group-orchestration";
import { markdownDownload } from "@/lib/reports/markdown";
import { guardedRoute } from "@/app/_guard/guarded-route";

export const dynamic = "force-dynamic";

/** Downloads buying-group-orchestration.md for one account: its map, gaps and actions, and its deals'. */
export const GET = guardedRoute<{ id: string }>("accounts:view", async (_request, { params }) => {
  const id = recordIdOrNotFound(params.id, "account");
  const picture = await accountPicture(getDb(), id).catch(missingIdIsNotFound);
  return markdownDownload(orchestrationMarkdown(picture), ORCHESTRATION_FILE_NAME);
});
