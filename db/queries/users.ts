import "server-only";
import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import type { Database } from "@/db/index";
import { auditLog, signInFailures, users, type User, type UserRole } from "@/db/schema";
import { FAILURE_WINDOW_MS, isLocked, lockAfterFailure } from "@/lib/auth/lockout";
import { spendPasswordCheck, verifyPassword } from "@/lib/auth/password";
import { forgetVerifiedApiKeys } from "./api-keys";

export type PublicUser = Pick<
  User,
  "id" | "email" | "name" | "role" | "active" | "version" | "sessionVersion" | "lockedUntil" | "lastSignInAt" | "createdAt"
>;

const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  active: users.active,
  version: users.version,
  sessionVersion: users.sessionVersion,
  lockedUntil: users.lockedUntil,
  lastSignInAt: users.lastSignInAt,
  createdAt: users.createdAt,
};

export async function findUserByEmail(db: Database, email: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
  return user;
}

export async function findUserById(db: Database, id: number): Promise<PublicUser | undefined> {
  const [user] = await db.select(publicColumns).from(users).where(eq(users.id, id));
  return user;
}

export async function listUsers(db: Database): Promise<(PublicUser & { locked: boolean })[]> {
  return db
    .select({ ...publicColumns, locked: sql<boolean>`coalesce(${users.lockedUntil} > now(), false)` })
    .from(users)
    .orderBy(asc(users.role), asc(users.name));
}

export type Authentication =
  | { ok: true; user: PublicUser }
  | { ok: false; reason: "invalid" | "deactivated" }
  | { ok: false; reason: "locked"; lockedUntil: Date };

/**
 * Checks a sign-in, recording failures and locking the account after too many. The password is
 * checked first (slow, outside any transaction); the lock, the failure count and the success are
 * then decided under a lock on the user's row, so parallel attempts cannot slip past the lock.
 */
export async function authenticate(
  db: Database,
  { email, password, now = new Date() }: { email: string; password: string; now?: Date },
): Promise<Authentication> {
  const user = await findUserByEmail(db, email);
  if (!user) {
    await spendPasswordCheck(password);
    return { ok: false, reason: "invalid" };
  }
  if (user.lockedUntil && isLocked(user.lockedUntil, now)) {
    return { ok: false, reason: "locked", lockedUntil: user.lockedUntil };
  }
  const passwordMatches = await verifyPassword(password, user.passwordHash);

  return db.transaction(async (tx): Promise<Authentication> => {
    const [current] = await tx
      .select({ lockedUntil: users.lockedUntil, active: users.active })
      .from(users)
      .where(eq(users.id, user.id))
      .for("update");
    if (!current) return { ok: false, reason: "invalid" };
    if (current.lockedUntil && isLocked(current.lockedUntil, now)) {
      return { ok: false, reason: "locked", lockedUntil: current.lockedUntil };
    }
    if (!passwordMatches) {
      const windowStart = new Date(now.getTime() - FAILURE_WINDOW_MS);
      await tx.delete(signInFailures).where(and(eq(signInFailures.userId, user.id), lt(signInFailures.failedAt, windowStart)));
      await tx.insert(signInFailures).values({ userId: user.id, failedAt: now });
      const [recent] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(signInFailures)
        .where(and(eq(signInFailures.userId, user.id), gte(signInFailures.failedAt, windowStart)));
      const lock = lockAfterFailure(recent?.n ?? 0, now);
      if (!lock) return { ok: false, reason: "invalid" };
      await tx.update(users).set({ lockedUntil: lock }).where(eq(users.id, user.id));
      await tx.delete(signInFailures).where(eq(signInFailures.userId, user.id));
      return { ok: false, reason: "locked", lockedUntil: lock };
    }
    if (!current.active) return { ok: false, reason: "deactivated" };
    await tx.delete(signInFailures).where(eq(signInFailures.userId, user.id));
    await tx.update(users).set({ lastSignInAt: now, lockedUntil: null }).where(eq(users.id, user.id));
    const { passwordHash: _hash, ...rest } = user;
    return { ok: true, user: { ...rest, lastSignInAt: now, lockedUntil: null } };
  });
}

/** The user of a session carrying `sessionVersion`, while they are active and the version is current. */
export async function findSessionUser(db: Database, id: number, sessionVersion: number): Promise<PublicUser | undefined> {
  const [user] = await db
    .select(publicColumns)
    .from(users)
    .where(and(eq(users.id, id), eq(users.active, true), eq(users.sessionVersion, sessionVersion)));
  return user;
}

