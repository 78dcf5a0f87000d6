/**
 * Where the playbook's automations stand: each one's state (switched on, since when), its before and
 * after on its own measure, and the next to switch on. /automations, ai-agent-deployment-plan.md,
 * GET /api/v1/automations/plan and the CLI read this one build.
 */
import "server-only";
import type { Database } from "@/db/index";
import { closedOutcomes, winsByCompetitor } from "@/db/queries/automations";
import { highIntentResponse } from "@/db/queries/router-impact";
import { getSetting } from "@/db/queries/settings";
import { automationInfo, automationKeys, type AutomationInfo, type AutomationKey } from "@/lib/domain/automations";
import { addDays, todayIn, type Period } from "@/lib/metrics/period";
import { beforeAfterWindows, type BeforeAfterWindows } from "@/lib/metrics/before-after";
import { analyzerImpact, type AnalyzerImpact } from "@/lib/metrics/analyzer-impact";
import { orchestratorImpact, type OrchestratorImpact } from "@/lib/metrics/orchestrator-impact";
import { enrolledAccountsWindow } from "@/db/queries/campaigns";
import { competitorImpact, type CompetitorImpact } from "@/lib/metrics/competitor-impact";
import { mapperImpact, type MapperImpact } from "@/lib/metrics/mapper-impact";
import { closedDealCoverage } from "@/db/queries/role-proposals";
import { routerImpact, type RouterImpact } from "@/lib/metrics/router-impact";
import { personalizerImpact, type PersonalizerImpact } from "@/lib/metrics/personalizer-impact";
import { answeredOutcomes } from "@/db/queries/asset-picks";
import { isRival } from "./competitive-alerts";

export interface AutomationState {
  /** The app runs it; an automation not built yet is listed with its plan only. */
  built: boolean;
  enabled: boolean;
  since: string | null;
  offSince: string | null;
}

export type AutomationEffect = { kind: "router"; impact: RouterImpact } | { kind: "competitors"; impact: CompetitorImpact } | { kind: "mapper"; impact: MapperImpact }
  | { kind: "analyzer"; impact: AnalyzerImpact }
  | { kind: "orchestrator"; impact: OrchestratorImpact }
  | { kind: "personalizer"; impact: PersonalizerImpact };

export interface PlanEntry {
  key: AutomationKey;
  info: AutomationInfo;
  state: AutomationState;
  /** Null until it has a switch-on day. */
  windows: BeforeAfterWindows | null;
  /** Its measure before and after; null when it is not built or has no windows to compare. */
  effect: AutomationEffect | null;
}

export interface DeploymentPlan {
  today: string;
  timeZone: string;
  generatedAt: Date;
  /** In the playbook's priority order. */
  entries: PlanEntry[];
  /** The first built automation in priority order that is not on; null when every built one is. */
  next: AutomationKey | null;
}

/** Every automation's state only (no measure): for the pages that list them. */
export async function automationStates(db: Database): Promise<Record<AutomationKey, AutomationState>> {
  const [switches, signals] = await Promise.all([getSetting(db, "automations"), getSetting(db, "signals")]);
  return Object.fromEntries(
    automationKeys.map((key) => {
      const built = automationInfo[key].path !== null;
      // The router routes every signal as it arrives: it is always on; its day is the one its measure starts from.
      const state: AutomationState = key === "lead_router" ? { built, enabled: true, since: signals.routingSince, offSince: null } : { built, ...switches[key] };
      return [key, state];
    }),
  ) as Record<AutomationKey, AutomationState>;
}

/** The competitor counts of a window, rivals only: what the monitor alerts on, so what its page and the plan compare. */
export const rivalsOnly = (counts: Awaited<ReturnType<typeof winsByCompetitor>>) => counts.filter((c) => c.key !== null && isRival(c.key));

/**
 * One automation's windows and its measure over them: the one computation the plan and each
 * automation's own page read. No windows until it has a switch-on day; no effect for one not built.
 */
export async function measureAutomation(db: Database, key: AutomationKey, state: AutomationState, today: string, timeZone: string): Promise<Pick<PlanEntry, "windows" | "effect">> {
  const lastDay = state.offSince ? addDays(state.offSince, -1) : today;
  const windows = state.built && state.since ? beforeAfterWindows(state.since, lastDay, automationInfo[key].label) : null;
  if (!windows?.ok) return { windows, effect: null };
  const both = <T>(measure: (window: Period & { timeZone: string }) => Promise<T>) => Promise.all([measure({ ...windows.before, timeZone }), measure({ ...windows.after, timeZone })]);
  switch (key) {
    case "lead_router": {
      const { meetingWindowDays } = await getSetting(db, "signals");
      const [before, after] = await both((w) => highIntentResponse(db, { ...w, meetingWindowDays }));
      return { windows, effect: { kind: "router", impact: routerImpact(before, after) } };
    }
    case "competitive_alert_monitor": {
      const [before, after] = await both((w) => winsByCompetitor(db, w));
      return { windows, effect: { kind: "competitors", impact: competitorImpact(rivalsOnly(before), rivalsOnly(after)) } };
    }
    case "buying_group_mapper": {
      const [before, after] = await both((w) => closedDealCoverage(db, w));
      return { windows, effect: { kind: "mapper", impact: mapperImpact(before, after) } };
    }
    case "win_loss_analyzer": {
      const [before, after] = await both((w) => closedOutcomes(db, w));
      return { windows, effect: { kind: "analyzer", impact: analyzerImpact(before, after) } };
    }
    case "campaign_orchestrator": {
      const [[before, after], notEnrolled] = await Promise.all([both((w) => enrolledAccountsWindow(db, w)), enrolledAccountsWindow(db, { ...windows.after, timeZone }, { enrolled: false })]);
      return { windows, effect: { kind: "orchestrator", impact: orchestratorImpact(before, after, notEnrolled) } };
    }
    case "content_personalizer": {
      const { meetingWindowDays } = await getSetting(db, "signals");
      const [before, after] = await both((w) => answeredOutcomes(db, { ...w, meetingWindowDays }));
      return { windows, effect: { kind: "personalizer", impact: personalizerImpact(before, after) } };
    }
    default:
      return { windows, effect: null };
  }
}

export async function buildDeploymentPlan(db: Database, generatedAt = new Date()): Promise<DeploymentPlan> {
  const [{ timeZone }, states] = await Promise.all([getSetting(db, "organisation"), automationStates(db)]);
  const today = todayIn(timeZone, generatedAt);
  const ordered = [...automationKeys].sort((a, b) => automationInfo[a].priority - automationInfo[b].priority);
  const entries = await Promise.all(ordered.map(async (key): Promise<PlanEntry> => ({ key, info: automationInfo[key], state: states[key], ...(await measureAutomation(db, key, states[key], today, timeZone)) })));
  const next = entries.find((e) => e.state.built && !e.state.enabled)?.key ?? null;
  return { today, timeZone, generatedAt, entries, next };
}
