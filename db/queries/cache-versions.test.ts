/**
 * Process caches forget a change made by another instance within a second: the change goes in
 * through one client (plain SQL, as another instance, the CLI or an operator would make it, so no
 * in-process forgetting helps), the cache is read through another (a second pool on PostgreSQL).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/index";
import { apiKeys, settings, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { createApiKey, verifyApiKey } from "./api-keys";
import { CACHE_CHECK_MS, cacheVersion, recheckCacheVersions } from "./cache-versions";
import { ingestContext } from "./signal-context";
import { createUser } from "./users";

/** Milliseconds until `check` holds, asked every 20 ms; fails after three seconds. */
async function within(check: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > 3_000) throw new Error("not seen within 3 s");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - started;
}

/** The slack a loaded machine may add to a second: one poll, one query. */
const SLACK_MS = 250;

describe.each(testDrivers())("process caches on %s", (driver) => {
  let t: TestDatabase;
  /** The instance that caches. */
  let reader: Database;
  /** The instance that changes things. */
  let writer: Database;
  let creatorId = 0;

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    reader = t.handle.db;
    writer = t.another().db;
    creatorId = (await createUser(writer, { email: "dana@example.com", name: "Dana", role: "admin", passwordHash: "x" }, null)).id;
  });
  afterAll(() => t.drop());

  it("moves a cache's version on with each change to a row it copies, and not on a key's use", async () => {
    const version = async (name: "api_keys" | "ingest_context") => {
      recheckCacheVersions(writer);
      return cacheVersion(writer, name);
    };
    const keys = await version("api_keys");
    const context = await version("ingest_context");
    const { id, key } = await createApiKey(writer, "Website", creatorId, ["signals:write"]);
    expect((await verifyApiKey(writer, key)).ok).toBe(true);
    expect(await version("api_keys")).toBe(keys);
    await writer.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id));
    const revoked = await version("api_keys");
    expect(revoked).toBeGreaterThan(keys);
    await writer.update(users).set({ name: "Dana A." }).where(eq(users.id, creatorId));
    expect(await version("api_keys")).toBe(revoked);
    expect(await version("ingest_context")).toBe(context);
    await writer.insert(settings).values({ key: "organisation", value: { timeZone: "Europe/Paris" } }).onConflictDoUpdate({ target: settings.key, set: { value: { timeZone: "Europe/Paris" } } });
    expect(await version("ingest_context")).toBeGreaterThan(context);
  });

  it("stops a revoked key on the other instance within a second", async () => {
    const { id, key } = await createApiKey(writer, "Partner", creatorId, ["signals:write"]);
    expect((await verifyApiKey(reader, key)).ok).toBe(true);
    await writer.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id));
    const waited = await within(async () => !(await verifyApiKey(reader, key)).ok);
    expect(waited).toBeLessThan(CACHE_CHECK_MS + SLACK_MS);
    expect(await verifyApiKey(reader, key)).toEqual({ ok: false, reason: "unknown" });
  });

  it("stops a deactivated user's key on the other instance within a second, and takes it back on reactivation", async () => {
    const { key } = await createApiKey(writer, "Form", creatorId, ["signals:write"]);
    expect((await verifyApiKey(reader, key)).ok).toBe(true);
    await writer.update(users).set({ active: false }).where(eq(users.id, creatorId));
    expect(await within(async () => !(await verifyApiKey(reader, key)).ok)).toBeLessThan(CACHE_CHECK_MS + SLACK_MS);
    expect(await verifyApiKey(reader, key)).toEqual({ ok: false, reason: "creator-inactive" });
    await writer.update(users).set({ active: true }).where(eq(users.id, creatorId));
    expect((await verifyApiKey(reader, key)).ok).toBe(true);
  });

  it("reads a changed setting and signal type on the other instance within a second", async () => {
    const before = await ingestContext(reader);
    const intentScale = before.scoring.intentScale === 70 ? 75 : 70;
    await writer
      .insert(settings)
      .values({ key: "scoring", value: { ...before.scoring, intentScale } })
      .onConflictDoUpdate({ target: settings.key, set: { value: { ...before.scoring, intentScale } } });
    expect(await within(async () => (await ingestContext(reader)).scoring.intentScale === intentScale)).toBeLessThan(CACHE_CHECK_MS + SLACK_MS);

    const points = (before.types.get("demo_request")?.points ?? 0) + 1;
    await writer.execute(sql`update signal_types set points = ${points} where key = 'demo_request'`);
    expect(await within(async () => (await ingestContext(reader)).types.get("demo_request")?.points === points)).toBeLessThan(CACHE_CHECK_MS + SLACK_MS);
  });

  it("keeps what it cached while nothing changes", async () => {
    const first = ingestContext(reader);
    await new Promise((resolve) => setTimeout(resolve, CACHE_CHECK_MS + 50));
    expect(await ingestContext(reader)).toBe(await first);
  });
});
