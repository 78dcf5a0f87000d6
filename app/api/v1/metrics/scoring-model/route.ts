import { getDb } from "@/db/index";
import { apiError } from "@/lib/auth/api-key";
import { buildScoringModel, scoringModelPeriod } from "@/lib/signals/scoring-model";
import { apiKeyRoute } from "@/app/_guard/api-key-route";

export const dynamic = "force-dynamic";

/** GET /api/v1/metrics/scoring-model[?from=YYYY-MM-DD&to=YYYY-MM-DD]: the weights, taxonomy, thresholds and calibration of lead-scoring-model.md. */
export const GET = apiKeyRoute("metrics:read", async (request) => {
  const db = getDb();
  const period = await scoringModelPeriod(db, Object.fromEntries(new URL(request.url).searchParams));
  if (!period.ok) return apiError(400, period.error, period.parameter);
  const { generatedAt, ...model } = await buildScoringModel(db, period.period);
  return Response.json({ generatedAt: generatedAt.toISOString(), ...model });
});