/**
 * Sign-out: ends every copy of the session (other tabs and devices, a copied cookie) by moving the
 * user's session version on, as a password reset does. Only a current session may: a copy that is
 * already ended signing out again does not end the next one. Returns whether sessions were ended.
 */
export async function endSessions(db: Database, id: number, sessionVersion: number): Promise<boolean> {
  const ended = await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(and(eq(users.id, id), eq(users.sessionVersion, sessionVersion)))
    .returning({ id: users.id });
  return ended.length > 0;
}

export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}

export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotFoundError";
  }
}

export async function createUser(
  db: Database,
  input: { email: string; name: string; role: UserRole; passwordHash: string },
  actorId: number | null,
): Promise<PublicUser> {
  return db.transaction(async (tx) => {
    const email = input.email.trim().toLowerCase();
    const [existing] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email}`);
    if (existing) throw new ConflictError(`A user with the email ${email} already exists.`);
    const [created] = await tx
      .insert(users)
      .values({ email, name: input.name.trim(), role: input.role, passwordHash: input.passwordHash })
      .returning(publicColumns);
    await tx.insert(auditLog).values({
      userId: actorId,
      entity: "user",
      entityId: String(created!.id),
      field: "created",
      oldValue: null,
      newValue: `${email} (${input.role})`,
    });
    return created!;
  });
}

type UserChange =
  | { field: "role"; value: UserRole }
  | { field: "active"; value: boolean }
  | { field: "password"; passwordHash: string };

/**
 * Changes one thing about a user if nobody changed the user since `expectedVersion` was read;
 * otherwise throws ConflictError naming what the other change was. Every change is audited.
 */
export async function updateUser(
  db: Database,
  { userId, expectedVersion, change }: { userId: number; expectedVersion: number; change: UserChange },
  actorId: number,
): Promise<PublicUser> {
  const result = await db.transaction(async (tx) => {
    const [current] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!current) throw new NotFoundError(`User ${userId} does not exist.`);
    if (current.version !== expectedVersion) {
      const [last] = await tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entity, "user"), eq(auditLog.entityId, String(userId))))
        .orderBy(sql`${auditLog.at} desc, ${auditLog.id} desc`)
        .limit(1);
      const what = last ? ` (last change: ${last.field} ${last.oldValue ?? "—"} → ${last.newValue ?? "—"})` : "";
      throw new ConflictError(`${current.name} was changed by someone else since you loaded this page${what}. Reload and try again.`);
    }
    const removesAdmin =
      current.role === "admin" &&
      current.active &&
      ((change.field === "role" && change.value !== "admin") || (change.field === "active" && !change.value));
    // Lock every active admin row, so two admins removing each other cannot both see the other.
    const activeAdmins = removesAdmin
      ? await tx.select({ id: users.id }).from(users).where(and(eq(users.role, "admin"), eq(users.active, true))).for("update")
      : [];
    if (removesAdmin && activeAdmins.length <= 1) {
      throw new ConflictError(`${current.name} is the only active admin; make someone else an admin first.`);
    }
    const set: Partial<typeof users.$inferInsert> = { version: current.version + 1, updatedAt: new Date() };
    let audit: { field: string; oldValue: string | null; newValue: string | null };
    if (change.field === "role") {
      set.role = change.value;
      audit = { field: "role", oldValue: current.role, newValue: change.value };
    } else if (change.field === "active") {
      set.active = change.value;
      // Deactivation ends every session, so reactivation does not bring old ones back.
      if (!change.value) set.sessionVersion = current.sessionVersion + 1;
      audit = { field: "active", oldValue: String(current.active), newValue: String(change.value) };
    } else {
      set.passwordHash = change.passwordHash;
      set.lockedUntil = null;
      set.sessionVersion = current.sessionVersion + 1;
      audit = { field: "password", oldValue: null, newValue: "reset" };
    }
    const [updated] = await tx.update(users).set(set).where(eq(users.id, userId)).returning(publicColumns);
    if (change.field === "password") await tx.delete(signInFailures).where(eq(signInFailures.userId, userId));
    await tx.insert(auditLog).values({ userId: actorId, entity: "user", entityId: String(userId), ...audit });
    return updated!;
  });
  // A deactivated admin's API keys stop working: this process forgets the keys it verified (after the
  // commit, so no request re-verifies one against the old row); other instances within their cache's TTL.
  if (change.field === "active" && !change.value) forgetVerifiedApiKeys();
  return result;
}

export async function countActiveAdmins(db: Database): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.active, true)));
  return row?.n ?? 0;
}
