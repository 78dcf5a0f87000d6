/**
 * The demo deals' change history (opportunity_changes), so the pipeline-changes waterfall and a
 * deal's page have something to show: each stage change from the stage history, each close as a
 * status change, and for some deals a close date pushed or pulled in, an amount revised or first
 * set, a forecast category set by the owner, and on most open deals a next step written in the last
 * weeks. Every chain of changes ends in the deal's current values. Drawn from streams of their own, so
 * the rest of the demo data is the same as without them.
 */
import { DAY } from "./calendar";
import type { SeedContext } from "./context";
import type { Pipeline } from "./generate-opportunities";
import { budgetNextSteps, type StallPlan } from "./plant-stalls";
import type { DemoOpportunity, DemoOpportunityChange } from "./types";
import { nextStepsByStage } from "./vocabulary";

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const toSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

/** Probabilities that a deal had its close date pushed out, pulled in, or its amount revised or first set. */
const odds = { pushed: 0.3, pulledIn: 0.08, revised: 0.22, unpriced: 0.06, committed: 0.45, nextStep: 0.8 } as const;

export function generateChanges(ctx: SeedContext, pipeline: Pipeline, stalls: StallPlan): DemoOpportunityChange[] {
  const rng = ctx.rng.fork("opportunity-changes");
  const nextSteps = ctx.rng.fork("next-steps");
  const planted = ctx.rng.fork("stall-changes");
  const out: DemoOpportunityChange[] = [];
  const stagesOf = new Map<number, { stageId: number; enteredAt: Date }[]>();
  for (const h of pipeline.stageHistory) {
    const list = stagesOf.get(h.opportunityId);
    if (list) list.push(h);
    else stagesOf.set(h.opportunityId, [h]);
  }
  const push = (o: DemoOpportunity, field: DemoOpportunityChange["field"], oldValue: string | null, newValue: string | null, at: number) => {
    if (oldValue === newValue) return;
    const byOwner = field === "forecast_category" || field === "next_step";
    out.push({ id: 0, opportunityId: o.id, field, oldValue, newValue, changedAt: new Date(toSecond(at)), source: "seed", changedBy: byOwner ? o.ownerId : null });
  };

  for (const o of pipeline.opportunities) {
    const created = o.createdAt.getTime();
    const end = o.closedAt?.getTime() ?? ctx.clock.asOf - 1_000;
    // Deals are revised late in their life, mostly in the weeks before they close (or before today).
    const sometime = () => end - rng.float(0.02, 0.6) * Math.min(Math.max(0, end - created), 90 * DAY);
    const entries = stagesOf.get(o.id) ?? [];
    entries.forEach((e, k) => {
      if (k > 0) push(o, "stage", String(entries[k - 1]!.stageId), String(e.stageId), e.enteredAt.getTime());
    });
    if (o.status !== "open" && o.closedAt) push(o, "status", "open", o.status!, o.closedAt.getTime());

    // The close date as it stands was set once, from an earlier guess: later (pulled in) or earlier (pushed out).
    if (o.expectedCloseDate) {
      const current = dayMs(o.expectedCloseDate);
      const roll = rng.next();
      const shift = roll < odds.pushed ? -rng.int(14, 45) : roll < odds.pushed + odds.pulledIn ? rng.int(20, 60) : 0;
      if (stalls.pushed.has(o.id)) {
        // Pushed twice, a month or so each time, in the last two months: a competing priority.
        const second = planted.int(21, 40);
        const first = planted.int(21, 40);
        const lastPush = end - planted.float(3, 20) * DAY;
        const firstPush = lastPush - planted.float(14, 30) * DAY;
        push(o, "expected_close_date", isoDay(current - (first + second) * DAY), isoDay(current - second * DAY), Math.max(created, firstPush));
        push(o, "expected_close_date", isoDay(current - second * DAY), o.expectedCloseDate, Math.max(created + 1_000, lastPush));
      } else if (shift !== 0) push(o, "expected_close_date", isoDay(current + shift * DAY), o.expectedCloseDate, sometime());
    }
    // The amount as it stands was revised once from a first figure, or set on a deal that had none.
    if (o.amount) {
      const roll = rng.next();
      if (roll < odds.unpriced) push(o, "amount", null, o.amount, created + rng.float(0.05, 0.4) * Math.max(0, end - created));
      else if (roll < odds.unpriced + odds.revised) {
        const first = Math.max(1_000, Math.round((Number(o.amount) * rng.float(0.75, 1.25)) / 250) * 250);
        push(o, "amount", first.toFixed(2), o.amount, sometime());
      }
    }
    // Owners call most of their late-stage open deals commit in the forecast.
    if (o.status === "open" && (o.stageId ?? 0) >= 4 && rng.chance(odds.committed)) {
      o.forecastCategory = "commit";
      push(o, "forecast_category", null, "commit", sometime());
    }
    // Most open deals have a next step, written by the owner in the last three weeks; some have none.
    if (o.status === "open" && nextSteps.chance(odds.nextStep)) {
      const at = new Date(toSecond(Math.max(created, end - nextSteps.float(0.5, 21) * DAY)));
      o.nextStep = nextSteps.pick(nextStepsByStage[o.stageId ?? 1] ?? nextStepsByStage[1]!);
      o.nextStepUpdatedAt = at;
      push(o, "next_step", null, o.nextStep, at.getTime());
    }
    // A deal planted waiting on budget: its owner wrote so in the last two weeks.
    if (stalls.budget.has(o.id)) {
      const before = o.nextStep ?? null;
      const at = new Date(toSecond(Math.max(created, end - planted.float(1, 14) * DAY, o.nextStepUpdatedAt?.getTime() ?? 0)));
      o.nextStep = planted.pick(budgetNextSteps);
      o.nextStepUpdatedAt = at;
      push(o, "next_step", before, o.nextStep, at.getTime());
    }
  }
  out.sort((a, b) => a.changedAt.getTime() - b.changedAt.getTime() || a.opportunityId - b.opportunityId);
  out.forEach((c, i) => (c.id = i + 1));
  return out;
}
