/**
 * Databases for integration tests: an in-memory PGlite always, and a fresh PostgreSQL database when
 * DATABASE_URL is set (created for the test file and dropped after it), so tests never see each
 * other's rows.
 */
import { openDatabase, type DatabaseHandle } from "@/db/index";
import { migrateDatabase } from "@/db/migrate";
import { ensureReferenceData } from "@/db/reference";
import { createTemporaryDatabase } from "@/db/temporary-database";
import { pgliteTemplate } from "./pglite-template";

export type TestDriver = "pglite" | "postgres";

export function testDrivers(): TestDriver[] {
  return process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

export interface TestDatabase {
  handle: DatabaseHandle;
  /**
   * Another client of the same database, as a second instance of the app would have: its own pool
   * on PostgreSQL; on PGlite, which has one connection, the same client (closing it does nothing).
   */
  another(): DatabaseHandle;
  drop(): Promise<void>;
}

export async function createTestDatabase(driver: TestDriver, { reference = true } = {}): Promise<TestDatabase> {
  if (driver === "pglite") {
    // From the run's migrated template when there is one; migrating it again finds nothing to do.
    const handle = openDatabase({ driver: "pglite", inMemory: true, from: pgliteTemplate() ?? undefined });
    await migrateDatabase(handle);
    if (reference) await ensureReferenceData(handle.db);
    return { handle, another: () => ({ ...handle, close: async () => {} }), drop: () => handle.close() };
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("DATABASE_URL is not set");
  const database = await createTemporaryDatabase(serverUrl, "pa_test");
  const handle = openDatabase({ driver: "postgres", url: database.url, maxConnections: 4 });
  const others: DatabaseHandle[] = [];
  const another = () => {
    const other = openDatabase({ driver: "postgres", url: database.url, maxConnections: 4 });
    others.push(other);
    return other;
  };
  const drop = async () => {
    await Promise.all(others.map((o) => o.close()));
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
  return { handle, another, drop };
}
