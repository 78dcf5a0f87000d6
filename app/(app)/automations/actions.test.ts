import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/index";
import { users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { getSetting, settingStamp } from "@/db/queries/settings";
import { defaultCampaignPlays } from "@/lib/domain/campaign-plays";

const state = vi.hoisted(() => ({ db: null as Database | null, user: null as { id: number; role: "admin" | "executive" | "marketing" | "sales" } | null }));

vi.mock("@/lib/auth", () => ({ requirePermission: vi.fn(async () => state.user!) }));
vi.mock("@/db/index", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/db/index")>()), getDb: () => state.db! }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("next/navigation", () => ({
  forbidden: () => {
    throw new Error("403 forbidden");
  },
  unstable_rethrow: (error: unknown) => {
    if (error instanceof Error && error.message === "403 forbidden") throw error;
  },
}));

const { saveBattlecardAction, switchAutomationAction } = await import("./actions");
const { savePlayAction, saveRulesAction } = await import("./campaign-orchestrator/actions");

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

describe.each(testDrivers())("automation actions on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    state.db = t.handle.db;
    const [admin] = await state.db.insert(users).values({ email: "admin@example.com", name: "Ada Admin", role: "admin", passwordHash: "x" }).returning();
    state.user = { id: admin!.id, role: "admin" };
  });
  afterAll(() => t.drop());

  it("switches an automation on from a day and off from today, naming a bad day, and refuses one the app does not run", async () => {
    expect(await switchAutomationAction(null, form({ automation: "competitive_alert_monitor", state: "on", since: "2999-01-01" }))).toMatchObject({ ok: false, fieldErrors: { since: expect.stringMatching(/^Switched on: 2999-01-01 is after today/) } });
    expect(await switchAutomationAction(null, form({ automation: "competitive_alert_monitor", state: "on", since: "2026-13-45" }))).toMatchObject({ ok: false, fieldErrors: { since: expect.stringContaining("is not a day") } });
    expect(await switchAutomationAction(null, form({ automation: "competitive_alert_monitor", state: "on", since: "2026-06-01" }))).toMatchObject({ ok: true, message: "Competitive Alert Monitor is on, measured from 2026-06-01." });
    expect((await getSetting(state.db!, "automations")).competitive_alert_monitor).toEqual({ enabled: true, since: "2026-06-01", offSince: null });
    expect(await switchAutomationAction(null, form({ automation: "competitive_alert_monitor", state: "off" }))).toMatchObject({ ok: true });
    expect((await getSetting(state.db!, "automations")).competitive_alert_monitor).toMatchObject({ enabled: false, since: "2026-06-01" });
    expect(await switchAutomationAction(null, form({ automation: "content_personalizer", state: "on", since: "2026-06-02" }))).toMatchObject({ ok: true, message: "Content Personalizer is on, measured from 2026-06-02." });
    expect((await getSetting(state.db!, "automations")).content_personalizer).toEqual({ enabled: true, since: "2026-06-02", offSince: null });
    expect(await switchAutomationAction(null, form({ automation: "no_such_thing", state: "on" }))).toMatchObject({ ok: false });
  });

  it("saves a battlecard for a competitor of the taxonomy, and names a broken link, NUL bytes or an unknown competitor", async () => {
    expect(await saveBattlecardAction(null, form({ competitor: "PipeIQ", url: "not a link", notes: "" }))).toMatchObject({ ok: false, fieldErrors: { url: 'Link: "not a link" is not a web address (https://…).' } });
    expect(await saveBattlecardAction(null, form({ competitor: "PipeIQ", url: "", notes: "a\u0000b" }))).toMatchObject({ ok: false, fieldErrors: { notes: expect.stringContaining("NUL") } });
    expect(await saveBattlecardAction(null, form({ competitor: "Nobody Inc", url: "https://x.example", notes: "" }))).toMatchObject({ ok: false, fieldErrors: { competitor: expect.stringContaining("not in the competitor taxonomy") } });
    expect(await saveBattlecardAction(null, form({ competitor: "PipeIQ", url: "https://wiki.example/pipeiq", notes: "Lead with accuracy." }))).toMatchObject({ ok: true });
    expect((await getSetting(state.db!, "battlecards")).cards).toEqual([{ competitor: "PipeIQ", url: "https://wiki.example/pipeiq", notes: "Lead with accuracy." }]);
    // Both blank: removed.
    expect(await saveBattlecardAction(null, form({ competitor: "PipeIQ", url: "", notes: "" }))).toMatchObject({ ok: true, message: "PipeIQ's battlecard is removed." });
    expect((await getSetting(state.db!, "battlecards")).cards).toEqual([]);
  });

  it("saves a tier's play, naming a step with no owner or an owner who is not a user; enrolling a tier switches the orchestrator on", async () => {
    const steps = defaultCampaignPlays.tiers.tier_1.steps.map((x) => ({ ...x }));
    const { updatedAt } = await settingStamp(state.db!, "campaignPlays");
    const noOwner = steps.map((x, i) => (i === 1 ? { ...x, owner: "" } : x));
    expect(await savePlayAction({ tier: "tier_1", enrolled: true, steps: noOwner, loadedAt: updatedAt })).toMatchObject({ ok: false, fieldErrors: { "owner-1": "Tier 1, step 2 has no owner: pick who does it (the account's owner, a user or the webhook)." } });
    const ghost = steps.map((x, i) => (i === 2 ? { ...x, owner: "user:999999" } : x));
    expect(await savePlayAction({ tier: "tier_1", enrolled: true, steps: ghost, loadedAt: updatedAt })).toMatchObject({ ok: false, fieldErrors: { "owner-2": "Tier 1, step 3: its owner is not an active user; pick another." } });
    expect((await getSetting(state.db!, "automations")).campaign_orchestrator.enabled).toBe(false);

    const saved = await savePlayAction({ tier: "tier_1", enrolled: true, steps: steps.map((x, i) => (i === 2 ? { ...x, owner: `user:${state.user!.id}` } : x)), loadedAt: updatedAt });
    expect(saved).toMatchObject({ ok: true, message: expect.stringMatching(/^Saved the Tier 1 play\. The Campaign Orchestrator is on from \d{4}-\d{2}-\d{2}\. Tier 1 accounts are enrolled/) });
    const plays = await getSetting(state.db!, "campaignPlays");
    expect(plays.tiers.tier_1.enrolled).toBe(true);
    expect(plays.tiers.tier_1.steps[2]!.owner).toBe(`user:${state.user!.id}`);
    expect((await getSetting(state.db!, "automations")).campaign_orchestrator).toMatchObject({ enabled: true, offSince: null });
    // A form loaded before that save is refused rather than overwriting it.
    expect(await savePlayAction({ tier: "tier_2", enrolled: true, steps: defaultCampaignPlays.tiers.tier_2.steps, loadedAt: updatedAt })).toMatchObject({ ok: false, fieldErrors: { form: "stale" } });
    const fresh = saved.ok ? (saved.data as { loadedAt: number | null }).loadedAt : null;
    expect(await saveRulesAction({ touchCap: "0", pauseDays: "14", loadedAt: fresh })).toMatchObject({ ok: false, fieldErrors: { touchCap: "Touch cap: a whole number of touches per contact per week, from 1 to 14." } });
    expect(await saveRulesAction({ touchCap: "3", pauseDays: "x", loadedAt: fresh })).toMatchObject({ ok: false, fieldErrors: { pauseDays: expect.stringContaining("Pause after a meeting") } });
    expect(await saveRulesAction({ touchCap: "3", pauseDays: "7", loadedAt: fresh })).toMatchObject({ ok: true });
    expect(await getSetting(state.db!, "campaignPlays")).toMatchObject({ touchCap: 3, pauseDays: 7 });
    // Off: nothing was running, and it says so.
    expect(await switchAutomationAction(null, form({ automation: "campaign_orchestrator", state: "off" }))).toMatchObject({ ok: true, message: expect.stringContaining(": 0 running plays stopped and 0 open tasks cancelled") });
  });
});
