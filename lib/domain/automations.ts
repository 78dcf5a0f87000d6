/**
 * The playbook's automations (Phase 8's priority matrix): what each does, its impact, effort and
 * priority, and the measure that proves it against its baseline. Each is switched on by an admin on
 * a day of the organisation's calendar; its before and after are equal windows around that day.
 * The lead router's day is the `signals.routingSince` setting (/signals/router); the others keep
 * theirs in the automations table.
 */
import type { CadenceKey } from "./cadence";

export const automationKeys = ["lead_router", "content_personalizer", "buying_group_mapper", "win_loss_analyzer", "campaign_orchestrator", "competitive_alert_monitor"] as const;
export type AutomationKey = (typeof automationKeys)[number];

/** The automations switched in the automations table (the router keeps its day in the signal settings). */
export const switchedAutomations = automationKeys.filter((k): k is Exclude<AutomationKey, "lead_router"> => k !== "lead_router");
export type SwitchedAutomation = (typeof switchedAutomations)[number];

export type Level = "Very High" | "High" | "Medium" | "Low";

export interface AutomationInfo {
  label: string;
  /** The matrix's "what it does", as this app does it. */
  does: string;
  impact: Level;
  effort: Level;
  /** The playbook's deployment order: 1 first. */
  priority: number;
  /** What its before and after compare. */
  measure: string;
  /** Its page in the app; null while it is not built. */
  path: string | null;
}

export const automationInfo: Record<AutomationKey, AutomationInfo> = {
  lead_router: {
    label: "Instant Lead Router",
    does: "Scores each signal as it arrives and routes a high-intent one to the account's rep with a 5-minute response clock.",
    impact: "Very High",
    effort: "Medium",
    priority: 1,
    measure: "High-intent signals answered within 5 minutes, median response time and signal→meeting rate.",
    path: "/signals/router",
  },
  content_personalizer: {
    label: "Content Personalizer",
    does: "Picks the best asset for each routed signal and buying-group gap from the person's role, stage, industry and what they already read.",
    impact: "High",
    effort: "Medium",
    priority: 2,
    measure: "Reply rate (the person sends another signal) and meeting rate of the high-intent signals answered with the picked asset, against those answered without it.",
    path: "/automations/content-personalizer",
  },
  buying_group_mapper: {
    label: "Buying Group Mapper",
    does: "Proposes a buying-group role, with its reason, for each contact without one on an account with an open deal, and tells the owner; the rep accepts or rejects each.",
    impact: "High",
    effort: "High",
    priority: 3,
    measure: "People on the deal maps with a role identified, roles engaged per deal, and the share of multi-threaded deals, over the deals closed in each window.",
    path: "/automations/buying-group-mapper",
  },
  win_loss_analyzer: {
    label: "Win/Loss Analyzer",
    does: "Writes the monthly win/loss pattern report from every deal closed that month (why deals were won and lost, where they die, the competitors, the stalls) and archives it for the team.",
    impact: "High",
    effort: "Medium",
    priority: 4,
    measure: "Win rate, and the share of lost deals with a loss reason recorded, over the deals closed in each window.",
    path: "/automations/win-loss-analyzer",
  },
  campaign_orchestrator: {
    label: "Campaign Orchestrator",
    does: "Runs each tier's multi-channel play as a sequence of tasks, paused by meetings and pulled in by fresh intent, with a weekly touch cap.",
    impact: "Very High",
    effort: "High",
    priority: 5,
    measure: "Tier 1 engagement rate, opportunities created and cycle, enrolled accounts against the rest.",
    path: "/automations/campaign-orchestrator",
  },
  competitive_alert_monitor: {
    label: "Competitive Alert Monitor",
    does: "Alerts a deal's or account's owner when a competitor shows up (a comparison-page visit, a contract expiring, a bad review, a deal naming one), with that competitor's battlecard.",
    impact: "Medium",
    effort: "Low",
    priority: 6,
    measure: "Win rate against each rival, over the deals closed in each window.",
    path: "/automations/competitive-alerts",
  },
};

/** The signal types that name a competitor's presence at an account (the taxonomy's keys). */
export const competitorSignalTypes: readonly string[] = ["competitor_comparison", "contract_expiring", "negative_competitor_review"];

export const isSwitchedAutomation = (key: string): key is SwitchedAutomation => (switchedAutomations as readonly string[]).includes(key);

/** The refresh-cadence job the Win/Loss Analyzer runs: its switch schedules it (lib/cadence/jobs.ts). */
export const analyzerCadence = "monthly_win_loss_review" satisfies CadenceKey;
