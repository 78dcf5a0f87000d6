import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { CACHE_CHECK_MS } from "./cache-versions";
import { createApiKey, forgetVerifiedApiKeys, listApiKeys, revokeApiKey, verifyApiKey } from "./api-keys";
import { createUser, findUserById, updateUser } from "./users";

describe.each(testDrivers())("API keys on %s", (driver) => {
  let t: TestDatabase;
  let root: { id: number };
  let creator: { id: number };
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    root = await createUser(t.handle.db, { email: "root@example.com", name: "Root", role: "admin", passwordHash: "x" }, null);
    creator = await createUser(t.handle.db, { email: "dana@example.com", name: "Dana Admin", role: "admin", passwordHash: "x" }, root.id);
  });
  afterAll(() => t.drop());
  afterEach(() => {
    vi.useRealTimers();
    forgetVerifiedApiKeys();
  });

  const setActive = async (userId: number, value: boolean) => {
    const user = (await findUserById(t.handle.db, userId))!;
    await updateUser(t.handle.db, { userId, expectedVersion: user.version, change: { field: "active", value } }, root.id);
  };

  it("refuses a key whose creator was deactivated, marks it in the list, and accepts it again when they are reactivated", async () => {
    const { id, key } = await createApiKey(t.handle.db, "BI dashboard", creator.id, ["metrics:read"]);
    expect(await verifyApiKey(t.handle.db, key)).toEqual({ ok: true, id, scopes: ["metrics:read"] });

    await setActive(creator.id, false);
    expect(await verifyApiKey(t.handle.db, key)).toEqual({ ok: false, reason: "creator-inactive" });
    expect((await listApiKeys(t.handle.db)).find((k) => k.id === id)).toMatchObject({ createdBy: "Dana Admin", creatorActive: false });

    await setActive(creator.id, true);
    expect(await verifyApiKey(t.handle.db, key)).toEqual({ ok: true, id, scopes: ["metrics:read"] });
    expect((await listApiKeys(t.handle.db)).find((k) => k.id === id)?.creatorActive).toBe(true);
  });

  it("tells an unknown or revoked key from one whose creator is inactive", async () => {
    const { id, key } = await createApiKey(t.handle.db, "Old", creator.id);
    await revokeApiKey(t.handle.db, id, root.id);
    expect(await verifyApiKey(t.handle.db, key)).toEqual({ ok: false, reason: "unknown" });
    expect(await verifyApiKey(t.handle.db, "pa_not-a-key")).toEqual({ ok: false, reason: "unknown" });
  });

  it("keeps a verified key no longer than a second once the creator is deactivated by another instance", async () => {
    const { key } = await createApiKey(t.handle.db, "Website", creator.id, ["signals:write"]);
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.now();
    expect((await verifyApiKey(t.handle.db, key)).ok).toBe(true);
    // Another instance deactivates the creator: this process's cache does not hear of it.
    await t.handle.db.update(users).set({ active: false }).where(eq(users.id, creator.id));
    vi.setSystemTime(start + CACHE_CHECK_MS);
    expect(await verifyApiKey(t.handle.db, key)).toEqual({ ok: false, reason: "creator-inactive" });
    await t.handle.db.update(users).set({ active: true }).where(eq(users.id, creator.id));
  });

  it("forgets a deactivated creator's keys at once in the process that deactivates them", async () => {
    const { key } = await createApiKey(t.handle.db, "Zapier", creator.id, ["signals:write"]);
    expect((await verifyApiKey(t.handle.db, key)).ok).toBe(true);
    await setActive(creator.id, false);
    expect(await verifyApiKey(t.handle.db, key)).toEqual({ ok: false, reason: "creator-inactive" });
    await setActive(creator.id, true);
  });
});
