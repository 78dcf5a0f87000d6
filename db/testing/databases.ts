/**
 * Databases for integration tests: an in-memory PGlite always, and a fresh PostgreSQL database when
 * DATABASE_URL is set (created for the test file and dropped after it), so tests never see each
 * other's rows.
 */
import crypto from "node:crypto";
import postgres from "postgres";
import { openDatabase, type DatabaseHandle } from "@/db/index";
import { migrateDatabase } from "@/db/migrate";
import { ensureReferenceData } from "@/db/reference";

export type TestDriver = "pglite" | "postgres";

export function testDrivers(): TestDriver[] {
  return process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

export interface TestDatabase {
  handle: DatabaseHandle;
  drop(): Promise<void>;
}

export async function createTestDatabase(driver: TestDriver, { reference = true } = {}): Promise<TestDatabase> {
  if (driver === "pglite") {
    const handle = openDatabase({ driver: "pglite", inMemory: true });
    await migrateDatabase(handle);
    if (reference) await ensureReferenceData(handle.db);
    return { handle, drop: () => handle.close() };
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("DATABASE_URL is not set");
  const name = `pa_test_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase({ driver: "postgres", url: url.toString(), maxConnections: 4 });
  try {
    await migrateDatabase(handle);
    if (reference) await ensureReferenceData(handle.db);
  } catch (error) {
    await handle.close();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
    throw error;
  }
  return {
    handle,
    drop: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
