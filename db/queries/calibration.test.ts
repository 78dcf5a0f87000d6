/**
 * The calibration backtest on PGlite and PostgreSQL, on a hand-built dataset. Period: 2026 (UTC).
 * Candidate weightings: W1 = fit .30 / intent .40 / engagement .30 (the default), W2 = .10 / .60 / .30.
 *
 * Account-level scores (fit, intent, engagement) before each deal was created, and the readiness each
 * weighting gives them:
 *   A  (90, 20, 50)  W1 27 + 8 + 15 = 50     W2  9 + 12 + 15 = 36
 *      (40, 80, 60)  W1 12 + 32 + 18 = 62    W2  4 + 48 + 18 = 70   → best W1 62, W2 70
 *      plus (100, 100, 100) exactly at creation and a day after, and a contact's own (100, 100, 100)
 *      score before creation: none of these count.
 *   B  (100, 30, 70) W1 30 + 12 + 21 = 63    W2 10 + 18 + 21 = 49
 *   C  (20, 90, 50)  W1 6 + 36 + 15 = 57     W2 2 + 54 + 15 = 71
 *   D  only a (100, 100, 100) score a day after its deal was created → no earlier score → 0
 *   E  (50, 50, 50)  W1 50                   W2 50
 * Deals closed in 2026: A won, B lost, C won, D won, E lost. Not counted: an open deal at E and a
 * deal at B lost on 2025-12-15.
 *
 * W1, threshold 60: won best scores 62, 57, 0 → false negatives C and D: 2 of 3; median 57.
 *                   lost best scores 63, 50     → false positives B: 1 of 2; median 56.5.
 *                   buckets 0: 1 won · 5: 1 won, 1 lost · 6: 1 won, 1 lost.
 * W2, threshold 60: won 70, 71, 0 → false negatives D: 1 of 3; median 70.
 *                   lost 49, 50 → false positives none: 0 of 2; median 49.5.
 *                   buckets 0: 1 won · 4: 1 lost · 5: 1 lost · 7: 2 won.
 * W1, threshold 50: false positives B and E (50 ≥ 50): 2 of 2; false negatives D: 1 of 3.
 * Unscored: 1 won (D), 0 lost, whatever the weights.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import { accounts, contacts, opportunities, pipelineStages, scores, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { StaleSettingError } from "@/lib/errors";
import { calibration } from "@/lib/metrics/calibration";
import { settingDefinitions } from "@/lib/settings/definitions";
import { calibrationBacktest } from "./calibration";
import { buildScoringModel } from "@/lib/signals/scoring-model";
import { leadScoringModelMarkdown } from "@/lib/reports/lead-scoring-model";
import { getSetting, putSettingIfUnchanged, settingStamp } from "./settings";

const W1 = { fit: 0.3, intent: 0.4, engagement: 0.3 };
const W2 = { fit: 0.1, intent: 0.6, engagement: 0.3 };
const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe.each(testDrivers())("calibration backtest on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  const scope = { from: "2026-01-01", to: "2026-12-31", timeZone: "UTC" };

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    const [stage] = await db.select({ id: pipelineStages.id }).from(pipelineStages).limit(1);
    const made = await db
      .insert(accounts)
      .values(["A", "B", "C", "D", "E"].map((name) => ({ name, domain: `${name.toLowerCase()}.example` })))
      .returning();
    const id = Object.fromEntries(made.map((a) => [a.name, a.id])) as Record<string, number>;
    const [contact] = await db.insert(contacts).values({ name: "Ann", accountId: id.A! }).returning();
    const score = (account: string, at: string, fit: number, intent: number, engagement: number, contactId: number | null = null) => ({
      accountId: id[account]!,
      contactId,
      fit: String(fit),
      intent: String(intent),
      engagement: String(engagement),
      readiness: "0",
      computedAt: typeof at === "string" && at.length === 10 ? day(at) : new Date(at),
    });
    await db.insert(scores).values([
      score("A", "2026-01-10", 90, 20, 50),
      score("A", "2026-02-10", 40, 80, 60),
      score("A", "2026-02-15", 100, 100, 100, contact!.id),
      score("A", "2026-03-01T12:00:00Z", 100, 100, 100),
      score("A", "2026-03-02", 100, 100, 100),
      score("B", "2025-11-01", 100, 30, 70),
      score("C", "2026-02-01", 20, 90, 50),
      score("D", "2026-04-02", 100, 100, 100),
      score("E", "2026-01-05", 50, 50, 50),
    ]);
    const deal = (account: string, status: "won" | "lost" | "open", created: string, closed: string | null) => ({
      name: `${account} ${status} ${created}`,
      accountId: id[account]!,
      stageId: stage!.id,
      status,
      createdAt: day(created),
      closedAt: closed ? day(closed) : null,
    });
    await db.insert(opportunities).values([
      deal("A", "won", "2026-03-01", "2026-05-01"),
      deal("B", "lost", "2026-01-15", "2026-06-01"),
      deal("C", "won", "2026-03-10", "2026-07-01"),
      deal("D", "won", "2026-04-01", "2026-08-01"),
      deal("E", "lost", "2026-02-01", "2026-09-01"),
      deal("E", "open", "2026-02-01", null),
      deal("B", "lost", "2025-11-15", "2025-12-15"),
    ]);
  });
  afterAll(() => t.drop());

  it("scores each deal by its account's best score before creation, with the default weights", async () => {
    const aggregates = await calibrationBacktest(db, { ...scope, weights: W1, threshold: 60 });
    expect(aggregates).toMatchObject({ won: 3, lost: 2, wonUnscored: 1, lostUnscored: 0, falsePositives: 1, falseNegatives: 2, medianWon: 57, medianLost: 56.5 });
    expect(aggregates.buckets).toEqual([
      { bucket: 0, won: 1, lost: 0 },
      { bucket: 5, won: 1, lost: 1 },
      { bucket: 6, won: 1, lost: 1 },
    ]);
    const c = calibration(aggregates, 60);
    expect(c.falsePositiveRate.rate.value).toBe(0.5);
    expect(c.falseNegativeRate.rate.value).toBeCloseTo(2 / 3, 10);
  });

  it("lead-scoring-model.md carries the same backtest, with the saved weights and the taxonomy", async () => {
    const model = await buildScoringModel(db, { from: scope.from, to: scope.to }, day("2026-12-31"));
    expect(model.calibration).toEqual(calibration(await calibrationBacktest(db, { ...scope, weights: W1, threshold: 60 }), 60));
    expect(model.types.length).toBeGreaterThan(20);
    const md = leadScoringModelMarkdown(model);
    expect(md).toMatch(/Deals won or lost Jan 1\s–\sDec 31, 2026: 3 won, 2 lost\. .* 1 deal had no score by then and counts as 0\./);
    expect(md).toContain("| False positive rate (lost deals that scored ≥ 60) | 50.0% (95 % CI 9%–91%), 1 of 2, small sample |");
    // Without a period: the last 12 months up to the day it is generated.
    expect((await buildScoringModel(db, undefined, day("2026-12-31"))).period).toEqual({ from: "2026-01-01", to: "2026-12-31" });
  });

  it("recomputes the stored sub-scores with candidate weights", async () => {
    const aggregates = await calibrationBacktest(db, { ...scope, weights: W2, threshold: 60 });
    expect(aggregates).toMatchObject({ won: 3, lost: 2, wonUnscored: 1, falsePositives: 0, falseNegatives: 1, medianWon: 70, medianLost: 49.5 });
    expect(aggregates.buckets).toEqual([
      { bucket: 0, won: 1, lost: 0 },
      { bucket: 4, won: 0, lost: 1 },
      { bucket: 5, won: 0, lost: 1 },
      { bucket: 7, won: 2, lost: 0 },
    ]);
  });

  it("counts a score equal to the threshold as high", async () => {
    const aggregates = await calibrationBacktest(db, { ...scope, weights: W1, threshold: 50 });
    expect(aggregates).toMatchObject({ falsePositives: 2, falseNegatives: 1 });
  });

  it("finds nothing in a period with no closed deals", async () => {
    const aggregates = await calibrationBacktest(db, { from: "2024-01-01", to: "2024-12-31", timeZone: "UTC", weights: W1, threshold: 60 });
    expect(aggregates).toMatchObject({ won: 0, lost: 0, falsePositives: 0, falseNegatives: 0, medianWon: null, medianLost: null, buckets: [] });
    expect(calibration(aggregates, 60).falsePositiveRate.rate).toEqual({ value: null, reason: "no lost deals in this period" });
  });

  it("saves the scoring settings only if nobody saved them since the editor loaded", async () => {
    const [mia, noah] = await db
      .insert(users)
      .values([
        { email: "mia@x.com", name: "Mia", role: "marketing", passwordHash: "x" },
        { email: "noah@x.com", name: "Noah", role: "admin", passwordHash: "x" },
      ])
      .returning();
    const initial = await settingStamp(db, "scoring");
    expect(initial).toEqual({ updatedAt: null, updatedBy: null });
    const candidate = { ...settingDefinitions.scoring.defaults, weights: W2 };
    expect(await putSettingIfUnchanged(db, "scoring", candidate, mia!.id, initial.updatedAt)).toBe(2);
    const afterMia = await settingStamp(db, "scoring");
    expect(afterMia.updatedBy).toBe("Mia");

    // Noah's editor loaded before Mia saved: refused, naming Mia, and nothing changes.
    const stale = putSettingIfUnchanged(db, "scoring", { ...candidate, calibrationThreshold: 70 }, noah!.id, initial.updatedAt);
    await expect(stale).rejects.toBeInstanceOf(StaleSettingError);
    await expect(stale).rejects.toThrow(/^Mia saved these settings after you opened them/);
    expect((await getSetting(db, "scoring")).calibrationThreshold).toBe(60);

    // After reloading he can.
    expect(await putSettingIfUnchanged(db, "scoring", { ...candidate, calibrationThreshold: 70 }, noah!.id, afterMia.updatedAt)).toBe(1);
    expect(await getSetting(db, "scoring")).toMatchObject({ weights: W2, calibrationThreshold: 70 });
    const audit = await queryRows<{ field: string; new_value: string }>(db, sql`select field, new_value from audit_log where entity = 'setting' and entity_id = 'scoring' order by id`);
    expect(audit).toEqual([
      { field: "weights.fit", new_value: "0.1" },
      { field: "weights.intent", new_value: "0.6" },
      { field: "calibrationThreshold", new_value: "70" },
    ]);
  });
});
