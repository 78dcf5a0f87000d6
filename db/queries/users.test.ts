import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { hashPassword } from "@/lib/auth/password";
import { ConflictError, authenticate, createUser, endSessions, findSessionUser, findUserById, updateUser } from "./users";

describe.each(testDrivers())("users on %s", (driver) => {
  let t: TestDatabase;
  let hash: string;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    hash = await hashPassword("correct horse battery");
  });
  afterAll(() => t.drop());

  it("signs in with the right password and refuses a wrong one", async () => {
    const user = await createUser(t.handle.db, { email: "Dana@Example.com", name: "Dana", role: "sales", passwordHash: hash }, null);
    expect(user.email).toBe("dana@example.com");
    const ok = await authenticate(t.handle.db, { email: "DANA@example.com", password: "correct horse battery" });
    expect(ok.ok).toBe(true);
    const wrong = await authenticate(t.handle.db, { email: "dana@example.com", password: "nope" });
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    const unknown = await authenticate(t.handle.db, { email: "nobody@example.com", password: "nope" });
    expect(unknown).toEqual({ ok: false, reason: "invalid" });
  });

  it("locks an account after 10 failures in 15 minutes, for 15 minutes", async () => {
    const user = await createUser(t.handle.db, { email: "lee@example.com", name: "Lee", role: "sales", passwordHash: hash }, null);
    const start = new Date("2026-11-24T10:00:00Z");
    for (let i = 0; i < 9; i++) {
      const r = await authenticate(t.handle.db, { email: user.email, password: "wrong", now: new Date(start.getTime() + i * 60_000) });
      expect(r).toEqual({ ok: false, reason: "invalid" });
    }
    const tenth = await authenticate(t.handle.db, { email: user.email, password: "wrong", now: new Date(start.getTime() + 9 * 60_000) });
    expect(tenth.ok).toBe(false);
    expect(!tenth.ok && tenth.reason).toBe("locked");
    // Even the right password is refused while locked…
    const during = await authenticate(t.handle.db, { email: user.email, password: "correct horse battery", now: new Date(start.getTime() + 20 * 60_000) });
    expect(!during.ok && during.reason).toBe("locked");
    // …and accepted once the 15 minutes are over.
    const after = await authenticate(t.handle.db, { email: user.email, password: "correct horse battery", now: new Date(start.getTime() + 25 * 60_000) });
    expect(after.ok).toBe(true);
  });

  it("cannot be raced: parallel wrong passwords lock the account even with a right one among them", async () => {
    const user = await createUser(t.handle.db, { email: "race@example.com", name: "Race", role: "sales", passwordHash: hash }, null);
    const attempts = [
      ...Array.from({ length: 20 }, () => authenticate(t.handle.db, { email: user.email, password: "wrong" })),
      authenticate(t.handle.db, { email: user.email, password: "correct horse battery" }),
      ...Array.from({ length: 20 }, () => authenticate(t.handle.db, { email: user.email, password: "wrong" })),
    ];
    await Promise.all(attempts);
    // At least 10 failures followed any success, so the account ends locked and stays refused.
    const after = await authenticate(t.handle.db, { email: user.email, password: "correct horse battery" });
    expect(!after.ok && after.reason).toBe("locked");
  });

  it("does not lock for failures spread beyond the window", async () => {
    const user = await createUser(t.handle.db, { email: "kim@example.com", name: "Kim", role: "sales", passwordHash: hash }, null);
    const start = new Date("2026-11-24T10:00:00Z");
    for (let i = 0; i < 12; i++) {
      const r = await authenticate(t.handle.db, { email: user.email, password: "wrong", now: new Date(start.getTime() + i * 2 * 60_000) });
      expect(r).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("refuses a deactivated user", async () => {
    const admin = await createUser(t.handle.db, { email: "root@example.com", name: "Root", role: "admin", passwordHash: hash }, null);
    const user = await createUser(t.handle.db, { email: "gone@example.com", name: "Gone", role: "sales", passwordHash: hash }, admin.id);
    await updateUser(t.handle.db, { userId: user.id, expectedVersion: user.version, change: { field: "active", value: false } }, admin.id);
    const r = await authenticate(t.handle.db, { email: user.email, password: "correct horse battery" });
    expect(r).toEqual({ ok: false, reason: "deactivated" });
  });

  it("ends every copy of a session at sign-out; a second copy signing out ends nothing more", async () => {
    const user = await createUser(t.handle.db, { email: "out@example.com", name: "Out", role: "sales", passwordHash: hash }, null);
    const first = await authenticate(t.handle.db, { email: user.email, password: "correct horse battery" });
    if (!first.ok) throw new Error("sign-in refused");
    const version = first.user.sessionVersion;
    expect(await findSessionUser(t.handle.db, user.id, version)).toMatchObject({ id: user.id });

    expect(await endSessions(t.handle.db, user.id, version)).toBe(true);
    // A copy of the signed-out session (another tab, a stolen cookie) is refused…
    expect(await findSessionUser(t.handle.db, user.id, version)).toBeUndefined();
    // …and signing that copy out too does not end the next session.
    expect(await endSessions(t.handle.db, user.id, version)).toBe(false);

    const second = await authenticate(t.handle.db, { email: user.email, password: "correct horse battery" });
    if (!second.ok) throw new Error("sign-in refused");
    expect(second.user.sessionVersion).toBe(version + 1);
    expect(await findSessionUser(t.handle.db, user.id, version + 1)).toMatchObject({ id: user.id });
  });

  it("ends sessions on a password reset and on deactivation, and does not revive them on reactivation", async () => {
    const [admin] = await t.handle.db.select().from(users).where(eq(users.email, "root@example.com"));
    let user = await createUser(t.handle.db, { email: "epoch@example.com", name: "Epoch", role: "sales", passwordHash: hash }, admin!.id);
    const first = user.sessionVersion;
    user = await updateUser(t.handle.db, { userId: user.id, expectedVersion: user.version, change: { field: "password", passwordHash: hash } }, admin!.id);
    expect(user.sessionVersion).toBe(first + 1);
    user = await updateUser(t.handle.db, { userId: user.id, expectedVersion: user.version, change: { field: "active", value: false } }, admin!.id);
    user = await updateUser(t.handle.db, { userId: user.id, expectedVersion: user.version, change: { field: "active", value: true } }, admin!.id);
    expect(user.sessionVersion).toBe(first + 2);
    user = await updateUser(t.handle.db, { userId: user.id, expectedVersion: user.version, change: { field: "role", value: "marketing" } }, admin!.id);
    expect(user.sessionVersion).toBe(first + 2);
  });

  it("detects a concurrent change instead of overwriting it, and audits every change", async () => {
    const [admin] = await t.handle.db.select().from(users).where(eq(users.email, "root@example.com"));
    const user = await createUser(t.handle.db, { email: "sam@example.com", name: "Sam", role: "sales", passwordHash: hash }, admin!.id);
    await updateUser(t.handle.db, { userId: user.id, expectedVersion: user.version, change: { field: "role", value: "marketing" } }, admin!.id);
    await expect(
      updateUser(t.handle.db, { userId: user.id, expectedVersion: user.version, change: { field: "role", value: "executive" } }, admin!.id),
    ).rejects.toThrow(/changed by someone else.*role sales → marketing/);
    expect((await findUserById(t.handle.db, user.id))?.role).toBe("marketing");
    const trail = await t.handle.db.select().from(auditLog).where(eq(auditLog.entityId, String(user.id)));
    expect(trail.map((a) => a.field).sort()).toEqual(["created", "role"]);
  });

  it("keeps at least one active admin and refuses duplicate emails", async () => {
    const [admin] = await t.handle.db.select().from(users).where(eq(users.email, "root@example.com"));
    await expect(
      updateUser(t.handle.db, { userId: admin!.id, expectedVersion: admin!.version, change: { field: "role", value: "sales" } }, admin!.id),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(createUser(t.handle.db, { email: "ROOT@example.com", name: "Again", role: "sales", passwordHash: hash }, null)).rejects.toThrow(
      /already exists/,
    );
  });
});
