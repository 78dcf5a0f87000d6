/** The deployment plan as JSON (GET /api/v1/automations/plan and `npm run cli -- automations --json`): the same figures as the Markdown. */
import type { DeploymentPlan } from "./deployment-plan";
import { effectSummary } from "@/lib/reports/ai-agent-deployment-plan";

export function deploymentPlanJson(plan: DeploymentPlan) {
  return {
    today: plan.today,
    timeZone: plan.timeZone,
    next: plan.next,
    automations: plan.entries.map((e) => ({
      key: e.key,
      label: e.info.label,
      priority: e.info.priority,
      impact: e.info.impact,
      effort: e.info.effort,
      built: e.state.built,
      enabled: e.state.enabled,
      since: e.state.since,
      offSince: e.state.offSince,
      windows: e.windows?.ok ? { before: e.windows.before, after: e.windows.after, capped: e.windows.capped } : null,
      summary: effectSummary(e),
      effect: e.effect,
    })),
  };
}
