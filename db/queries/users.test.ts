import { and, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { hashPassword } from "@/lib/auth/password";
import { sessionUser } from "@/lib/auth/session-user";
import { ConflictError } from "@/lib/errors";
import { authenticate, countActiveUsers, createUser, endSessions, findUserById, listUsers, updateUser } from "./users";

describe.each(testDrivers())("users on %s", (driver) => {
  let t: TestDatabase;
  let hash: string;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    hash = await hashPassword("correct horse battery");
  });
  afterAll(() => t.drop());

  const A = "203.0.113.7";
  const B = "198.51.100.20";

  it("signs in with the right password and refuses a wrong one", async () => {
    const user = await createUser(t.handle.db, { email: "Dana@Example.com", name: "Dana", role: "sales", passwordHash: hash }, null);
    expect(user.email).toBe("dana@example.com");
    const ok = await authenticate(t.handle.db, { email: "DANA@example.com", password: "correct horse battery", address: A });
    expect(ok.ok).toBe(true);
    const wrong = await authenticate(t.handle.db, { email: "dana@example.com", password: "nope", address: A });
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    const unknown = await authenticate(t.handle.db, { email: "nobody@example.com", password: "nope", address: A });
    expect(unknown).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses an address after 10 failures against an account in 15 minutes, the right password included, until they age out", async () => {
    const user = await createUser(t.handle.db, { email: "lee@example.com", name: "Lee", role: "sales", passwordHash: hash }, null);
    const start = new Date("2026-11-24T10:00:00Z");
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    for (let i = 0; i < 10; i++) {
      const r = await authenticate(t.handle.db, { email: user.email, password: "wrong", address: "192.0.2.20", now: at(i) });
      expect(r).toEqual({ ok: false, reason: "invalid" });
    }
    // The right password from that address is refused, with the same answer as a wrong one…
    const during = await authenticate(t.handle.db, { email: user.email, password: "correct horse battery", address: "192.0.2.20", now: at(10) });
    expect(during).toEqual({ ok: false, reason: "invalid" });
    // …while the same account signs in from another address at once.
    const elsewhere = await authenticate(t.handle.db, { email: user.email, password: "correct horse battery", address: "192.0.2.21", now: at(10) });
    expect(elsewhere.ok).toBe(true);
    // Once the failures are 15 minutes old the address may try again.
    const after = await authenticate(t.handle.db, { email: user.email, password: "correct horse battery", address: "192.0.2.20", now: at(26) });
    expect(after.ok).toBe(true);
  });

  it("lets the admin sign in from another address however often an attacker fails against the admin's email", async () => {
    const admin = await createUser(t.handle.db, { email: "only-admin@example.com", name: "Only Admin", role: "admin", passwordHash: hash }, null);
    const attacker = "192.0.2.66";
    for (let i = 0; i < 40; i++) await authenticate(t.handle.db, { email: "ONLY-ADMIN@example.com", password: `guess-${i}`, address: attacker });
    const attackerRight = await authenticate(t.handle.db, { email: admin.email, password: "correct horse battery", address: attacker });
    expect(attackerRight.ok).toBe(false);
    const fromOffice = await authenticate(t.handle.db, { email: admin.email, password: "correct horse battery", address: B });
    expect(fromOffice.ok).toBe(true);
    // The admin's list shows that some address is refused for the account, and a password reset lifts it.
    const listed = (await listUsers(t.handle.db)).find((u) => u.id === admin.id)!;
    expect(listed.locked).toBe(true);
    await updateUser(t.handle.db, { userId: admin.id, expectedVersion: listed.version, change: { field: "password", passwordHash: hash } }, admin.id);
    expect((await listUsers(t.handle.db)).find((u) => u.id === admin.id)?.locked).toBe(false);
  });

  it("answers a known and an unknown email alike, however many failures", async () => {
    await createUser(t.handle.db, { email: "known@example.com", name: "Known", role: "sales", passwordHash: hash }, null);
    const answers = async (email: string, address: string) => {
      const out = [];
      for (let i = 0; i < 15; i++) out.push(await authenticate(t.handle.db, { email, password: `guess-${i}`, address }));
      out.push(await authenticate(t.handle.db, { email, password: "correct horse battery", address }));
      return out;
    };
    const known = await answers("known@example.com", "192.0.2.10");
    const unknown = await answers("unknown@example.com", "192.0.2.11");
    expect(known).toEqual(unknown);
    expect(new Set(known.map((a) => JSON.stringify(a)))).toEqual(new Set([JSON.stringify({ ok: false, reason: "invalid" })]));
  });

  it("throttles an address that fails a lot, whatever the accounts, and only that address", async () => {
    const victim = await createUser(t.handle.db, { email: "victim@example.com", name: "Victim", role: "sales", passwordHash: hash }, null);
    const spray = "192.0.2.99";
    const start = new Date("2026-11-24T12:00:00Z");
    // 30 failures spread over known and unknown emails, never more than 3 against one.
    for (let i = 0; i < 30; i++) {
      const email = i % 2 ? `spray-${i % 10}@example.com` : ["lee@example.com", "dana@example.com", "kim-nobody@example.com"][i % 3]!;
      const r = await authenticate(t.handle.db, { email, password: "wrong", address: spray, now: new Date(start.getTime() + i * 10_000) });
      expect(r).toEqual({ ok: false, reason: "invalid" });
    }
    const now = new Date(start.getTime() + 5 * 60_000);
    const refused = await authenticate(t.handle.db, { email: victim.email, password: "correct horse battery", address: spray, now });
    expect(refused).toEqual({ ok: false, reason: "throttled", retryAfter: new Date(start.getTime() + 15 * 60_000) });
    const other = await authenticate(t.handle.db, { email: victim.email, password: "correct horse battery", address: B, now });
    expect(other.ok).toBe(true);
    const later = await authenticate(t.handle.db, { email: victim.email, password: "correct horse battery", address: spray, now: new Date(start.getTime() + 15 * 60_000 + 1) });
    expect(later.ok).toBe(true);
  });

  it("cannot be raced: parallel wrong passwords lock the address out of the account even with a right one among them", async () => {
    const user = await createUser(t.handle.db, { email: "race@example.com", name: "Race", role: "sales", passwordHash: hash }, null);
    const address = "192.0.2.50";
    const attempts = [
      ...Array.from({ length: 12 }, () => authenticate(t.handle.db, { email: user.email, password: "wrong", address })),
      authenticate(t.handle.db, { email: user.email, password: "correct horse battery", address }),
      ...Array.from({ length: 12 }, () => authenticate(t.handle.db, { email: user.email, password: "wrong", address })),
    ];
    const results = await Promise.all(attempts);
    expect(results.filter((r) => r.ok).length).toBeLessThanOrEqual(1);
    // At least 10 failures followed any success, so the address ends refused for the account…
    const after = await authenticate(t.handle.db, { email: user.email, password: "correct horse battery", address });
    expect(after).toEqual({ ok: false, reason: "invalid" });
    // …and the account's owner, elsewhere, is not.
    expect((await authenticate(t.handle.db, { email: user.email, password: "correct horse battery", address: B })).ok).toBe(true);
  });

  it("cannot be raced past the address limit: of 60 parallel failures from one address, 30 are checked", async () => {
    const address = "192.0.2.51";
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => authenticate(t.handle.db, { email: `parallel-${i}@example.com`, password: "wrong", address })),
    );
    expect(results.filter((r) => !r.ok && r.reason === "invalid").length).toBe(30);
    expect(results.filter((r) => !r.ok && r.reason === "throttled").length).toBe(30);
  });

  it("does not lock for failures spread beyond the window", async () => {
    const user = await createUser(t.handle.db, { email: "kim@example.com", name: "Kim", role: "sales", passwordHash: hash }, null);
    const start = new Date("2026-11-24T10:00:00Z");
    for (let i = 0; i < 12; i++) {
      const r = await authenticate(t.handle.db, { email: user.email, password: "wrong", address: "192.0.2.30", now: new Date(start.getTime() + i * 2 * 60_000) });
      expect(r).toEqual({ ok: false, reason: "invalid" });
    }
    const r = await authenticate(t.handle.db, { email: user.email, password: "correct horse battery", address: "192.0.2.30", now: new Date(start.getTime() + 24 * 60_000) });
    expect(r.ok).toBe(true);
  });

  it("refuses a deactivated user", async () => {
    const admin = await createUser(t.handle.db, { email: "root@example.com", name: "Root", role: "admin", passwordHash: hash }, null);
    const user = await createUser(t.handle.db, { email: "gone@example.com", name: "Gone", role: "sales", passwordHash: hash }, admin.id);
    const active = await countActiveUsers(t.handle.db);
    await updateUser(t.handle.db, { userId: user.id, expectedVersion: user.version, change: { field: "active", value: false } }, admin.id);
    const r = await authenticate(t.handle.db, { email: user.email, password: "correct horse battery", address: A });
    expect(r).toEqual({ ok: false, reason: "deactivated" });
    // The overview's count, in SQL: the deactivated one is no longer counted, and is no admin.
    expect(await countActiveUsers(t.handle.db)).toBe(active - 1);
    expect(await countActiveUsers(t.handle.db, "admin")).toBe((await listUsers(t.handle.db)).filter((u) => u.active && u.role === "admin").length);
  });

  it("ends every copy of a session at sign-out; a second copy signing out ends nothing more", async () => {
    const user = await createUser(t.handle.db, { email: "out@example.com", name: "Out", role: "sales", passwordHash: hash }, null);
    const address = "192.0.2.40";
    const first = await authenticate(t.handle.db, { email: user.email, password: "correct horse battery", address });
    if (!first.ok) throw new Error("sign-in refused");
    const version = first.user.sessionVersion;
    // What currentUser() sees of a session cookie carrying this version.
    const findSessionUser = async (db: typeof t.handle.db, id: number, sv: number) =>
      (await sessionUser({ user: { id: String(id), role: "sales", sessionVersion: sv } }, (uid) => findUserById(db, uid))) ?? undefined;
    expect(await findSessionUser(t.handle.db, user.id, version)).toMatchObject({ id: user.id });

    expect(await endSessions(t.handle.db, user.id, version)).toBe(true);
    // A copy of the signed-out session (another tab, a stolen cookie) is refused…
    expect(await findSessionUser(t.handle.db, user.id, version)).toBeUndefined();
    // …and signing that copy out too does not end the next session.
    expect(await endSessions(t.handle.db, user.id, version)).toBe(false);

    const second = await authenticate(t.handle.db, { email: user.email, password: "correct horse battery", address });
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
    await t.handle.db.update(users).set({ active: false }).where(and(eq(users.role, "admin"), ne(users.email, "root@example.com")));
    const [admin] = await t.handle.db.select().from(users).where(eq(users.email, "root@example.com"));
    await expect(
      updateUser(t.handle.db, { userId: admin!.id, expectedVersion: admin!.version, change: { field: "role", value: "sales" } }, admin!.id),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(createUser(t.handle.db, { email: "ROOT@example.com", name: "Again", role: "sales", passwordHash: hash }, null)).rejects.toThrow(
      /already exists/,
    );
  });
});
