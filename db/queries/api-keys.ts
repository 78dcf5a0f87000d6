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

export async function createApiKey(db: Database, name: string, actorId: number): Promise<{ id: number; key: string }> {
  const key = newApiKey();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ name, prefix: key.slice(0, 10), keyHash: hashApiKey(key), scopes: ["metrics:read"], createdBy: actorId })
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
      createdAt: apiKeys.createdAt,
      createdBy: users.name,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .orderBy(desc(apiKeys.createdAt));
}

/** The key's row when it exists and is not revoked; records its use. */
export async function verifyApiKey(db: Database, key: string): Promise<{ id: number; scopes: string[] } | null> {
  const [row] = await db
    .update(apiKeys)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiKeys.keyHash, hashApiKey(key)), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id, scopes: apiKeys.scopes });
  return row ?? null;
}
