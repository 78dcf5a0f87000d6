import { getDb } from "@/db/index";
import { abmContext, buildAbmProgram, parseAbmRequest } from "@/lib/abm/program";
import { apiError } from "@/lib/auth/api-key";
import { programMarkdown, PROGRAM_FILE_NAME } from "@/lib/reports/abm-program-design";
import { markdownDownload } from "@/lib/reports/markdown";
import { guardedRoute } from "@/app/_guard/guarded-route";

export const dynamic = "force-dynamic";

/** Downloads abm-program-design.md with the measures for the period in the query string. */
export const GET = guardedRoute("accounts:view", async (request) => {
  const db = getDb();
  const context = await abmContext(db);
  const parsed = parseAbmRequest(Object.fromEntries(new URL(request.url).searchParams), context.today);
  if (!parsed.ok) return apiError(400, parsed.error, parsed.parameter);
  return markdownDownload(programMarkdown(await buildAbmProgram(db, parsed.request, context)), PROGRAM_FILE_NAME);
});
