import "server-only";
import { and, asc, desc, eq, gt, lte, sql } from "drizzle-orm";
import type { Database, DatabaseOrTransaction } from "@/db/index";
import { auditLog, failedSignIns, users, type User } from "@/db/schema";
import type { UserRole } from "@/lib/domain/roles";
import { FAILURE_WINDOW_MS, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, retryAfter } from "@/lib/auth/lockout";
import { spendPasswordCheck, verifyPassword } from "@/lib/auth/password";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { forgetVerifiedApiKeys } from "./api-keys";

export type PublicUser = Pick<
  User,
  "id" | "email" | "name" | "role" | "active" | "version" | "sessionVersion" | "lastSignInAt" | "createdAt"
>;

const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  active: users.active,
  version: users.version,
  sessionVersion: users.sessionVersion,
  lastSignInAt: users.lastSignInAt,
  createdAt: users.createdAt,
};

export async function findUserByEmail(db: Database, email: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
  return user;
}

export async function findUserById(db: DatabaseOrTransaction, id: number): Promise<PublicUser | undefined> {
  const [user] = await db.select(publicColumns).from(users).where(eq(users.id, id));
  return user;
}

/** Every user; `locked` when some address is refused for the account now (a password reset lifts it). */
export async function listUsers(db: Database, now: Date = new Date()): Promise<(PublicUser & { locked: boolean })[]> {
  const windowStart = new Date(now.getTime() - FAILURE_WINDOW_MS);
  // Spelled out: in a select list drizzle leaves columns unqualified, which the subquery would misread.
  const locked = sql<boolean>`exists (
    select 1 from failed_sign_ins f
    where f.user_id = "users"."id" and f.failed_at > ${windowStart.toISOString()}::timestamptz
    group by f.address
    having count(*) >= ${MAX_FAILURES_PER_ACCOUNT}::int
  )`;
  return db
    .select({ ...publicColumns, locked })
    .from(users)
    .orderBy(asc(users.role), asc(users.name));
}

export type Authentication =
  | { ok: true; user: PublicUser }
  /** A wrong password, an unknown email, or this address refused for the account: one answer for all three. */
  | { ok: false; reason: "invalid" }
  /** The right password for a deactivated account. */
  | { ok: false; reason: "deactivated" }
  /** This address failed too often, whatever the accounts. */
  | { ok: false; reason: "throttled"; retryAfter: Date };

/** Advisory-lock class of sign-in attempts (the second key is a hash of the address). */
const SIGN_IN_LOCK_CLASS = 7301;

/** When the address may try again, if it has reached its limit of failures in the window. */
async function addressRetryAfter(db: DatabaseOrTransaction, address: string, now: Date): Promise<Date | null> {
  const [limitth] = await db
    .select({ failedAt: failedSignIns.failedAt })
    .from(failedSignIns)
    .where(and(eq(failedSignIns.address, address), gt(failedSignIns.failedAt, new Date(now.getTime() - FAILURE_WINDOW_MS))))
    .orderBy(desc(failedSignIns.failedAt))
    .offset(MAX_FAILURES_PER_ADDRESS - 1)
    .limit(1);
  return limitth ? retryAfter(limitth.failedAt) : null;
}

/**
 * Checks a sign-in from a network address (lib/auth/client-address.ts), recording failures by address
 * and account and refusing an address that failed too often (lib/auth/lockout.ts). Failures from one
 * address never refuse another, so nobody can lock someone else out.
 *
 * Every answer but the address throttle costs one password check, also for an unknown email and an
 * address refused for the account, so neither the answer nor its timing tells whether the account
 * exists. The password is checked outside any transaction (it is slow); the limits are then decided
 * under a transaction-scoped advisory lock on the address, so parallel attempts from one address take
 * turns and cannot slip past them.
 */
export async function authenticate(
  db: Database,
  { email, password, address, now = new Date() }: { email: string; password: string; address: string; now?: Date },
): Promise<Authentication> {
  // A throttled address is refused before the costly password check.
  const throttled = await addressRetryAfter(db, address, now);
  if (throttled) return { ok: false, reason: "throttled", retryAfter: throttled };
  const user = await findUserByEmail(db, email);
  let passwordMatches = false;
  if (user) passwordMatches = await verifyPassword(password, user.passwordHash);
  else await spendPasswordCheck(password);

  return db.transaction(async (tx): Promise<Authentication> => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SIGN_IN_LOCK_CLASS}, hashtext(${address}))`);
    const windowStart = new Date(now.getTime() - FAILURE_WINDOW_MS);
    await tx.delete(failedSignIns).where(and(eq(failedSignIns.address, address), lte(failedSignIns.failedAt, windowStart)));
    const retryAt = await addressRetryAfter(tx, address, now);
    if (retryAt) return { ok: false, reason: "throttled", retryAfter: retryAt };
    const refuse = async (): Promise<Authentication> => {
      await tx.insert(failedSignIns).values({ address, userId: user?.id ?? null, failedAt: now });
      return { ok: false, reason: "invalid" };
    };
    if (!user) return refuse();
    const [current] = await tx.select({ active: users.active }).from(users).where(eq(users.id, user.id));
    if (!current) return refuse();
    const [fromHere] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(failedSignIns)
      .where(and(eq(failedSignIns.userId, user.id), eq(failedSignIns.address, address), gt(failedSignIns.failedAt, windowStart)));
    // Refused for this account from this address: counted like a wrong password, and answered alike.
    if ((fromHere?.n ?? 0) >= MAX_FAILURES_PER_ACCOUNT || !passwordMatches) return refuse();
    if (!current.active) return { ok: false, reason: "deactivated" };
    // A success forgets this address's failures against this account only: signing in to one's own
    // account must not reset the address's count against others.
    await tx.delete(failedSignIns).where(and(eq(failedSignIns.userId, user.id), eq(failedSignIns.address, address)));
    await tx.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id));
    const { passwordHash: _hash, ...rest } = user;
    return { ok: true, user: { ...rest, lastSignInAt: now } };
  });
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
      set.sessionVersion = current.sessionVersion + 1;
      audit = { field: "password", oldValue: null, newValue: "reset" };
    }
    const [updated] = await tx.update(users).set(set).where(eq(users.id, userId)).returning(publicColumns);
    // A reset lifts every address's refusal for the account.
    if (change.field === "password") await tx.delete(failedSignIns).where(eq(failedSignIns.userId, userId));
    await tx.insert(auditLog).values({ userId: actorId, entity: "user", entityId: String(userId), ...audit });
    return updated!;
  });
  // A deactivated admin's API keys stop working: this process forgets the keys it verified (after the
  // commit, so no request re-verifies one against the old row); other instances within a second.
  if (change.field === "active" && !change.value) forgetVerifiedApiKeys(db);
  return result;
}

/** Users who may sign in, of one role or of any. */
export async function countActiveUsers(db: Database, role?: UserRole): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.active, true), role === undefined ? undefined : eq(users.role, role)));
  return row?.n ?? 0;
}

export function countActiveAdmins(db: Database): Promise<number> {
  return countActiveUsers(db, "admin");
}
