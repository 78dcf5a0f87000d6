import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import path from "node:path";
import postgres from "postgres";
import type { DatabaseHandle } from "./index";

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

// Arbitrary constant: app instances and tools starting together on one PostgreSQL take turns.
const STARTUP_LOCK_KEY = 7_262_011;

/** Applies the committed drizzle-kit migrations that the database has not seen yet. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.config.driver === "pglite") await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
  else await migratePostgres(handle.db as unknown as PostgresJsDatabase, { migrationsFolder });
}

/**
 * Runs start-up work (migrations, reference data, demo data, a reset) while holding a PostgreSQL
 * advisory lock, so instances starting together take turns instead of inserting the same rows.
 * The lock lives on a connection of its own; PGlite needs none (its folder lock is per process).
 */
export async function withStartupLock<T>(handle: DatabaseHandle, work: () => Promise<T>): Promise<T> {
  if (handle.config.driver !== "postgres") return work();
  const client = postgres(handle.config.url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${STARTUP_LOCK_KEY})`;
    try {
      return await work();
    } finally {
      await client`select pg_advisory_unlock(${STARTUP_LOCK_KEY})`;
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}
