/**
 * The Competitive Alert Monitor in the demo (issue 22): the demo company switched it on
 * MONITOR_DAYS before the as-of day (after the lead router, as the playbook sequences them), with
 * battlecards for three of its four rivals, and it has been alerting since. Its log is what the monitor's own rules (lib/automations/competitive-alerts.ts)
 * decide for the demo's competitor signals and open deals; nothing is written by hand.
 *
 * The planted effect: since the switch-on day, reps meet rivals armed, so deals closed since win more
 * often against them. Won deals that recorded no competitor more often record a rival they beat, and
 * lost deals no longer record a rival they did not lose to (their loss reason is not "Lost to
 * competitor"). The fates, amounts and dates of every deal stay as they were.
 */
import type { NewAutomationAction } from "@/db/schema";
import { dealAlert, signalAlert, type Battlecard } from "@/lib/automations/competitive-alerts";
import { defaultAutomationSettings, type AutomationSettings, type BattlecardSettings } from "@/lib/settings/definitions";
import { defaultReasonTaxonomies } from "@/lib/win-loss/reasons";
import { DAY, HOUR, MINUTE, isoDay } from "./calendar";
import type { SeedContext } from "./context";
import type { AccountBook } from "./generate-accounts";
import type { Pipeline } from "./generate-opportunities";
import type { SalesTeam } from "./generate-people";
import type { DemoData, DemoSetting, DemoSignal, WithId } from "./types";

/** Days before the as-of day the monitor was switched on. */
export const MONITOR_DAYS = 60;

/** The rivals a won deal now records beating: armed with the battlecard, reps beat PipeIQ too. */
const rivalsBeaten = [
  ["Forecastly", 3],
  ["PipeIQ", 3],
  ["RevSight", 2],
  ["FunnelForge", 2],
] as const;
const isRivalName = (name: string | null) => rivalsBeaten.some(([r]) => r === name);

export const demoBattlecards: BattlecardSettings["cards"] = [
  { competitor: "Forecastly", url: "https://enablement.example.com/battlecards/forecastly", notes: "Win on buying-group coverage: they forecast from rep calls only.\nAsk for their last two quarters' forecast accuracy." },
  { competitor: "PipeIQ", url: "https://enablement.example.com/battlecards/pipeiq", notes: "Lead with time to value: live in two weeks against their quarter-long rollout.\nExpect a 30 % end-of-quarter discount; anchor on total cost." },
  { competitor: "RevSight", url: "https://enablement.example.com/battlecards/revsight", notes: "Their attribution is last-touch only: show the self-reported channel view." },
];

export function plantCompetitiveMonitor(
  ctx: SeedContext,
  team: SalesTeam,
  book: AccountBook,
  pipeline: Pipeline,
  signals: readonly DemoSignal[],
  switchedBefore: Partial<AutomationSettings>,
): { automationActions: DemoData["automationActions"]; settings: DemoSetting[] } {
  const rng = ctx.rng.fork("competitive-monitor");
  const since = ctx.clock.asOf - MONITOR_DAYS * DAY;
  const sinceDay = isoDay(since);

  for (const o of pipeline.opportunities) {
    if (o.status === "open" || !o.closedAt || o.closedAt.getTime() < since) continue;
    if (o.status === "won" && o.competitor === null && rng.chance(0.9)) o.competitor = rng.weighted(rivalsBeaten);
    else if (o.status === "lost" && isRivalName(o.competitor ?? null) && o.lossReason !== "Lost to competitor" && rng.chance(0.8)) o.competitor = null;
  }

  const state = { enabled: true, since: sinceDay };
  const cards = new Map<string, Battlecard>(demoBattlecards.map((c) => [c.competitor, c]));
  const taxonomy = defaultReasonTaxonomies.competitor;
  const accountName = (id: number) => book.byId[id]?.name ?? null;
  const actions: DemoData["automationActions"] = [];
  const act = (row: Omit<WithId<NewAutomationAction>, "id" | "automation" | "action">) =>
    actions.push({ id: actions.length + 1, automation: "competitive_alert_monitor", action: "Alerted the owner", ...row });

  for (const s of signals) {
    if (s.receivedAt.getTime() < since) continue;
    const ownerId = s.routedTo ?? book.byId[s.accountId]?.ownerId ?? null;
    const decision = signalAlert({ id: s.id, type: s.type, payload: s.payload, accountId: s.accountId, accountName: accountName(s.accountId), ownerId, receivedDay: isoDay(s.receivedAt.getTime()) }, state, taxonomy, cards);
    if (!decision.alert || ownerId === null) continue;
    act({ subject: decision.subject, reason: decision.reason, at: s.receivedAt, accountId: s.accountId, signalId: s.id, userId: ownerId, topic: decision.competitor, detail: { battlecard: decision.battlecard?.url ?? null } });
  }
  // Open deals naming a rival: alerted by the first sweep after the deal was created, or after the switch-on.
  for (const o of pipeline.opportunities) {
    const decision = dealAlert({ id: o.id, name: o.name, competitor: o.competitor ?? null, ownerId: o.ownerId, open: o.status === "open" }, state, cards);
    if (!decision.alert) continue;
    const at = new Date(Math.max(since + 9 * HOUR, (o.createdAt as Date).getTime()) + 5 * MINUTE);
    act({ subject: decision.subject, reason: decision.reason, at, accountId: o.accountId, opportunityId: o.id, userId: o.ownerId, topic: decision.competitor, detail: { battlecard: decision.battlecard?.url ?? null } });
  }
  actions.sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime() || a.id - b.id);
  actions.forEach((a, i) => (a.id = i + 1));

  const automations: AutomationSettings = {
    ...defaultAutomationSettings,
    ...switchedBefore,
    competitive_alert_monitor: { enabled: true, since: sinceDay, offSince: null },
  };
  return {
    automationActions: actions,
    settings: [
      { key: "automations", value: automations, updatedBy: team.adminId, updatedAt: new Date(since + 9 * HOUR) },
      { key: "battlecards", value: { cards: demoBattlecards } satisfies BattlecardSettings, updatedBy: team.marketingId, updatedAt: new Date(since - 2 * DAY) },
    ],
  };
}
