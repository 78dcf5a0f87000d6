/**
 * Editing the signal taxonomy on PGlite and PostgreSQL, on the seeded default types. "Demo request"
 * is high intent, 30 points, half-life 14 days. Mia raises it to 35 points and 10 days (two audit
 * rows, version 1 → 2); Noah, whose editor still holds version 1, is refused and told Mia changed it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import { users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { defaultSignalTypes } from "@/lib/domain/signal-types";
import { NotFoundError, StaleSignalTypeError } from "@/lib/errors";
import { signalTypeEntries, updateSignalType } from "./signal-types";

describe.each(testDrivers())("signal taxonomy edits on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  let mia: number;
  let noah: number;

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    const made = await db
      .insert(users)
      .values([
        { email: "mia@x.com", name: "Mia", role: "marketing", passwordHash: "x" },
        { email: "noah@x.com", name: "Noah", role: "admin", passwordHash: "x" },
      ])
      .returning();
    [mia, noah] = [made[0]!.id, made[1]!.id];
  });
  afterAll(() => t.drop());

  const demo = async () => (await signalTypeEntries(db)).find((e) => e.key === "demo_request")!;

  it("lists every type, high intent first and by points within a tier", async () => {
    const entries = await signalTypeEntries(db);
    expect(entries).toHaveLength(defaultSignalTypes.length);
    expect(entries[0]).toMatchObject({ key: "demo_request", tier: "high", points: 30, halfLifeDays: 14, version: 1, updatedBy: null, updatedAt: null });
    expect(entries.at(-1)!.tier).toBe("external");
    const tiers = entries.map((e) => e.tier);
    expect(tiers.indexOf("medium")).toBeGreaterThan(tiers.lastIndexOf("high"));
  });

  it("saves a change, bumps the version and audits each changed field", async () => {
    const before = await demo();
    const changes = await updateSignalType(db, "demo_request", { label: before.label, tier: "high", points: 35, halfLifeDays: 10, responsePlaybook: before.responsePlaybook }, 1, mia);
    expect(changes).toBe(2);
    const after = await demo();
    expect(after).toMatchObject({ points: 35, halfLifeDays: 10, version: 2, updatedBy: "Mia" });
    expect(after.updatedAt).toBeGreaterThan(0);
    const audit = await queryRows<{ field: string; old_value: string; new_value: string; user_id: number }>(
      db,
      sql`select field, old_value, new_value, user_id from audit_log where entity = 'signal_type' and entity_id = 'demo_request' order by id`,
    );
    expect(audit).toEqual([
      { field: "points", old_value: "30", new_value: "35", user_id: mia },
      { field: "half_life_days", old_value: "14", new_value: "10", user_id: mia },
    ]);
  });

  it("refuses a stale edit, naming who changed the type, and keeps their values", async () => {
    const current = await demo();
    const stale = updateSignalType(db, "demo_request", { ...current, points: 5 }, 1, noah);
    await expect(stale).rejects.toBeInstanceOf(StaleSignalTypeError);
    await expect(stale).rejects.toThrow("Mia changed “Demo request” after you opened it.");
    expect((await demo()).points).toBe(35);
  });

  it("saves nothing when nothing changed, and moves a type to another tier", async () => {
    const current = await demo();
    expect(await updateSignalType(db, "demo_request", current, 2, noah)).toBe(0);
    expect((await demo()).version).toBe(2);
    expect(await updateSignalType(db, "demo_request", { ...current, tier: "medium", label: "Demo asked for" }, 2, noah)).toBe(2);
    expect(await demo()).toMatchObject({ tier: "medium", label: "Demo asked for", version: 3, updatedBy: "Noah" });
  });

  it("says so when the type does not exist", async () => {
    await expect(updateSignalType(db, "no_such_type", { label: "x", tier: "low", points: 1, halfLifeDays: 1, responsePlaybook: "x" }, 1, mia)).rejects.toBeInstanceOf(NotFoundError);
  });
});
