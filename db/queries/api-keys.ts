import "server-only";
import crypto from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db/index";
import { apiKeys, auditLog, users } from "@/db/schema";
import { cacheVersion, recheckCacheVersions } from "./cache-versions";

/** Keys look like pa_<43 characters>; only a SHA-256 of the whole key is stored. */
export function hashApiKey(key: string): string {
  return crypto.createHash("sha256").update(key).digest("hex");
}

export function newApiKey(): string {
  return `pa_${crypto.randomBytes(32).toString("base64url")}`;
}

/** What a key may do: read the metrics, send signals. */
export const apiKeyScopes = {
  "metrics:read": "Read metrics and reports",
  "signals:write": "Send intent signals",
} as const;
export type ApiKeyScope = keyof typeof apiKeyScopes;

export async function createApiKey(db: Database, name: string, actorId: number, scopes: readonly ApiKeyScope[] = ["metrics:read"]): Promise<{ id: number; key: string }> {
  const key = newApiKey();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ name, prefix: key.slice(0, 10), keyHash: hashApiKey(key), scopes: [...scopes], createdBy: actorId })
      .returning({ id: apiKeys.id });
    await tx.insert(auditLog).values({ userId: actorId, entity: "api_key", entityId: String(row!.id), field: "created", oldValue: null, newValue: name });
    return { id: row!.id, key };
  });
}

export async function revokeApiKey(db: Database, id: number, actorId: number): Promise<boolean> {
  const revoked = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning({ name: apiKeys.name });
    if (!row) return false;
    await tx.insert(auditLog).values({ userId: actorId, entity: "api_key", entityId: String(id), field: "revoked", oldValue: null, newValue: row.name });
    return true;
  });
  // After the commit, so no request in between re-verifies the key against the row before it.
  // Other instances see the trigger's new cache version within a second.
  if (revoked) forgetVerifiedApiKeys(db);
  return revoked;
}

export async function listApiKeys(db: Database) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      createdAt: apiKeys.createdAt,
      createdBy: users.name,
      /** False when the creator is deactivated (or removed): the key is refused until they are active again. */
      creatorActive: sql<boolean>`coalesce(${users.active}, false)`,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .orderBy(desc(apiKeys.createdAt));
}

/**
 * Verified keys, kept per process so a stream of signals does not write the key's row on every
 * request (50 clients updating one row would queue on its lock). An entry is used only while the
 * `api_keys` cache version it was verified under is current: revoking a key or deactivating (or
 * removing) a user moves it on (a trigger), which every instance notices within a second
 * (cache-versions.ts). The process that made the change forgets its keys at once.
 */
export const VERIFIED_TTL_MS = 10_000;
const LAST_USED_EVERY_MS = 60_000;
interface VerifiedKey {
  id: number;
  scopes: string[];
  version: number;
  until: number;
  usedAt: number;
}
const storeKey = Symbol.for("pipeline-accelerator.verified-api-keys");
const verifiedByDatabase = ((globalThis as { [storeKey]?: Map<Database, Map<string, VerifiedKey>> })[storeKey] ??= new Map());

/** Forgets the keys verified against `db` (every database when none is given). */
export function forgetVerifiedApiKeys(db?: Database): void {
  if (!db) {
    verifiedByDatabase.clear();
    return;
  }
  verifiedByDatabase.delete(db);
  recheckCacheVersions(db);
}

export type ApiKeyCheck =
  | { ok: true; id: number; scopes: string[] }
  /** "unknown": no such key, or revoked. "creator-inactive": the admin who created it is deactivated (or removed). */
  | { ok: false; reason: "unknown" | "creator-inactive" };

/**
 * Accepts a key that exists, is not revoked and whose creator is an active user; records its use (at
 * most once a minute). A key works only while the admin who created it does: deactivating them stops
 * it, reactivating them makes it work again (revoke it to end it for good).
 */
export async function verifyApiKey(db: Database, key: string): Promise<ApiKeyCheck> {
  const hash = hashApiKey(key);
  const now = Date.now();
  const version = await cacheVersion(db, "api_keys", now);
  let verifiedKeys = verifiedByDatabase.get(db);
  if (!verifiedKeys) verifiedByDatabase.set(db, (verifiedKeys = new Map()));
  const known = verifiedKeys.get(hash);
  if (known && known.version === version && known.until > now) {
    if (now - known.usedAt > LAST_USED_EVERY_MS) {
      known.usedAt = now;
      await db.update(apiKeys).set({ lastUsedAt: new Date(now) }).where(eq(apiKeys.id, known.id));
    }
    return { ok: true, id: known.id, scopes: known.scopes };
  }
  const creatorActive = sql`exists (select 1 from users creator where creator.id = "api_keys"."created_by" and creator.active)`;
  const [row] = await db
    .update(apiKeys)
    .set({ lastUsedAt: new Date(now) })
    .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt), creatorActive))
    .returning({ id: apiKeys.id, scopes: apiKeys.scopes });
  if (!row) {
    verifiedKeys.delete(hash);
    const [live] = await db.select({ id: apiKeys.id }).from(apiKeys).where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)));
    return { ok: false, reason: live ? "creator-inactive" : "unknown" };
  }
  if (verifiedKeys.size > 10_000) verifiedKeys.clear();
  verifiedKeys.set(hash, { id: row.id, scopes: row.scopes, version, until: now + VERIFIED_TTL_MS, usedAt: now });
  return { ok: true, id: row.id, scopes: row.scopes };
}
