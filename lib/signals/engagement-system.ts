/** What signal-engagement-system.md is built from: the taxonomy, the scoring and signal settings, and the deployment plan. */
import "server-only";
import type { Database } from "@/db/index";
import { getSetting } from "@/db/queries/settings";
import { signalTypeEntries } from "@/db/queries/signal-types";
import { buildDeploymentPlan } from "@/lib/automations/deployment-plan";
import type { EngagementSystemInput } from "@/lib/reports/signal-engagement-system";

export async function buildEngagementSystem(db: Database, generatedAt = new Date()): Promise<EngagementSystemInput> {
  const [types, scoring, signals, plan] = await Promise.all([signalTypeEntries(db), getSetting(db, "scoring"), getSetting(db, "signals"), buildDeploymentPlan(db, generatedAt)]);
  return {
    generatedAt,
    types: types.map((t) => ({ label: t.label, tier: t.tier, points: t.points, halfLifeDays: t.halfLifeDays, responsePlaybook: t.responsePlaybook })),
    scoring,
    signals,
    plan,
  };
}
