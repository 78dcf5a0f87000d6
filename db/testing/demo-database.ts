import { seedDemoData } from "@/db/seed";
import { createTestDatabase, type TestDatabase, type TestDriver } from "./databases";

/** A test database holding a small deterministic demo dataset (scale 0.05) as of `asOf`: figures on realistic data. */
export async function createDemoTestDatabase(driver: TestDriver, asOf: Date): Promise<TestDatabase> {
  const t = await createTestDatabase(driver);
  await seedDemoData(t.handle.db, { seed: 7, asOf, scale: 0.05, passwordHash: "x" });
  return t;
}
