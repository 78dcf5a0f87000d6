/**
 * The Content Personalizer at work on PGlite and PostgreSQL: a routed high-intent signal gets its
 * pick as it is stored (only while it is on), logged with its reasons, or a gap logged when nothing
 * fits; answering with the pick; the gaps' picks; and the answered signals its measure counts, on a
 * hand-built set whose answers are worked out below.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import { accounts, contacts, meetings, opportunities, signals, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { assetInput } from "@/lib/automations/content-assets";
import { personalizeGaps } from "@/lib/automations/content-personalizer-run";
import { ConflictError } from "@/lib/errors";
import type { Gap } from "@/lib/metrics/buying-group";
import { personalizerImpact } from "@/lib/metrics/personalizer-impact";
import type { SignalInput } from "@/lib/signals/ingest-request";
import { answeredOutcomes } from "./asset-picks";
import { automationLog } from "./automations";
import { addAsset } from "./content-assets";
import { forgetIngestContext } from "./ingest-context-cache";
import { getSetting, putSetting } from "./settings";
import { ingestContext } from "./signal-context";
import { ingestSignal } from "./signal-ingest";
import { logSignalResponse, signalQueue } from "./signals";

const REP = 801;
const ADMIN = 802;
const now = new Date("2026-06-10T15:00:00Z");
const h = (iso: string) => new Date(`2026-06-${iso}Z`);

describe.each(testDrivers())("the Content Personalizer on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  const ingest = async (over: Partial<SignalInput>) =>
    ingestSignal(db, { type: "pricing_page_depth", occurredAt: new Date(now.getTime() - 60_000), account: { domain: "apex.example" }, contact: { email: "erin@apex.example" }, properties: {}, idempotencyKey: null, ...over }, await ingestContext(db), { now });
  const switchOn = async (on: boolean) => {
    const current = await getSetting(db, "automations");
    await putSetting(db, "automations", { ...current, content_personalizer: { enabled: on, since: on ? "2026-06-01" : null, offSince: null } }, ADMIN);
  };
  const picks = () => queryRows<{ signal_id: number; asset_title: string; reasons: string[]; sent_at: Date | null }>(db, sql`select signal_id, asset_title, reasons, sent_at from asset_picks order by id`);

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    await db.insert(users).values([
      { id: REP, email: "rep@example.com", name: "Riley Rep", role: "sales", passwordHash: "x" },
      { id: ADMIN, email: "admin@example.com", name: "Ada Admin", role: "admin", passwordHash: "x" },
    ]);
    await db.insert(accounts).values({ id: 1, name: "Apex", domain: "apex.example", ownerId: REP, icpFitScore: 70, industry: "Software" });
    await db.insert(contacts).values([
      { id: 11, accountId: 1, name: "Erin Buyer", email: "erin@apex.example", buyingGroupRole: "economic_buyer" },
      { id: 12, accountId: 1, name: "Nico Nobody", email: "nico@apex.example" },
    ]);
    await db.insert(opportunities).values({ id: 5, name: "Apex platform", accountId: 1, ownerId: REP, amount: "30000.00", stageId: 3, status: "open", createdAt: new Date("2026-05-01T00:00:00Z") });
    const asset = (over: Record<string, unknown>) => assetInput.parse({ title: "ROI calculator", format: "roi_calculator", url: "https://content.example/roi", roles: "economic_buyer", stages: "decision", signalTypes: "pricing_page_depth", ...over });
    await addAsset(db, asset({}), ADMIN);
    await addAsset(db, asset({ title: "Security guide", format: "guide", url: "https://content.example/security", roles: "technical_evaluator", stages: "", signalTypes: "", industries: "Software" }), ADMIN);
    forgetIngestContext();
  });
  afterAll(() => t.drop());

  it("picks nothing while it is off", async () => {
    const stored = await ingest({ idempotencyKey: "off" });
    expect(stored.routedTo).toBe(REP);
    expect(await picks()).toEqual([]);
    expect(await automationLog(db, "content_personalizer")).toEqual([]);
  });

  it("while on, picks the asset for a routed high-intent signal as it is stored, logs why, and shows it in the rep's queue", async () => {
    await switchOn(true);
    const stored = await ingest({ idempotencyKey: "on" });
    expect(await picks()).toEqual([{ signal_id: stored.id, asset_title: "ROI calculator", reasons: ["for an Economic Buyer", "at the decision stage", "answers pricing page depth"], sent_at: null }]);
    const [logged] = await automationLog(db, "content_personalizer");
    expect(logged).toMatchObject({ action: "Picked “ROI calculator” for Erin Buyer", reason: "for an Economic Buyer; at the decision stage; answers pricing page depth (score 8)", accountName: "Apex", userName: "Riley Rep", topic: "ROI calculator" });
    const queue = await signalQueue(db, { userId: REP, now, meetingWindowDays: 14 });
    const row = queue.waiting.find((s) => s.id === stored.id)!;
    expect(row.pick).toEqual({ title: "ROI calculator", url: "https://content.example/roi", reasons: ["for an Economic Buyer", "at the decision stage", "answers pricing page depth"], sent: false });
  });

  it("logs a gap for the library when nothing fits the person", async () => {
    const stored = await ingest({ idempotencyKey: "nobody", contact: { email: "nico@apex.example" } });
    expect((await picks()).map((p) => p.signal_id)).not.toContain(stored.id);
    const [logged] = await automationLog(db, "content_personalizer");
    expect(logged).toMatchObject({ action: "Nothing fits", topic: null, signalId: stored.id });
    expect(logged!.reason).toMatch(/^No asset in the library fits someone with no role in Software at the decision stage after a /);
  });

  it("answers a signal with its pick once; the person is not sent the same asset twice", async () => {
    const [first] = await picks();
    const opts = { user: { id: REP, role: "sales" as const }, now, timeZone: "UTC" };
    const nobody = (await automationLog(db, "content_personalizer"))[0]!.signalId!;
    await expect(logSignalResponse(db, { signalId: nobody, ...opts, withPickedAsset: true })).rejects.toBeInstanceOf(ConflictError);
    // The refusal rolled the whole response back: the signal still waits.
    expect((await signalQueue(db, { userId: REP, now, meetingWindowDays: 14 })).waiting.map((s) => s.id)).toContain(nobody);
    await logSignalResponse(db, { signalId: first!.signal_id, ...opts, withPickedAsset: true });
    expect((await picks())[0]!.sent_at).not.toBeNull();
    // Erin got the ROI calculator: her next pricing visit finds nothing else that fits her.
    await ingest({ idempotencyKey: "again" });
    expect(await picks()).toHaveLength(1);
    expect((await automationLog(db, "content_personalizer"))[0]).toMatchObject({ action: "Nothing fits" });
    expect((await automationLog(db, "content_personalizer"))[0]!.reason).toMatch(/\(1 already sent to them left out\)\.$/);
  });

  it("picks for a buying-group gap at the account's stage and industry, leaving out what the account got", async () => {
    const gap = (role: Gap["role"]): Gap => ({ role, kind: "missing", contacts: [], action: "Find them", asset: "Playbook text" });
    const [accountGaps, dealGaps] = await personalizeGaps(db, 1, [
      { gaps: [gap("technical_evaluator"), gap("economic_buyer")], dealId: null },
      { gaps: [gap("technical_evaluator")], dealId: 5 },
    ]);
    expect(accountGaps!.map((g) => g.pick?.title ?? null)).toEqual(["Security guide", null]);
    expect(accountGaps![0]!.pick!.reasons).toEqual(["for a Technical Evaluator", "in Software"]);
    expect(dealGaps![0]!.pick?.title).toBe("Security guide");
    await switchOn(false);
    const [off] = await personalizeGaps(db, 1, [{ gaps: [gap("technical_evaluator")], dealId: null }]);
    expect(off![0]!.pick).toBeUndefined();
  });
});

describe.each(testDrivers())("the Content Personalizer's measure on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    await db.insert(users).values({ id: REP, email: "rep@example.com", name: "Riley Rep", role: "sales", passwordHash: "x" });
    await db.insert(accounts).values([
      { id: 1, name: "Apex", domain: "apex.example", ownerId: REP, icpFitScore: 70 },
      { id: 2, name: "Birch", domain: "birch.example", ownerId: REP, icpFitScore: 70 },
    ]);
    await db.insert(contacts).values([
      { id: 11, accountId: 1, name: "Erin", email: "erin@apex.example" },
      { id: 12, accountId: 1, name: "Flo", email: "flo@apex.example" },
      { id: 21, accountId: 2, name: "Gus", email: "gus@birch.example" },
    ]);
    const s = (id: number, account: number, contact: number | null, received: string, responded: string | null, tier: "high" | "medium" = "high") => ({
      id,
      type: "pricing_page_depth",
      tier,
      accountId: account,
      contactId: contact,
      occurredAt: h(received),
      receivedAt: h(received),
      routedTo: REP,
      firstResponseAt: responded === null ? null : h(responded),
    });
    await db.insert(signals).values([
      // After (June 5–14 in the window below):
      s(1, 1, 11, "05T10:00:00", "05T10:03:00"), // with the asset; Erin replies on the 7th (signal 10) and Apex meets on the 8th
      s(2, 2, 21, "06T10:00:00", "06T11:00:00"), // with the asset; Gus comes back the next day (signal 5): a reply; no meeting
      s(3, 1, 12, "06T12:00:00", "06T12:30:00"), // without; Flo's next signal (11) is 16 days later: no reply; Apex's meeting on the 8th counts
      s(4, 2, null, "07T09:00:00", "07T09:10:00"), // without, nobody named: Birch's next signal (12) on the 9th is its reply
      s(5, 2, 21, "07T10:00:00", null), // not answered: not counted
      s(6, 1, 11, "08T10:00:00", "08T10:01:00", "medium"), // not high intent: not counted
      // Before (May 26 – June 4):
      s(7, 1, 11, "01T10:00:00", "01T10:05:00"), // Erin replies (signal 10) within 14 days of the answer; Apex's meeting on the 8th is 7 days after: met
      // Later signals: the replies.
      s(10, 1, 11, "07T08:00:00", null, "medium"),
      s(11, 1, 12, "22T13:00:00", null, "medium"),
      s(12, 2, null, "09T08:00:00", null, "medium"),
    ]);
    await db.execute(sql`insert into asset_picks (signal_id, asset_title, asset_url, score, picked_at, sent_at) values
      (1, 'ROI', 'https://x.example/roi', 8, '2026-06-05T10:00:00Z', '2026-06-05T10:03:00Z'),
      (2, 'ROI', 'https://x.example/roi', 8, '2026-06-06T10:00:00Z', '2026-06-06T11:00:00Z'),
      (3, 'ROI', 'https://x.example/roi', 8, '2026-06-06T12:00:00Z', null)`);
    await db.insert(meetings).values({ accountId: 1, bookedAt: h("08T09:00:00") });
  });
  afterAll(() => t.drop());

  it("counts the answered high-intent signals of each window, with and without the picked asset", async () => {
    const scope = { timeZone: "UTC", meetingWindowDays: 14 };
    const after = await answeredOutcomes(db, { from: "2026-06-05", to: "2026-06-14", ...scope });
    expect(after).toEqual({ withAsset: { answered: 2, replied: 2, met: 1 }, without: { answered: 2, replied: 1, met: 1 } });
    const before = await answeredOutcomes(db, { from: "2026-05-26", to: "2026-06-04", ...scope });
    expect(before).toEqual({ withAsset: { answered: 0, replied: 0, met: 0 }, without: { answered: 1, replied: 1, met: 1 } });
    const impact = personalizerImpact(before, after);
    expect(impact.withAsset.replyRate.rate).toBe(1);
    expect(impact.without.replyRate.rate).toBe(0.5);
    expect(impact.after.meetingRate).toMatchObject({ hits: 2, n: 4 });
    expect(impact.before.meetingRate).toMatchObject({ hits: 1, n: 1 });
    // A 2-day window: the replies (within a day or two of the answers) still count; the meeting 2 days 23 hours after signal 1 does not, the one 1 day 21 hours after signal 3 does.
    expect(await answeredOutcomes(db, { from: "2026-06-05", to: "2026-06-14", timeZone: "UTC", meetingWindowDays: 2 })).toEqual({
      withAsset: { answered: 2, replied: 2, met: 0 },
      without: { answered: 2, replied: 1, met: 1 },
    });
  });
});
