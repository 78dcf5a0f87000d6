/**
 * The one database client of a process. DATABASE_URL set → PostgreSQL through postgres.js;
 * unset → embedded PGlite in PGLITE_DIR (default ./.data/pglite), locked to this process.
 * Both are the same drizzle type, so queries never know which one they run on.
 */
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations, SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import fs from "node:fs";
import postgres from "postgres";
import { env, pgliteDir } from "@/lib/env";
import { DatabaseClosingError } from "@/lib/errors";
import { acquireFolderLock } from "./lock";
import * as schema from "./schema";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** An open transaction on a Database (the `tx` of `db.transaction`). */
export type Transaction = PgTransaction<PgQueryResultHKT, typeof schema, ExtractTablesWithRelations<typeof schema>>;
/**
 * What a query that works alike inside and outside a transaction takes: inside one, its statements
 * commit or roll back with the caller's (and a transaction it opens is a savepoint).
 */
export type DatabaseOrTransaction = Database | Transaction;
export type Driver = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Database;
  driver: Driver;
  /** The PGlite folder, or the PostgreSQL URL without its password. */
  location: string;
  config: DatabaseConfig;
  /** The embedded database's client (the job queue talks to it directly); none on PostgreSQL. */
  pglite?: PGlite;
  close(): Promise<void>;
}

export type DatabaseConfig =
  | { driver: "postgres"; url: string; maxConnections?: number }
  | { driver: "pglite"; dir: string }
  /** In memory; `from` is a dump of another PGlite's data folder (dumpDataDir) to start from. */
  | { driver: "pglite"; inMemory: true; from?: Blob };

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

/** Opens a new client. Apps use getDatabase(); tests and tools that need their own client use this. */
export function openDatabase(config: DatabaseConfig): DatabaseHandle {
  if (config.driver === "postgres") {
    // JIT compiling costs about half a second per large query: more than the dashboard queries it would speed up.
    const client = postgres(config.url, { max: config.maxConnections ?? 10, onnotice: () => {}, connection: { jit: "off" } });
    return {
      db: drizzlePostgres({ client, schema, casing: "snake_case" }),
      driver: "postgres",
      location: redactUrl(config.url),
      config,
      close: () => client.end({ timeout: 5 }),
    };
  }
  if ("inMemory" in config) {
    const client = new PGlite(config.from ? { loadDataDir: config.from } : undefined);
    return {
      db: drizzlePglite({ client, schema, casing: "snake_case" }),
      driver: "pglite",
      location: "memory://",
      config,
      pglite: client,
      close: () => client.close(),
    };
  }
  // The lock comes first: nothing touches the folder unless this process holds it.
  const release = acquireFolderLock(config.dir);
  try {
    fs.mkdirSync(config.dir, { recursive: true });
    const client = new PGlite(config.dir);
    return {
      db: drizzlePglite({ client, schema, casing: "snake_case" }),
      driver: "pglite",
      location: config.dir,
      config,
      pglite: client,
      close: async () => {
        try {
          if (!client.closed) await client.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

export function configFromEnv(): DatabaseConfig {
  const e = env();
  return e.DATABASE_URL ? { driver: "postgres", url: e.DATABASE_URL } : { driver: "pglite", dir: pgliteDir(e) };
}

// Hot reload and separate route bundles evaluate this module more than once; the handle must not.
const globalKey = Symbol.for("pipeline-accelerator.database");
type GlobalWithDatabase = typeof globalThis & { [globalKey]?: DatabaseHandle };

const closingKey = Symbol.for("pipeline-accelerator.database-closing");
type GlobalClosing = typeof globalThis & { [closingKey]?: boolean };

export function getDatabase(): DatabaseHandle {
  const g = globalThis as GlobalWithDatabase & GlobalClosing;
  // A request arriving during shutdown must not open the database again.
  if (g[closingKey]) throw new DatabaseClosingError();
  // `next build` runs in other processes while a server may hold the folder; it must never open it.
  if (process.env.NEXT_PHASE === "phase-production-build") {
    throw new Error("The database was opened during `next build`; a page that reads data must be dynamic.");
  }
  g[globalKey] ??= openDatabase(configFromEnv());
  return g[globalKey];
}

export function getDb(): Database {
  return getDatabase().db;
}

/**
 * True for a handle (or a transaction) on the embedded database, where one connection serves
 * everything: while a transaction is open, any query outside it waits for it to end.
 */
export function isEmbedded(db: Database): boolean {
  // A transaction's session holds the driver's transaction client: postgres.js's (like its pool)
  // runs raw SQL through `unsafe`, PGlite's does not.
  const client = (db as unknown as { session?: { client?: { unsafe?: unknown } } }).session?.client;
  return !!client && typeof client.unsafe !== "function";
}

const hooksKey = Symbol.for("pipeline-accelerator.before-close");
type GlobalHooks = typeof globalThis & { [hooksKey]?: Set<() => Promise<void>> };

/** Work to end before the database closes at shutdown (the job queue stops its workers). */
export function beforeDatabaseCloses(hook: () => Promise<void>): () => void {
  const hooks = ((globalThis as GlobalHooks)[hooksKey] ??= new Set());
  hooks.add(hook);
  return () => hooks.delete(hook);
}

async function runCloseHooks(): Promise<void> {
  const hooks = [...((globalThis as GlobalHooks)[hooksKey] ?? [])];
  await Promise.all(hooks.map((hook) => hook().catch((error) => console.error("Stopping before shutdown failed:", error))));
}

export async function closeDatabase(): Promise<void> {
  const g = globalThis as GlobalWithDatabase;
  const handle = g[globalKey];
  g[globalKey] = undefined;
  await handle?.close();
}

let shutdownInstalled = false;

/**
 * SIGINT/SIGTERM close the database cleanly (and release the PGlite lock) before the process exits.
 * Ctrl-C in a terminal signals both `npm start` and the server, and `npm start` passes the signal on:
 * a repeated signal must not cut the close short.
 */
export function closeDatabaseOnShutdown(): void {
  if (shutdownInstalled) return;
  shutdownInstalled = true;
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    const code = signal === "SIGINT" ? 130 : 143;
    const force = setTimeout(() => process.exit(code), 10_000);
    force.unref();
    // Running jobs end (or are handed back to the queue) while the database is still open.
    runCloseHooks()
      .then(() => {
        (globalThis as GlobalClosing)[closingKey] = true;
        return closeDatabase();
      })
      .catch((error) => console.error("Closing the database failed:", error))
      .finally(() => process.exit(code));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

/** Runs raw SQL and returns its rows, whichever driver answers (PGlite wraps rows, postgres.js does not). */
export async function queryRows<T>(db: DatabaseOrTransaction, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

/**
 * Like queryRows, for a statement run many times a second (the signal router's): on PostgreSQL it is
 * sent as a named prepared statement, so the server parses and plans it once per connection rather
 * than on every call. PGlite runs it as queryRows does.
 */
export async function queryRowsPrepared<T>(db: DatabaseOrTransaction, query: SQL): Promise<T[]> {
  const session = (db as unknown as { session?: { client?: { unsafe?: unknown } } }).session;
  const client = session?.client as { unsafe(text: string, params: unknown[], options: { prepare: boolean }): Promise<T[]> } | undefined;
  if (!client || typeof client.unsafe !== "function") return queryRows<T>(db, query);
  const { sql: text, params } = (db as unknown as { dialect: { sqlToQuery(q: SQL): { sql: string; params: unknown[] } } }).dialect.sqlToQuery(query);
  return client.unsafe(text, params, { prepare: true });
}
