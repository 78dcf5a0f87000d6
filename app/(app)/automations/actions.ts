"use server";

import { z } from "zod";
import { applySchedules } from "@/lib/cadence/jobs";
import { queueOrchestratorRun, stopAllPlays } from "@/lib/automations/campaign-orchestrator-run";
import { getDb } from "@/db/index";
import { getSetting, putSetting } from "@/db/queries/settings";
import { decideProposal } from "@/db/queries/role-proposals";
import { buyingGroupRoleInfo } from "@/lib/domain/buying-group";
import { checkBattlecard } from "@/lib/automations/competitive-alerts";
import { automationInfo, switchedAutomations } from "@/lib/domain/automations";
import { todayIn } from "@/lib/metrics/period";
import { done, guardedFormAction, refused } from "@/app/_guard/guarded-action";

const switchForm = z.object({
  automation: z.enum(switchedAutomations, { error: "Pick an automation." }),
  state: z.enum(["on", "off"], { error: "Switch it on or off." }),
  since: z.string().trim().max(10, "Give a day as YYYY-MM-DD.").default(""),
});

/**
 * Switches an automation on from a day (today, or an earlier day it was already running) or off from
 * today; audited. Off keeps its switch-on day and everything it did, so its before and after stay
 * readable and the actions it logged stay on its page.
 */
export const switchAutomationAction = guardedFormAction(
  { permission: "settings:manage", input: switchForm, context: "Switching an automation", revalidate: ["/automations", "/automations/competitive-alerts", "/automations/buying-group-mapper", "/automations/win-loss-analyzer", "/automations/campaign-orchestrator", "/admin/jobs"] },
  async ({ automation, state, since }, user) => {
    const db = getDb();
    const [current, { timeZone }] = await Promise.all([getSetting(db, "automations"), getSetting(db, "organisation")]);
    const today = todayIn(timeZone);
    const label = automationInfo[automation].label;
    if (automationInfo[automation].path === null) return refused(`${label} is not available yet: there is nothing to switch.`, "automation");
    const was = current[automation];
    if (state === "off") {
      if (!was.enabled) return done(undefined, `${label} is already off.`);
      await putSetting(db, "automations", { ...current, [automation]: { ...was, enabled: false, offSince: today } }, user.id);
      if (automation === "win_loss_analyzer") await applySchedules(db);
      if (automation === "campaign_orchestrator") {
        const stopped = await stopAllPlays(db, today);
        return done(undefined, `${label} is off from ${today}: ${stopped.enrolments} running ${stopped.enrolments === 1 ? "play" : "plays"} stopped and ${stopped.tasks} open ${stopped.tasks === 1 ? "task" : "tasks"} cancelled, kept with the reason.`);
      }
      return done(undefined, `${label} is off from ${today}. What it did stays on its page.`);
    }
    const day = since || today;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) return refused(`Switched on: "${day.slice(0, 20)}" is not a day (YYYY-MM-DD).`, "since");
    if (day > today) return refused(`Switched on: ${day} is after today (${today}).`, "since");
    await putSetting(db, "automations", { ...current, [automation]: { enabled: true, since: day, offSince: null } }, user.id);
    // The analyzer's monthly review is scheduled while it is on; the orchestrator takes its first steps now.
    if (automation === "win_loss_analyzer") await applySchedules(db);
    if (automation === "campaign_orchestrator") await queueOrchestratorRun();
    return done(undefined, `${label} is on, measured from ${day}.`);
  },
);

const battlecardForm = z.object({
  competitor: z.string().trim().max(100, "Competitor: at most 100 characters."),
  url: z.string().max(2000, "Link: at most 500 characters.").default(""),
  notes: z.string().max(20_000, "Notes: at most 2,000 characters.").default(""),
});

/** Saves a competitor's battlecard (a link and notes); blank both to remove it. Marketing and admins. */
export const saveBattlecardAction = guardedFormAction(
  { permission: "abm:manage", input: battlecardForm, context: "Saving a battlecard", revalidate: ["/automations/competitive-alerts"] },
  async (input, user) => {
    const checked = checkBattlecard(input);
    if (!checked.ok) return refused(checked.error, checked.field);
    if (/\u0000/.test(input.notes) || /\u0000/.test(input.competitor)) return refused("Notes: the text holds a NUL character; paste it again as plain text.", "notes");
    const db = getDb();
    const [{ cards }, taxonomies] = await Promise.all([getSetting(db, "battlecards"), getSetting(db, "reasonTaxonomies")]);
    const competitor = taxonomies.competitor.find((c) => c.label === input.competitor.trim())?.label ?? cards.find((c) => c.competitor === input.competitor.trim())?.competitor;
    if (!competitor) return refused(`Competitor: "${input.competitor.slice(0, 60)}" is not in the competitor taxonomy.`, "competitor");
    const rest = cards.filter((c) => c.competitor !== competitor);
    const removing = checked.url === null && checked.notes === "";
    const next = removing ? rest : [...rest, { competitor, url: checked.url, notes: checked.notes }].sort((a, b) => a.competitor.localeCompare(b.competitor));
    const changes = await putSetting(db, "battlecards", { cards: next }, user.id);
    return done(undefined, changes === 0 ? "Nothing changed." : removing ? `${competitor}'s battlecard is removed.` : `${competitor}'s battlecard is saved: alerts from now on link to it.`);
  },
);

const decisionForm = z.object({
  proposalId: z.coerce.number({ error: "The proposal must be a number." }).int().positive("The proposal must be a number."),
  decision: z.enum(["accept", "reject"], { error: "Accept or reject the proposal." }),
});

/**
 * A rep accepts a proposed role (it goes on the account's map, with its history) or rejects it (kept,
 * so it is never proposed again). The account's owner and admins only: anyone else gets 403.
 */
export const decideRoleAction = guardedFormAction(
  // No revalidation: the decided row keeps its result in place until the list is next loaded.
  { permission: "deals:edit", input: decisionForm, context: "Deciding a proposed role" },
  async ({ proposalId, decision }, user) => {
    const decided = await decideProposal(getDb(), { id: proposalId, accept: decision === "accept", actor: user });
    const role = buyingGroupRoleInfo[decided.role].label;
    return done(undefined, decision === "accept" ? `${decided.contactName} is the ${role} on the account's map.` : `${decided.contactName} will not be proposed as ${role} again.`);
  },
);
