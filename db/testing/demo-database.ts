import { seedDemoData } from "@/db/seed";
import { createTestDatabase, type TestDatabase, type TestDriver } from "./databases";

/**
 * A test database holding a small deterministic demo dataset (scale 0.05 unless asked for more) as of
 * `asOf`: figures on realistic data. A planted pattern measured by win rate wants a larger scale.
 */
export async function createDemoTestDatabase(driver: TestDriver, asOf: Date, scale = 0.05): Promise<TestDatabase> {
  const t = await createTestDatabase(driver);
  await seedDemoData(t.handle.db, { seed: 7, asOf, scale, passwordHash: "x" });
  return t;
}
