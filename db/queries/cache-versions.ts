import "server-only";
import { cacheVersions } from "@/db/schema";
import type { DatabaseOrTransaction } from "@/db/index";

/**
 * What a process may keep in memory between requests must be forgotten on every instance within a
 * second of a change. Triggers move a counter per cache in `cache_versions` in the transaction that
 * changes a row the cache copies (migration 0010), and a process reads the counters at most once a
 * second: a cache entry made under an older counter is not used. One small read a second per process
 * costs nothing a request notices, works the same on PGlite and PostgreSQL, and sees writes made by
 * any instance, the CLI or plain SQL.
 */
export type CacheName = "api_keys" | "ingest_context";

/** How old a process's copy of the counters may be. */
export const CACHE_CHECK_MS = 1_000;

interface Checked {
  at: number;
  versions: Promise<Map<string, number>>;
}

const storeKey = Symbol.for("pipeline-accelerator.cache-versions");
const store = ((globalThis as { [storeKey]?: WeakMap<DatabaseOrTransaction, Checked> })[storeKey] ??= new WeakMap());

async function readVersions(db: DatabaseOrTransaction): Promise<Map<string, number>> {
  const rows = await db.select({ name: cacheVersions.name, version: cacheVersions.version }).from(cacheVersions);
  return new Map(rows.map((r) => [r.name, Number(r.version)]));
}

/**
 * The cache's counter as this process last read it, read again when that was a second ago or more.
 * Read it before loading what the cache keeps, and keep it with the entry: a change committed in
 * between then only costs one more load.
 */
export async function cacheVersion(db: DatabaseOrTransaction, name: CacheName, now = Date.now()): Promise<number> {
  let checked = store.get(db);
  if (!checked || now - checked.at >= CACHE_CHECK_MS || now < checked.at) {
    const fresh: Checked = { at: now, versions: readVersions(db) };
    store.set(db, fresh);
    fresh.versions.catch(() => {
      if (store.get(db) === fresh) store.delete(db);
    });
    checked = fresh;
  }
  return (await checked.versions).get(name) ?? 0;
}

/** Makes the next cacheVersion() read the counters (after this process changed something itself). */
export function recheckCacheVersions(db: DatabaseOrTransaction): void {
  store.delete(db);
}
