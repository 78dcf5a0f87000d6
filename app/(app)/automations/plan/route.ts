import { getDb } from "@/db/index";
import { buildDeploymentPlan } from "@/lib/automations/deployment-plan";
import { DEPLOYMENT_PLAN_FILE_NAME, deploymentPlanMarkdown } from "@/lib/reports/ai-agent-deployment-plan";
import { markdownDownload } from "@/lib/reports/markdown";
import { guardedRoute } from "@/app/_guard/guarded-route";

export const dynamic = "force-dynamic";

/** Downloads ai-agent-deployment-plan.md: each automation's state, baseline and measured effect, and the next to switch on. */
export const GET = guardedRoute("signals:view", async () => markdownDownload(deploymentPlanMarkdown(await buildDeploymentPlan(getDb())), DEPLOYMENT_PLAN_FILE_NAME));
