import "server-only";
import type { DatabaseOrTransaction } from "@/db/index";
import { cacheVersion, recheckCacheVersions } from "./cache-versions";
import type { IngestContext } from "./signal-ingest";

/**
 * The taxonomy and settings every ingest reads, kept per process so a flood of signals does not read
 * them again for each one. Used only while the `ingest_context` cache version it was loaded under is
 * current: saving the taxonomy or any setting moves it on (a trigger), which every instance notices
 * within a second (cache-versions.ts); the process that saved forgets its copy at once. Apart from
 * the loader (`signal-context.ts`), so the settings can forget the copy without importing the code
 * that reads them.
 */
interface Cached {
  version: number;
  value: Promise<IngestContext>;
}
const storeKey = Symbol.for("pipeline-accelerator.ingest-context");
const store = ((globalThis as { [storeKey]?: Map<DatabaseOrTransaction, Cached> })[storeKey] ??= new Map());

/** The copy for this database while its version is current, else `load`'s answer, kept for the next callers. */
export async function cachedIngestContext(
  db: DatabaseOrTransaction,
  now: number,
  load: (db: DatabaseOrTransaction) => Promise<IngestContext>,
): Promise<IngestContext> {
  const version = await cacheVersion(db, "ingest_context", now);
  const cached = store.get(db);
  if (cached && cached.version === version) return cached.value;
  const fresh: Cached = { version, value: load(db) };
  store.set(db, fresh);
  fresh.value.catch(() => {
    if (store.get(db) === fresh) store.delete(db);
  });
  return fresh.value;
}

/** Call after saving the taxonomy or a setting: this process reads them again at once. */
export function forgetIngestContext(db?: DatabaseOrTransaction): void {
  if (!db) {
    store.clear();
    return;
  }
  store.delete(db);
  recheckCacheVersions(db);
}
