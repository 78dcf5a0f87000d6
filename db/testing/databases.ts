/**
 * Databases for integration tests: an in-memory PGlite always, and a fresh PostgreSQL database when
 * DATABASE_URL is set (created for the test file and dropped after it), so tests never see each
 * other's rows.
 */
import { openDatabase, type DatabaseHandle } from "@/db/index";
import { migrateDatabase } from "@/db/migrate";
import { ensureReferenceData } from "@/db/reference";
import { createTemporaryDatabase } from "@/db/temporary-database";

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
  const database = await createTemporaryDatabase(serverUrl, "pa_test");
  const handle = openDatabase({ driver: "postgres", url: database.url, maxConnections: 4 });
  const drop = async () => {
    await handle.close();
    await database.drop();
  };
  try {
    await migrateDatabase(handle);
    if (reference) await ensureReferenceData(handle.db);
  } catch (error) {
    await drop();
    throw error;
  }
  return { handle, drop };
}
