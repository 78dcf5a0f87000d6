"use server";

import { inArray } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/index";
import { completeTask } from "@/db/queries/campaigns";
import { getSetting, putSetting, putSettingIfUnchanged, settingStamp } from "@/db/queries/settings";
import { users } from "@/db/schema";
import { queueOrchestratorRun } from "@/lib/automations/campaign-orchestrator-run";
import { abmTiers, tierInfo } from "@/lib/domain/abm-tiers";
import { checkPauseDays, checkPlaySteps, checkTouchCap, ownerUserId, type PlayStep } from "@/lib/domain/campaign-plays";
import { StaleSettingError } from "@/lib/errors";
import { todayIn } from "@/lib/metrics/period";
import { done, guardedAction, guardedFormAction, refused } from "@/app/_guard/guarded-action";

const PAGE = "/automations/campaign-orchestrator";
const stamp = z.number().nullable().catch(null);
const stepInput = z.object({ day: z.union([z.number(), z.string().max(20)]), channel: z.string().max(40), audience: z.string().max(40), owner: z.string().max(40), action: z.string().max(5000) });

/**
 * Saves one tier's play: whether its accounts are enrolled, and its steps (each refused with a
 * message naming the step and field). Enrolling a tier while the orchestrator is off switches it on
 * from today: marketing runs the plays. Refused when someone saved the plays after the page loaded.
 */
export const savePlayAction = guardedAction(
  {
    permission: "abm:manage",
    input: z.object({ tier: z.enum(abmTiers, { error: "Pick a tier." }), enrolled: z.boolean(), steps: z.array(stepInput).max(50, "At most 20 steps."), loadedAt: stamp }),
    context: "Saving a play",
    revalidate: [PAGE, "/automations"],
  },
  async ({ tier, enrolled, steps, loadedAt }, user) => {
    const checked = checkPlaySteps(tier, steps);
    if (!checked.ok) return refused(checked.error, checked.field);
    const db = getDb();
    const wanted = [...new Set(steps.map((s) => ownerUserId(s.owner as PlayStep["owner"])).filter((id): id is number => id !== null))];
    if (wanted.length > 0) {
      const rows = await db.select({ id: users.id, active: users.active }).from(users).where(inArray(users.id, wanted));
      const active = new Set(rows.filter((u) => u.active).map((u) => u.id));
      const bad = steps.findIndex((s) => {
        const id = ownerUserId(s.owner as PlayStep["owner"]);
        return id !== null && !active.has(id);
      });
      if (bad >= 0) return refused(`${tierInfo[tier].label}, step ${bad + 1}: its owner is not an active user; pick another.`, `owner-${bad}`);
    }
    const clean: PlayStep[] = steps.map((s) => ({ day: Number(s.day), channel: s.channel as PlayStep["channel"], audience: s.audience as PlayStep["audience"], owner: s.owner as PlayStep["owner"], action: s.action.trim() }));
    const [current, switches, { timeZone }] = await Promise.all([getSetting(db, "campaignPlays"), getSetting(db, "automations"), getSetting(db, "organisation")]);
    let changes: number;
    try {
      changes = await putSettingIfUnchanged(db, "campaignPlays", { ...current, tiers: { ...current.tiers, [tier]: { enrolled, steps: clean } } }, user.id, loadedAt);
    } catch (error) {
      if (error instanceof StaleSettingError) return { ok: false as const, error: error.message, fieldErrors: { form: "stale" } };
      throw error;
    }
    const { updatedAt } = await settingStamp(db, "campaignPlays");
    const switchesOn = enrolled && !switches.campaign_orchestrator.enabled;
    if (changes === 0 && !switchesOn) return done({ loadedAt: updatedAt }, "Nothing changed.");
    let switchedOn = "";
    const orchestrator = switches.campaign_orchestrator;
    if (switchesOn) {
      const today = todayIn(timeZone);
      await putSetting(db, "automations", { ...switches, campaign_orchestrator: { enabled: true, since: today, offSince: null } }, user.id);
      switchedOn = ` The Campaign Orchestrator is on from ${today}.`;
    }
    await queueOrchestratorRun();
    const label = tierInfo[tier].label;
    return done({ loadedAt: updatedAt }, `Saved the ${label} play.${switchedOn}${enrolled && (orchestrator.enabled || switchedOn) ? ` ${label} accounts are enrolled; their first tasks follow within a minute.` : ""}`);
  },
);

/** The weekly touch cap per contact and the pause after a meeting. */
export const saveRulesAction = guardedAction(
  {
    permission: "abm:manage",
    input: z.object({ touchCap: z.union([z.number(), z.string().max(20)]), pauseDays: z.union([z.number(), z.string().max(20)]), loadedAt: stamp }),
    context: "Saving the orchestrator's rules",
    revalidate: [PAGE],
  },
  async ({ touchCap, pauseDays, loadedAt }, user) => {
    const cap = checkTouchCap(touchCap);
    if (!cap.ok) return refused(cap.error, cap.field);
    const pause = checkPauseDays(pauseDays);
    if (!pause.ok) return refused(pause.error, pause.field);
    const db = getDb();
    const current = await getSetting(db, "campaignPlays");
    try {
      await putSettingIfUnchanged(db, "campaignPlays", { ...current, touchCap: Number(touchCap), pauseDays: Number(pauseDays) }, user.id, loadedAt);
    } catch (error) {
      if (error instanceof StaleSettingError) return { ok: false as const, error: error.message, fieldErrors: { form: "stale" } };
      throw error;
    }
    const { updatedAt } = await settingStamp(db, "campaignPlays");
    return done({ loadedAt: updatedAt }, `At most ${Number(touchCap)} touches per contact per week; a meeting pauses a play for ${Number(pauseDays)} days.`);
  },
);

/** Marks one of the orchestrator's tasks done: its owner, or an admin. */
export const completeCampaignTaskAction = guardedFormAction(
  { permission: "accounts:view", input: z.object({ taskId: z.coerce.number({ error: "Reload the page and try again." }).int().positive() }), context: "Marking a task done", revalidate: [PAGE] },
  async ({ taskId }, user) => {
    await completeTask(getDb(), taskId, { id: user.id, anyOwner: user.role === "admin" });
    return done(undefined, "Done.");
  },
);
