/**
 * What a fresh process does before it serves anything: open the database, apply migrations,
 * insert reference data, load the demo data into an empty database (unless DEMO_DATA=off),
 * and say how to sign in.
 */
import { count, eq } from "drizzle-orm";
import { demoDataEnabled, env } from "@/lib/env";
import { hashPassword } from "@/lib/auth/password";
import { closeDatabaseOnShutdown, getDatabase, type Database, type DatabaseHandle } from "./index";
import { migrateDatabase, withStartupLock } from "./migrate";
import { ensureReferenceData } from "./reference";
import { settings, users } from "./schema";
import { demoPassword, demoSignIns } from "./seed/generate";
import { seedDemoData } from "./seed";

import { DEMO_DATA_SETTING } from "./queries/workspace-keys";

export async function isEmpty(db: Database): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  return Number(row?.n ?? 0) === 0;
}

export async function loadDemoWorkspace(
  handle: DatabaseHandle,
  { seed, scale, asOf = new Date(), log = console.log }: { seed: number; scale: number; asOf?: Date; log?: (line: string) => void },
) {
  let lastTable = "";
  const result = await seedDemoData(handle.db, {
    seed,
    scale,
    asOf,
    passwordHash: await hashPassword(demoPassword),
    onProgress: (table) => {
      if (table !== lastTable) log(`  loading ${table}…`);
      lastTable = table;
    },
  });
  await handle.db
    .insert(settings)
    .values({
      key: DEMO_DATA_SETTING,
      value: {
        seed,
        scale,
        asOf: asOf.toISOString().slice(0, 10),
        loadedAt: new Date().toISOString(),
        signIns: demoSignIns.map(({ email, role }) => ({ email, role })),
      },
    })
    .onConflictDoNothing();
  return result;
}

export async function printDemoSignIns(db: Database, log = console.log): Promise<void> {
  const [demo] = await db.select().from(settings).where(eq(settings.key, DEMO_DATA_SETTING));
  if (!demo) return;
  log("Demo sign-ins (password: pipeline-demo):");
  for (const { email, role } of demoSignIns) log(`  ${email.padEnd(24)} ${role}`);
}

export interface PrepareOptions {
  demoData: boolean;
  seed: number;
  scale: number;
  asOf?: Date;
  log?: (line: string) => void;
}

/** Migrations, reference data, and the demo data when the database is empty and demo data is on. */
export async function prepare(handle: DatabaseHandle, { demoData, seed, scale, asOf, log = console.log }: PrepareOptions): Promise<void> {
  log(`Database: ${handle.driver === "pglite" ? `embedded PGlite in ${handle.location}` : `PostgreSQL at ${handle.location}`}`);
  await withStartupLock(handle, async () => {
    await migrateDatabase(handle);
    await ensureReferenceData(handle.db);
    if (demoData && (await isEmpty(handle.db))) {
      log(`Loading demo data (seed ${seed}, scale ${scale}); this happens once…`);
      const started = performance.now();
      const result = await loadDemoWorkspace(handle, { seed, scale, asOf, log });
      const rows = Object.values(result.counts).reduce((a, b) => a + b, 0);
      log(`Demo data loaded: ${rows.toLocaleString("en-US")} rows in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    }
  });
  await printDemoSignIns(handle.db, log);
}

let prepared: Promise<void> | undefined;

/** Start-up of the server process (instrumentation.ts), once. */
export function prepareDatabase(): Promise<void> {
  prepared ??= (async () => {
    const handle = getDatabase();
    closeDatabaseOnShutdown();
    const e = env();
    // npm start with several processes prepared the database once before starting them (lib/cli/start.ts).
    const preparedByStart = process.env.DATABASE_PREPARED_BY_START === "1";
    if (!preparedByStart) await prepare(handle, { demoData: demoDataEnabled(e), seed: e.DEMO_SEED, scale: e.DEMO_SCALE });
    // The job queue's workers (imports and every other background job) start here too, in
    // instrumentation.ts. An import a stopped server was running is run again by the queue's retry;
    // a start-up never touches another instance's live job.
    if (!preparedByStart) console.log(`Ready: open http://localhost:${e.PORT} and sign in.`);
  })();
  return prepared;
}

/** The server's start-up: without its database it would answer every request with an error, so it stops instead. */
export async function prepareDatabaseOrExit(): Promise<void> {
  try {
    await prepareDatabase();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
