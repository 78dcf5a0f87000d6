import { getDb } from "@/db/index";
import { apiError } from "@/lib/auth/api-key";
import { markdownDownload } from "@/lib/reports/markdown";
import { PLAYBOOK_FILE_NAME, winRatePlaybookMarkdown } from "@/lib/reports/win-rate-playbook";
import { resolveVelocityView } from "@/lib/velocity/report";
import { buildWinRatePlaybook } from "@/lib/win-loss/playbook";
import { guardedRoute } from "@/app/_guard/guarded-route";

export const dynamic = "force-dynamic";

/** Downloads win-rate-playbook.md for the period and filters of /win-loss in the query string. */
export const GET = guardedRoute("velocity:view", async (request) => {
  const db = getDb();
  const view = await resolveVelocityView(db, Object.fromEntries(new URL(request.url).searchParams));
  if (!view.ok) return apiError(400, view.error, view.parameter);
  return markdownDownload(winRatePlaybookMarkdown(await buildWinRatePlaybook(db, view.request, view.context)), PLAYBOOK_FILE_NAME);
});
