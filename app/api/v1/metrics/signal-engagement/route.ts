import { getDb } from "@/db/index";
import { deploymentPlanJson } from "@/lib/automations/plan-json";
import { buildEngagementSystem } from "@/lib/signals/engagement-system";
import { apiKeyRoute } from "@/app/_guard/api-key-route";

export const dynamic = "force-dynamic";

/** GET /api/v1/metrics/signal-engagement: the taxonomy, scoring, routing triggers and automations of signal-engagement-system.md. */
export const GET = apiKeyRoute("metrics:read", async () => {
  const { generatedAt, plan, ...system } = await buildEngagementSystem(getDb());
  return Response.json({ generatedAt: generatedAt.toISOString(), ...system, automations: deploymentPlanJson(plan).automations });
});
