/**
 * The database's start-up work, once, before `npm start` starts several server processes
 * (WEB_CONCURRENCY): migrations, reference data, and the demo data into an empty database when it is
 * on. The server processes then skip it (db/startup.ts).
 */
import { closeDatabase, getDatabase } from "@/db/index";
import { prepare } from "@/db/startup";
import { demoDataEnabled, env } from "@/lib/env";

async function main() {
  const e = env();
  try {
    await prepare(getDatabase(), { demoData: demoDataEnabled(e), seed: e.DEMO_SEED, scale: e.DEMO_SCALE });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  } finally {
    await closeDatabase();
  }
}

void main();
