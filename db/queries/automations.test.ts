/**
 * The Competitive Alert Monitor on PGlite and PostgreSQL, on a hand-built set (UTC). The monitor is
 * switched on from 2026-06-01; today is 2026-06-10: after = Jun 1–10, before = May 22–31.
 *
 * Signals (through the real ingest, so alerts come as they would from the API):
 *   - a comparison-page visit at Apex (owner Alice) naming "pipe iq" with the monitor off → nothing;
 *   - the same once it is on → one alert to Alice, with PipeIQ's battlecard; sent again with the
 *     same idempotency key → still one;
 *   - a negative review of "Spreadsheets" → no alert (not a rival);
 *   - a pricing-page visit → no alert (not a competitor signal).
 * Deals:
 *   - open deal 20 (Bob) naming Forecastly → one alert to Bob, without a battlecard; a second sweep → none;
 *   - open deal 21 naming nobody, closed deal 22 naming PipeIQ → none.
 * Closed deals for the before and after (competitor, status, closed):
 *   before: PipeIQ won May 25, PipeIQ lost May 26, PipeIQ lost May 30, Forecastly won May 28; May 21 (outside) PipeIQ won
 *   after:  PipeIQ won Jun 2, PipeIQ won Jun 5, PipeIQ lost Jun 9, deal 22 Jun 3 PipeIQ won; Jun 11 (outside) PipeIQ lost
 *   → PipeIQ before 1 of 3, after 3 of 4; Forecastly before 1 of 1, after none; all: 2 of 4 → 3 of 4.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import { accounts, opportunities, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { sweepCompetitorDeals } from "@/lib/automations/competitive-alert-run";
import { buildDeploymentPlan } from "@/lib/automations/deployment-plan";
import { deploymentPlanMarkdown, effectSummary } from "@/lib/reports/ai-agent-deployment-plan";
import { signalEngagementSystemMarkdown } from "@/lib/reports/signal-engagement-system";
import { buildEngagementSystem } from "@/lib/signals/engagement-system";
import { beforeAfterWindows } from "@/lib/metrics/before-after";
import { competitorImpact } from "@/lib/metrics/competitor-impact";
import type { SignalInput } from "@/lib/signals/ingest-request";
import { actionCounts, automationLog, closedOutcomes, winsByCompetitor } from "./automations";
import { putSetting, getSetting } from "./settings";
import { ingestContext } from "./signal-context";
import { ingestSignal } from "./signal-ingest";
import { forgetIngestContext } from "./ingest-context-cache";
import { dealTotals } from "./deals";
import { winLossDealsHref } from "@/lib/deals/drill-down";
import { parseDealsRequest } from "@/lib/deals/request";
import { defaultStallSettings } from "@/lib/win-loss/stalls";

const at = (iso: string) => new Date(`${iso}T12:00:00Z`);
const now = new Date("2026-06-10T15:00:00Z");
const ALICE = 501;
const BOB = 502;
const ADMIN = 503;

describe.each(testDrivers())("competitive alert monitor on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  const signal = (over: Partial<SignalInput>): SignalInput => ({
    type: "competitor_comparison",
    occurredAt: new Date(now.getTime() - 60_000),
    account: { domain: "apex.example" },
    contact: null,
    properties: {},
    idempotencyKey: null,
    ...over,
  });
  const ingest = async (input: SignalInput) => ingestSignal(db, input, await ingestContext(db), { now });
  const inbox = (userId: number) =>
    queryRows<{ title: string; body: string; link: string }>(
      db,
      sql`select e.title, e.body, e.link from notifications n join notification_events e on e.id = n.event_id where n.user_id = ${userId} and e.event = 'competitor_alert' order by n.id`,
    );
  const switchOn = async (on: boolean) => {
    const current = await getSetting(db, "automations");
    await putSetting(db, "automations", { ...current, competitive_alert_monitor: { enabled: on, since: "2026-06-01", offSince: on ? null : "2026-06-10" } }, ADMIN);
  };

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    await db.insert(users).values([
      { id: ALICE, email: "alice@example.com", name: "Alice Rep", role: "sales", passwordHash: "x" },
      { id: BOB, email: "bob@example.com", name: "Bob Rep", role: "sales", passwordHash: "x" },
      { id: ADMIN, email: "admin@example.com", name: "Ada Admin", role: "admin", passwordHash: "x" },
    ]);
    await db.insert(accounts).values([
      { id: 1, name: "Apex", domain: "apex.example", ownerId: ALICE, icpFitScore: 50 },
      { id: 2, name: "Birch", domain: "birch.example", ownerId: BOB, icpFitScore: 50 },
    ]);
    const closed = (id: number, competitor: string, status: "won" | "lost", day: string) => ({
      id,
      name: `Deal ${id}`,
      accountId: 2,
      ownerId: BOB,
      amount: "10000.00",
      stageId: status === "won" ? 6 : 7,
      status,
      createdAt: at("2026-04-01"),
      closedAt: at(day),
      competitor,
      competitorRaw: competitor,
    });
    await db.insert(opportunities).values([
      closed(1, "PipeIQ", "won", "2026-05-25"),
      closed(2, "PipeIQ", "lost", "2026-05-26"),
      closed(3, "PipeIQ", "lost", "2026-05-30"),
      closed(4, "Forecastly", "won", "2026-05-28"),
      closed(5, "PipeIQ", "won", "2026-05-21"),
      closed(6, "PipeIQ", "won", "2026-06-02"),
      closed(7, "PipeIQ", "won", "2026-06-05"),
      closed(8, "PipeIQ", "lost", "2026-06-09"),
      closed(9, "PipeIQ", "lost", "2026-06-11"),
      { ...closed(22, "PipeIQ", "won", "2026-06-03") },
      { id: 20, name: "Birch expansion", accountId: 2, ownerId: BOB, amount: "30000.00", stageId: 2, status: "open", createdAt: at("2026-05-01"), competitor: "Forecastly", competitorRaw: "forecastly" },
      { id: 21, name: "Birch add-on", accountId: 2, ownerId: BOB, amount: "5000.00", stageId: 2, status: "open", createdAt: at("2026-05-01") },
    ]);
    await putSetting(db, "battlecards", { cards: [{ competitor: "PipeIQ", url: "https://wiki.example/battlecards/pipeiq", notes: "Lead with forecast accuracy.\nThey discount 30 % at quarter end." }] }, ADMIN);
    forgetIngestContext();
  });
  afterAll(() => t.drop());

  it("alerts nothing while it is off", async () => {
    await ingest(signal({ properties: { competitor: "pipe iq" }, idempotencyKey: "off-1" }));
    expect(await sweepCompetitorDeals(db, now)).toEqual({ alerted: 0 });
    expect(await inbox(ALICE)).toEqual([]);
    expect((await actionCounts(db, "competitive_alert_monitor")).total).toBe(0);
  });

  it("once on, a competitor signal alerts the account's owner once, with the battlecard", async () => {
    await switchOn(true);
    const first = await ingest(signal({ properties: { page: "/compare/pipe-iq" }, idempotencyKey: "on-1" }));
    await ingest(signal({ properties: { page: "/compare/pipe-iq" }, idempotencyKey: "on-1" }));
    await ingest(signal({ type: "negative_competitor_review", properties: { competitor: "Excel" } }));
    await ingest(signal({ type: "pricing_page_depth", properties: { competitor: "PipeIQ" } }));
    expect(await inbox(ALICE)).toEqual([
      {
        title: "PipeIQ at Apex",
        body: "Apex compared us with PipeIQ. Battlecard: https://wiki.example/battlecards/pipeiq — Lead with forecast accuracy.",
        link: "/accounts/1",
      },
    ]);
    const [action] = await automationLog(db, "competitive_alert_monitor");
    expect(action).toMatchObject({ action: "Alerted the owner", topic: "PipeIQ", userName: "Alice Rep", accountName: "Apex", signalId: first.id, reason: "Comparison-page visit naming PipeIQ, with its battlecard" });
  });

  it("alerts each open deal naming a rival once, and no deal twice", async () => {
    expect(await sweepCompetitorDeals(db, now)).toEqual({ alerted: 1 });
    expect(await sweepCompetitorDeals(db, now)).toEqual({ alerted: 0 });
    expect(await inbox(BOB)).toEqual([
      {
        title: "Forecastly on Birch expansion",
        body: "Birch expansion is up against Forecastly. No battlecard for Forecastly yet: marketing adds one on the Competitive Alert Monitor page.",
        link: "/deals/20",
      },
    ]);
    expect(await actionCounts(db, "competitive_alert_monitor")).toEqual({ total: 2, byTopic: [{ topic: "Forecastly", actions: 1 }, { topic: "PipeIQ", actions: 1 }] });
  });

  it("the deployment plan reads the same before and after, and names the next automation to switch on", async () => {
    const plan = await buildDeploymentPlan(db, now);
    expect(plan.today).toBe("2026-06-10");
    const monitor = plan.entries.find((e) => e.key === "competitive_alert_monitor")!;
    expect(monitor.state).toEqual({ built: true, enabled: true, since: "2026-06-01", offSince: null });
    if (monitor.effect?.kind !== "competitors") throw new Error("the monitor's effect is its win rate against rivals");
    expect(monitor.effect.impact.total.before).toMatchObject({ hits: 2, n: 4 });
    expect(monitor.effect.impact.total.after).toMatchObject({ hits: 3, n: 4 });
    // The router routes as signals arrive, always; with no day set it has no baseline yet.
    const router = plan.entries[0]!;
    expect(router).toMatchObject({ key: "lead_router", state: { built: true, enabled: true, since: null }, effect: null });
    expect(effectSummary(router)).toBe("On, with no switch-on day set: no baseline to compare with yet.");
    // The next built one that is off, in the playbook's order.
    expect(plan.next).toBe("content_personalizer");
    const md = deploymentPlanMarkdown(plan);
    expect(md).toContain("| 6 | Competitive Alert Monitor | Medium | Low | On since 2026-06-01 | Win rate against rivals 50.0% (15%–85%, n = 4) → 75.0% (30%–95%, n = 4)");
    expect(md).toContain("**Content Personalizer** (priority 2)");
    // signal-engagement-system.md reads the same plan, with the taxonomy and the signal settings.
    const system = signalEngagementSystemMarkdown(await buildEngagementSystem(db, now));
    expect(system).toMatch(/\| 6 \| Competitive Alert Monitor \| .* \| On since 2026-06-01 \| Win rate against rivals 50\.0% .* → 75\.0% /);
    expect(system).toContain("| Competitor comparison | High intent | 22 |");
    expect(md).toContain("| 1 | Instant Lead Router | Very High | Medium | On (no switch-on day set) |");
  });

  it("off again: keeps what it did and alerts nothing new", async () => {
    await switchOn(false);
    await ingest(signal({ properties: { competitor: "PipeIQ" }, idempotencyKey: "off-2" }));
    await db.update(opportunities).set({ competitor: "RevSight", competitorRaw: "RevSight" }).where(sql`id = 21`);
    expect(await sweepCompetitorDeals(db, now)).toEqual({ alerted: 0 });
    expect((await actionCounts(db, "competitive_alert_monitor")).total).toBe(2);
    expect(await inbox(ALICE)).toHaveLength(1);
  });

  it("counts win rate against each competitor in equal windows around the switch-on day", async () => {
    const windows = beforeAfterWindows("2026-06-01", "2026-06-10", "The monitor");
    if (!windows.ok) throw new Error(windows.reason);
    expect(windows.before).toEqual({ from: "2026-05-22", to: "2026-05-31" });
    const before = await winsByCompetitor(db, { ...windows.before, timeZone: "UTC" });
    const after = await winsByCompetitor(db, { ...windows.after, timeZone: "UTC" });
    expect(before).toEqual([
      { key: "Forecastly", won: 1, lost: 0 },
      { key: "PipeIQ", won: 1, lost: 2 },
    ]);
    expect(after).toEqual([{ key: "PipeIQ", won: 3, lost: 1 }]);
    const impact = competitorImpact(before, after);
    expect(impact.rows.map((r) => [r.competitor, r.before.hits, r.before.n, r.after.hits, r.after.n])).toEqual([
      ["PipeIQ", 1, 3, 3, 4],
      ["Forecastly", 1, 1, 0, 0],
    ]);
    expect(impact.total.before).toMatchObject({ hits: 2, n: 4 });
    expect(impact.total.after).toMatchObject({ hits: 3, n: 4 });
    expect(impact.rows[0]!.change!.difference).toBeCloseTo(0.75 - 1 / 3, 10);
    expect(impact.rows[1]!.change).toBeNull();

    // "Every rival" opens as many deals as it counts, and a deal lost to the status quo is not among them.
    await db.insert(opportunities).values({ id: 30, name: "Status quo loss", accountId: 2, ownerId: BOB, amount: "1000.00", stageId: 7, status: "lost", createdAt: at("2026-04-01"), closedAt: at("2026-06-04"), competitor: "Spreadsheets (status quo)", competitorRaw: "spreadsheets" });
    const context = { timeZone: "UTC", today: "2026-06-10", now, tierBounds: [], stalls: defaultStallSettings };
    const opened = async (period: { from: string; to: string }) => {
      const href = winLossDealsHref({ preset: "custom", period, filters: {} }, { rivals: true });
      const parsed = parseDealsRequest(Object.fromEntries(new URL(href, "http://x").searchParams), "2026-06-10");
      if (!parsed.ok) throw new Error(parsed.error);
      expect(parsed.request.filters.rivals).toBe(true);
      return (await dealTotals(db, parsed.request.filters, context)).deals;
    };
    expect(await opened(windows.before)).toBe(impact.total.before.n);
    expect(await opened(windows.after)).toBe(impact.total.after.n);
    await db.delete(opportunities).where(sql`id = 30`);
  });

  it("the Win/Loss Analyzer's measure: win rate and lost deals with a reason, over the same windows", async () => {
    // Before: won 1 and 4, lost 2 (reason "Price", mapped) and 3 (none); after: won 6, 7 and 22, lost 8 (free text only).
    await db.update(opportunities).set({ lossReason: "Price", lossReasonRaw: "price" }).where(sql`id = 2`);
    await db.update(opportunities).set({ lossReasonRaw: "  budget cut  " }).where(sql`id = 8`);
    await db.update(opportunities).set({ lossReasonRaw: "   " }).where(sql`id = 3`);
    const windows = beforeAfterWindows("2026-06-01", "2026-06-10", "The analyzer");
    if (!windows.ok) throw new Error(windows.reason);
    expect(await closedOutcomes(db, { ...windows.before, timeZone: "UTC" })).toEqual({ won: 2, lost: 2, lostWithReason: 1 });
    expect(await closedOutcomes(db, { ...windows.after, timeZone: "UTC" })).toEqual({ won: 3, lost: 1, lostWithReason: 1 });

    const current = await getSetting(db, "automations");
    await putSetting(db, "automations", { ...current, win_loss_analyzer: { enabled: true, since: "2026-06-01", offSince: null } }, ADMIN);
    const analyzer = (await buildDeploymentPlan(db, now)).entries.find((e) => e.key === "win_loss_analyzer")!;
    if (analyzer.effect?.kind !== "analyzer") throw new Error("the analyzer's effect is its win rate and reasons recorded");
    expect(analyzer.effect.impact.before).toMatchObject({ closed: 4, winRate: { hits: 2, n: 4 }, reasonsRecorded: { hits: 1, n: 2 } });
    expect(analyzer.effect.impact.after).toMatchObject({ closed: 4, winRate: { hits: 3, n: 4 }, reasonsRecorded: { hits: 1, n: 1 } });
    expect(effectSummary(analyzer)).toMatch(/^Win rate 50\.0% \(15%–85%, n = 4\) → 75\.0% \(30%–95%, n = 4\): \+25\.0 pts .*; lost deals with a reason 50\.0% .* → 100\.0% /);
    expect(deploymentPlanMarkdown(await buildDeploymentPlan(db, now))).toContain("| Lost deals with a loss reason | 50.0% ");
    await putSetting(db, "automations", current, ADMIN);
  });
});
