/**
 * signal-engagement-system.md: how the app turns buyer signals into engagement — the taxonomy with
 * each type's response playbook, the scoring model in brief, the routing rules, the triggers (the
 * derived signals and the meeting window), and the automations with their specifications and state.
 * Built from the saved settings, the taxonomy and the deployment plan /automations shows.
 */
import type { DeploymentPlan } from "@/lib/automations/deployment-plan";
import { routingTracks, trackInfo } from "@/lib/domain/routing-tracks";
import { tierLabels, type SignalTier } from "@/lib/domain/signal-types";
import { formatCount, formatPercent } from "@/lib/format";
import type { ScoringSettings, SignalSettings } from "@/lib/settings/definitions";
import { effectSummary } from "./ai-agent-deployment-plan";
import { literal, section, table } from "./markdown";

export const ENGAGEMENT_SYSTEM_FILE_NAME = "signal-engagement-system.md";

export interface EngagementSystemInput {
  generatedAt: Date;
  types: readonly { label: string; tier: SignalTier; points: number; halfLifeDays: number; responsePlaybook: string }[];
  scoring: ScoringSettings;
  signals: SignalSettings;
  plan: DeploymentPlan;
}

export function signalEngagementSystemMarkdown(input: EngagementSystemInput): string {
  const { scoring: s, signals: g, plan } = input;
  const pct = (w: number) => formatPercent(w, {}, 0);
  const state = (e: DeploymentPlan["entries"][number]) =>
    !e.state.built ? "Not available yet" : e.state.enabled ? (e.state.since ? `On since ${e.state.since}` : "On") : e.state.since ? `Off since ${e.state.offSince ?? "—"}` : "Off";
  const parts = [
    "# Signal engagement system",
    `Generated ${input.generatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC. How buyer signals become a response: what each signal is worth, how the score routes it, what triggers more, and which automations act on it.`,
    section(
      "Signal taxonomy",
      `${formatCount(input.types.length)} types; marketing edits points, half-lives and playbooks on /signals/taxonomy.`,
      table(
        ["Signal", "Tier", "Points", "Half-life (days)", "Response playbook"],
        input.types.map((t) => [literal(t.label), tierLabels[t.tier], formatCount(t.points), formatCount(t.halfLifeDays), literal(t.responsePlaybook)]),
        ["left", "left", "right", "right", "left"],
      ),
    ),
    section(
      "Scoring model",
      `Pipeline readiness = ${pct(s.weights.fit)} × fit + ${pct(s.weights.intent)} × intent + ${pct(s.weights.engagement)} × engagement, recomputed for the account and the contact as each signal arrives. The full model, its inputs and its latest calibration are in lead-scoring-model.md.`,
    ),
    section(
      "Routing rules",
      "Each signal goes to its account's owner; an inactive owner's signals, and a new account's, go to the active reps in turn. The account's readiness after the signal picks the track.",
      table(
        ["Readiness", "Track", "Response SLA"],
        routingTracks.map((t) => [trackInfo[t].band, trackInfo[t].label, trackInfo[t].sla]),
        ["left", "left", "left"],
      ),
      "A signal that moves the account into the 80+ band goes to the top of the owner's queue and notifies them at once (once per 30-minute burst of the account's signals). A response is due within the track's SLA; with a quarter of the time left (at most an hour) the rep is reminded, and when it runs out the rep hears of it.",
    ),
    section(
      "Triggers",
      [
        `- **Multiple stakeholders**: ${formatCount(g.stakeholders)} or more people from one account show first-party intent within ${formatCount(g.stakeholderWindowDays)} days (one such signal per window).`,
        `- **Return after dormancy**: first-party intent after ${formatCount(g.dormancyDays)} days without any.`,
        `- **Signal→meeting**: a meeting with the account within ${formatCount(g.meetingWindowDays)} days of a high-intent signal counts for the signal (the Layer 3 meeting rate, target over 15%).`,
        "- **Competitor signals** (a comparison-page visit, a competitor contract expiring, a negative competitor review): the Competitive Alert Monitor, when on, alerts the owner with the rival's battlecard.",
      ].join("\n"),
    ),
    section(
      "Automations",
      table(
        ["Priority", "Automation", "What it does", "State", "Measured effect"],
        plan.entries.map((e) => [String(e.info.priority), e.info.label, e.info.does, state(e), effectSummary(e)]),
        ["right", "left", "left", "left", "left"],
      ),
      "Each automation's baseline, effect and the next to switch on are in ai-agent-deployment-plan.md.",
    ),
  ];
  return `${parts.join("\n\n")}\n`;
}
