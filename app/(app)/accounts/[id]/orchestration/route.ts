import { getDb } from "@/db/index";
import { NotFoundError } from "@/db/queries/users";
import { accountPicture } from "@/lib/abm/account-map";
import { userWithPermission } from "@/lib/auth";
import { apiError } from "@/lib/auth/api-key";
import { orchestrationMarkdown, ORCHESTRATION_FILE_NAME } from "@/lib/reports/buying-group-orchestration";
import { markdownDownload } from "@/lib/reports/markdown";

export const dynamic = "force-dynamic";

/** Downloads buying-group-orchestration.md for one account: its map, gaps and actions, and its deals'. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await userWithPermission("accounts:view");
  if (user instanceof Response) return user;
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) return apiError(400, "The account id must be a positive whole number.", "id");
  try {
    return markdownDownload(orchestrationMarkdown(await accountPicture(getDb(), id)), ORCHESTRATION_FILE_NAME);
  } catch (error) {
    if (error instanceof NotFoundError) return apiError(404, error.message, "id");
    throw error;
  }
}
