import { getDb } from "@/db/index";
import { buildDeploymentPlan } from "@/lib/automations/deployment-plan";
import { deploymentPlanJson } from "@/lib/automations/plan-json";
import { apiKeyRoute } from "@/app/_guard/api-key-route";

export const dynamic = "force-dynamic";

/** GET /api/v1/automations/plan: each automation's state, windows and measured effect, and the next to switch on. */
export const GET = apiKeyRoute("metrics:read", async () => Response.json(deploymentPlanJson(await buildDeploymentPlan(getDb()))));
