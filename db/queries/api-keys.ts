import "server-only";
import crypto from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/index";
import { apiKeys, auditLog, users } from "@/db/schema";

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
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning({ name: apiKeys.name });
    if (!row) return false;
    forgetVerifiedApiKeys();
    await tx.insert(auditLog).values({ userId: actorId, entity: "api_key", entityId: String(id), field: "revoked", oldValue: null, newValue: row.name });
    return true;
  });
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
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .orderBy(desc(apiKeys.createdAt));
}

/**
 * Verified keys, kept for a few seconds per process so a stream of signals does not write the key's
 * row on every request (50 clients updating one row would queue on its lock). Revoking forgets them.
 */
const VERIFIED_TTL_MS = 10_000;
const LAST_USED_EVERY_MS = 60_000;
const verified = (globalThis as unknown as { __verifiedApiKeys?: Map<string, { id: number; scopes: string[]; until: number; usedAt: number }> });
const verifiedKeys = (verified.__verifiedApiKeys ??= new Map());

export function forgetVerifiedApiKeys(): void {
  verifiedKeys.clear();
}

/** The key's row when it exists and is not revoked; records its use (at most once a minute). */
export async function verifyApiKey(db: Database, key: string): Promise<{ id: number; scopes: string[] } | null> {
  const hash = hashApiKey(key);
  const now = Date.now();
  const known = verifiedKeys.get(hash);
  if (known && known.until > now) {
    if (now - known.usedAt > LAST_USED_EVERY_MS) {
      known.usedAt = now;
      await db.update(apiKeys).set({ lastUsedAt: new Date(now) }).where(eq(apiKeys.id, known.id));
    }
    return { id: known.id, scopes: known.scopes };
  }
  const [row] = await db
    .update(apiKeys)
    .set({ lastUsedAt: new Date(now) })
    .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id, scopes: apiKeys.scopes });
  if (!row) {
    verifiedKeys.delete(hash);
    return null;
  }
  if (verifiedKeys.size > 10_000) verifiedKeys.clear();
  verifiedKeys.set(hash, { id: row.id, scopes: row.scopes, until: now + VERIFIED_TTL_MS, usedAt: now });
  return row;
}
