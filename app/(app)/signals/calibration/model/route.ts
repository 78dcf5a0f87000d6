import { getDb } from "@/db/index";
import { apiError } from "@/lib/auth/api-key";
import { markdownDownload } from "@/lib/reports/markdown";
import { leadScoringModelMarkdown, SCORING_MODEL_FILE_NAME } from "@/lib/reports/lead-scoring-model";
import { buildScoringModel, scoringModelPeriod } from "@/lib/signals/scoring-model";
import { guardedRoute } from "@/app/_guard/guarded-route";

export const dynamic = "force-dynamic";

/** Downloads lead-scoring-model.md; the calibration over the period in the query string (default the last 12 months). */
export const GET = guardedRoute("signals:view", async (request) => {
  const db = getDb();
  const period = await scoringModelPeriod(db, Object.fromEntries(new URL(request.url).searchParams));
  if (!period.ok) return apiError(400, period.error, period.parameter);
  return markdownDownload(leadScoringModelMarkdown(await buildScoringModel(db, period.period)), SCORING_MODEL_FILE_NAME);
});
