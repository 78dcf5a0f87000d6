/**
 * The router's before and after on PGlite and PostgreSQL, on a hand-built dataset (UTC, meeting
 * window 14 days). The router went live on 2026-06-01; today is 2026-06-10, so after = Jun 1–10 and
 * before = May 22–31 (10 days each).
 *
 * Before (high intent, received in May 22–31):
 *   b1 May 25 10:00, answered after 2 hours          meeting at the account May 30 → counts
 *   b2 May 26 10:00, answered after 30 minutes       no meeting
 *   b3 May 27 10:00, never answered                   meeting Jun 20 (24 days later) → does not count
 *   → 3 signals, 2 answered, 0 within 5 minutes, median (1800 s, 7200 s) = 4500 s = 75 minutes, 1 meeting.
 * After (Jun 1–10):
 *   a1 Jun 2 09:00, answered after 3 minutes          meeting Jun 5 → counts
 *   a2 Jun 3 09:00, answered after exactly 5 minutes  meeting Jun 5 at the same account → counts
 *   a3 Jun 4 09:00, answered after 10 minutes         no meeting (a meeting at another account)
 *   a4 Jun 9 09:00, answered after 1 minute           a meeting on Jun 8, before it → does not count
 *   → 4 signals, 4 answered, 3 within 5 minutes, median (60, 180, 300, 600) = 240 s = 4 minutes, 2 meetings.
 * Not counted anywhere: a medium-intent signal on Jun 2 answered in 1 minute, a high-intent one on May 21.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/index";
import { accounts, meetings, signals } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { routerImpact, routerWindows } from "@/lib/metrics/router-impact";
import { highIntentResponse } from "./router-impact";

const at = (iso: string) => new Date(`${iso}Z`);
const plus = (iso: string, minutes: number) => new Date(at(iso).getTime() + minutes * 60_000);

describe.each(testDrivers())("router before and after on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    const made = await db.insert(accounts).values(["B1", "B2", "B3", "A1", "A3", "A4", "X"].map((name) => ({ name, domain: `${name.toLowerCase()}.example` }))).returning();
    const id = Object.fromEntries(made.map((a) => [a.name, a.id])) as Record<string, number>;
    const signal = (account: string, received: string, answeredAfter: number | null, type = "demo_request", tier: "high" | "medium" = "high") => ({
      type,
      tier,
      accountId: id[account]!,
      occurredAt: at(received),
      receivedAt: at(received),
      firstResponseAt: answeredAfter === null ? null : plus(received, answeredAfter),
    });
    await db.insert(signals).values([
      signal("B1", "2026-05-25T10:00:00", 120),
      signal("B2", "2026-05-26T10:00:00", 30),
      signal("B3", "2026-05-27T10:00:00", null),
      signal("A1", "2026-06-02T09:00:00", 3),
      signal("A1", "2026-06-03T09:00:00", 5),
      signal("A3", "2026-06-04T09:00:00", 10),
      signal("A4", "2026-06-09T09:00:00", 1),
      signal("A3", "2026-06-02T09:00:00", 1, "content_download", "medium"),
      signal("B2", "2026-05-21T10:00:00", 1),
    ]);
    await db.insert(meetings).values([
      { accountId: id.B1!, bookedAt: at("2026-05-30T10:00:00") },
      { accountId: id.B3!, bookedAt: at("2026-06-20T10:00:00") },
      { accountId: id.A1!, bookedAt: at("2026-06-05T10:00:00") },
      { accountId: id.X!, bookedAt: at("2026-06-05T10:00:00") },
      { accountId: id.A4!, bookedAt: at("2026-06-08T10:00:00") },
    ]);
  });
  afterAll(() => t.drop());

  it("counts each window the same way and compares them", async () => {
    const windows = routerWindows("2026-06-01", "2026-06-10");
    if (!windows.ok) throw new Error(windows.reason);
    expect(windows.before).toEqual({ from: "2026-05-22", to: "2026-05-31" });
    const scope = { timeZone: "UTC", meetingWindowDays: 14 };
    const before = await highIntentResponse(db, { ...windows.before, ...scope });
    const after = await highIntentResponse(db, { ...windows.after, ...scope });
    expect(before).toEqual({ signals: 3, responded: 2, within5Minutes: 0, withMeeting: 1, medianResponseSeconds: 4500 });
    expect(after).toEqual({ signals: 4, responded: 4, within5Minutes: 3, withMeeting: 2, medianResponseSeconds: 240 });
    const impact = routerImpact(before, after);
    expect(impact.medianResponseChange).toEqual({ value: -71 });
    expect(impact.within5MinutesChange).toEqual({ value: 0.75 });
    expect(impact.meetingRateChange.value).toBeCloseTo(0.5 - 1 / 3, 10);
  });

  it("counts a meeting only within the meeting window", async () => {
    const before = await highIntentResponse(db, { from: "2026-05-22", to: "2026-05-31", timeZone: "UTC", meetingWindowDays: 30 });
    expect(before.withMeeting).toBe(2);
  });

  it("finds nothing in a window with no high-intent signals", async () => {
    expect(await highIntentResponse(db, { from: "2026-01-01", to: "2026-01-31", timeZone: "UTC", meetingWindowDays: 14 })).toEqual({
      signals: 0,
      responded: 0,
      within5Minutes: 0,
      withMeeting: 0,
      medianResponseSeconds: null,
    });
  });
});
