/**
 * The Campaign Orchestrator on PGlite and PostgreSQL, on a hand-built set (UTC), with the default
 * plays (Tier 1: day 0 brief, 7 e-mail to the champion, 14 ads by webhook, 21 asset to the economic
 * buyer, 28 demo, 35 reference, 49 executive outreach), a cap of 2 and a 14-day pause.
 *
 *   Apex  (Tier 1, owner Alice; champion Cara)  → enrolled 2026-06-01, brief to Alice that day;
 *                                                  e-mail to Cara on 06-08; a meeting on 06-09 pauses
 *                                                  it until 06-23; the ads go to the webhooks on 06-23;
 *                                                  a high-intent signal on 06-24 pulls the asset in to
 *                                                  06-26, 3 days after the ads (no economic buyer on the map: find one).
 *   Birch (Tier 1, no owner)                      → enrolled, its first step waits for an owner.
 *   Cedar (Tier 2)                                → not enrolled: only Tier 1 is.
 * Switched off on 06-27: both plays stop, the open tasks are cancelled, the done ones stay done.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import { accounts, contacts, meetings, opportunities, signals, touchpoints, users, webhooks } from "@/db/schema";
import { buildDeploymentPlan } from "@/lib/automations/deployment-plan";
import { beforeAfterWindows } from "@/lib/metrics/before-after";
import { effectSummary } from "@/lib/reports/ai-agent-deployment-plan";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { runCampaignOrchestrator, stopAllPlays } from "@/lib/automations/campaign-orchestrator-run";
import { defaultCampaignPlays } from "@/lib/domain/campaign-plays";
import { ConflictError } from "@/lib/errors";
import { actionCounts, automationLog } from "./automations";
import { accountPlay, campaignTaskList, completeTask, enrolAccounts, enrolledAccountsWindow, enrolmentList } from "./campaigns";
import { getSetting, putSetting } from "./settings";

const ALICE = 601;
const MARKETING = 602;
const ADMIN = 603;
const on = (day: string, hour = 10) => new Date(`${day}T${String(hour).padStart(2, "0")}:00:00Z`);

describe.each(testDrivers())("the Campaign Orchestrator on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  const run = (day: string) => runCampaignOrchestrator(db, on(day));
  const tasks = () => campaignTaskList(db, {});

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    await db.insert(users).values([
      { id: ALICE, email: "alice@example.com", name: "Alice Rep", role: "sales", passwordHash: "x" },
      { id: MARKETING, email: "mo@example.com", name: "Mo Marketing", role: "marketing", passwordHash: "x" },
      { id: ADMIN, email: "admin@example.com", name: "Ada Admin", role: "admin", passwordHash: "x" },
    ]);
    await db.insert(accounts).values([
      { id: 1, name: "Apex", domain: "apex.example", ownerId: ALICE, icpFitScore: 80, abmTier: "tier_1" },
      { id: 2, name: "Birch", domain: "birch.example", ownerId: null, icpFitScore: 80, abmTier: "tier_1" },
      { id: 3, name: "Cedar", domain: "cedar.example", ownerId: ALICE, icpFitScore: 60, abmTier: "tier_2" },
    ]);
    await db.insert(contacts).values([{ id: 11, accountId: 1, name: "Cara Champion", email: "cara@apex.example", buyingGroupRole: "champion", status: "engaged" }]);
    await db.insert(webhooks).values({ name: "Ads tool", url: "https://ads.example/hook", secret: "s", events: ["campaign_task"], createdBy: ADMIN });
    await putSetting(db, "campaignPlays", { ...defaultCampaignPlays, tiers: { ...defaultCampaignPlays.tiers, tier_1: { ...defaultCampaignPlays.tiers.tier_1, enrolled: true } } }, MARKETING);
  });
  afterAll(() => t.drop());

  it("does nothing while it is off", async () => {
    expect(await run("2026-06-01")).toEqual({ enrolled: 0, tasks: 0, paused: 0, completed: 0, stopped: 0 });
    expect(await enrolmentList(db)).toEqual([]);
  });

  it("on: enrols the enrolled tier's accounts and tasks the first step to the owner, once however often it runs", async () => {
    const switches = await getSetting(db, "automations");
    await putSetting(db, "automations", { ...switches, campaign_orchestrator: { enabled: true, since: "2026-06-01", offSince: null } }, ADMIN);
    expect(await run("2026-06-01")).toEqual({ enrolled: 2, tasks: 1, paused: 0, completed: 0, stopped: 0 });
    expect(await run("2026-06-01")).toEqual({ enrolled: 0, tasks: 0, paused: 0, completed: 0, stopped: 0 });
    expect((await enrolmentList(db)).map((e) => [e.accountName, e.tier, e.enrolledOn, e.state])).toEqual([
      ["Apex", "tier_1", "2026-06-01", "active"],
      ["Birch", "tier_1", "2026-06-01", "active"],
    ]);
    expect(await tasks()).toMatchObject([{ accountName: "Apex", step: 0, channel: "brief", ownerId: ALICE, dueOn: "2026-06-01", reason: "Day 0 of the Tier 1 play.", state: "open" }]);
    // A second enrolment of a running account is refused by the table itself.
    expect(await enrolAccounts(db, [{ accountId: 1, tier: "tier_1" }], "2026-06-02")).toBe(0);
    // The owner hears of it.
    const [note] = await queryRows<{ title: string }>(db, sql`select e.title from notifications n join notification_events e on e.id = n.event_id where n.user_id = ${ALICE} and e.event = 'campaign_task'`);
    expect(note!.title).toBe("Account brief for Apex: step 1 of the Tier 1 play");
  });

  it("tasks each step on its day to the role's contact; a meeting pauses the play, which resumes by itself", async () => {
    expect((await run("2026-06-07")).tasks).toBe(0);
    expect((await run("2026-06-08")).tasks).toBe(1);
    expect((await tasks()).find((x) => x.step === 1)).toMatchObject({ channel: "email", contactName: "Cara Champion", dueOn: "2026-06-08" });
    await db.insert(meetings).values({ accountId: 1, contactId: 11, bookedBy: ALICE, bookedAt: on("2026-06-09", 15) });
    expect(await run("2026-06-15")).toMatchObject({ tasks: 0, paused: 1 });
    expect((await enrolmentList(db)).find((e) => e.accountName === "Apex")).toMatchObject({ state: "paused", pausedUntil: "2026-06-23" });
    expect(await run("2026-06-22")).toMatchObject({ tasks: 0, paused: 0 });
    // Resumed: the ads go to the webhooks, sent at once, for no one's list.
    expect((await run("2026-06-23")).tasks).toBe(1);
    expect((await tasks()).find((x) => x.step === 2)).toMatchObject({ channel: "ads", ownerId: null, state: "done", closedReason: "Sent to the webhooks (the ads and e-mail tools)." });
    const [delivery] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from notification_deliveries d join notification_events e on e.id = d.event_id where e.event = 'campaign_task' and d.webhook_id is not null`);
    expect(delivery!.n).toBeGreaterThanOrEqual(1);
  });

  it("a high-intent signal pulls the next step in to today", async () => {
    await db.insert(signals).values({ type: "demo_request", tier: "high", accountId: 1, occurredAt: on("2026-06-24", 9), receivedAt: on("2026-06-24", 9) });
    expect((await run("2026-06-24")).tasks).toBe(0);
    expect((await run("2026-06-26")).tasks).toBe(1);
    expect((await tasks()).find((x) => x.step === 3)).toMatchObject({
      channel: "asset",
      contactName: null,
      dueOn: "2026-06-26",
      reason: "Pulled in from 2026-06-30: a high-intent signal on 2026-06-24 (after 2026-06-23). No Economic Buyer on the map yet: find one first.",
    });
    expect((await automationLog(db, "campaign_orchestrator")).map((a) => a.action)).toContain("Paused the play");
  });

  it("its owner (or an admin) marks a task done; another user cannot", async () => {
    const [brief] = (await tasks()).filter((x) => x.step === 0);
    await expect(completeTask(db, brief!.id, { id: MARKETING, anyOwner: false })).rejects.toBeInstanceOf(ConflictError);
    await completeTask(db, brief!.id, { id: ALICE, anyOwner: false });
    expect((await tasks()).find((x) => x.step === 0)!.state).toBe("done");
  });

  it("switched off: stops every play and cancels the open tasks, keeping them and what was done", async () => {
    const before = (await actionCounts(db, "campaign_orchestrator")).total;
    expect(await stopAllPlays(db, "2026-06-27")).toEqual({ enrolments: 2, tasks: 2 });
    const switches = await getSetting(db, "automations");
    await putSetting(db, "automations", { ...switches, campaign_orchestrator: { enabled: false, since: "2026-06-01", offSince: "2026-06-27" } }, ADMIN);
    const all = await tasks();
    expect(all.map((x) => [x.step, x.state])).toEqual([
      [0, "done"],
      [1, "cancelled"],
      [2, "done"],
      [3, "cancelled"],
    ]);
    expect(all.find((x) => x.step === 1)!.closedReason).toBe("The Campaign Orchestrator was switched off on 2026-06-27.");
    expect((await enrolmentList(db)).every((e) => e.state === "stopped")).toBe(true);
    // The account page's play: the latest, with its state, reason and counts.
    expect(await accountPlay(db, 1)).toMatchObject({ tier: "tier_1", enrolledOn: "2026-06-01", state: "stopped", stateReason: "The Campaign Orchestrator was switched off on 2026-06-27.", tasked: 4, done: 2 });
    expect(await accountPlay(db, 3)).toBeNull();
    await expect(completeTask(db, all.find((x) => x.step === 1)!.id, { id: ALICE, anyOwner: false })).rejects.toThrow(/cancelled/);
    expect(await run("2026-07-01")).toEqual({ enrolled: 0, tasks: 0, paused: 0, completed: 0, stopped: 0 });
    expect((await actionCounts(db, "campaign_orchestrator")).total).toBe(before);
  });

  it("measures the accounts it enrolled before and after: engaged, with an opportunity created, the won cycle", async () => {
    // Before (May 6–31): Birch's contact touched on May 20. After (Jun 1–26): Apex met on Jun 9, its deal created Jun 12.
    await db.insert(contacts).values({ id: 12, accountId: 2, name: "Bo Birch", email: "bo@birch.example" });
    await db.insert(touchpoints).values({ accountId: 2, contactId: 12, channel: "email", type: "email_click", occurredAt: on("2026-05-20") });
    await db.insert(opportunities).values({ id: 70, name: "Apex platform", accountId: 1, ownerId: ALICE, amount: "20000.00", stageId: 2, status: "open", createdAt: on("2026-06-12") });
    const windows = beforeAfterWindows("2026-06-01", "2026-06-26", "The orchestrator");
    if (!windows.ok) throw new Error(windows.reason);
    expect(windows.before).toEqual({ from: "2026-05-06", to: "2026-05-31" });
    expect(await enrolledAccountsWindow(db, { ...windows.before, timeZone: "UTC" })).toEqual({ accounts: 2, engaged: 1, withOpportunity: 0, wonCycle: { n: 0, mean: 0, variance: 0 } });
    expect(await enrolledAccountsWindow(db, { ...windows.after, timeZone: "UTC" })).toEqual({ accounts: 2, engaged: 1, withOpportunity: 1, wonCycle: { n: 0, mean: 0, variance: 0 } });
    // The comparison group: Cedar, never enrolled, neither touched nor with a deal; a deal of its own created Jun 20 counts.
    expect(await enrolledAccountsWindow(db, { ...windows.after, timeZone: "UTC" }, { enrolled: false })).toEqual({ accounts: 1, engaged: 0, withOpportunity: 0, wonCycle: { n: 0, mean: 0, variance: 0 } });
    await db.insert(opportunities).values({ id: 71, name: "Cedar pilot", accountId: 3, ownerId: ALICE, amount: "5000.00", stageId: 1, status: "open", createdAt: on("2026-06-20") });
    expect((await enrolledAccountsWindow(db, { ...windows.after, timeZone: "UTC" }, { enrolled: false })).withOpportunity).toBe(1);
    const plan = await buildDeploymentPlan(db, on("2026-07-01"));
    const entry = plan.entries.find((e) => e.key === "campaign_orchestrator")!;
    if (entry.effect?.kind !== "orchestrator") throw new Error("the orchestrator's effect is its enrolled accounts' engagement");
    expect(entry.effect.impact.after.opportunities).toMatchObject({ hits: 1, n: 2 });
    expect(entry.effect.impact.notEnrolled.opportunities).toMatchObject({ hits: 1, n: 1 });
    expect(effectSummary(entry)).toMatch(/^Enrolled accounts engaged 50\.0% .* → 50\.0% .*; with an opportunity created 0\.0% .* → 50\.0% /);
  });
});
