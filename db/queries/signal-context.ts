import "server-only";
import type { Database } from "@/db/index";
import { cacheVersion, recheckCacheVersions } from "./cache-versions";
import { getSetting } from "./settings";
import type { IngestContext } from "./signal-ingest";
import { signalTypeEntries } from "./signal-types";

/**
 * The taxonomy and settings every ingest reads, kept per process so a flood of signals does not read
 * them again for each one. Used only while the `ingest_context` cache version it was loaded under is
 * current: saving the taxonomy or any setting moves it on (a trigger), which every instance notices
 * within a second (cache-versions.ts); the process that saved forgets its copy at once.
 */
interface Cached {
  version: number;
  value: Promise<IngestContext>;
}
const storeKey = Symbol.for("pipeline-accelerator.ingest-context");
const store = ((globalThis as { [storeKey]?: Map<Database, Cached> })[storeKey] ??= new Map());

async function load(db: Database): Promise<IngestContext> {
  const [types, scoring, signals, organisation] = await Promise.all([
    signalTypeEntries(db),
    getSetting(db, "scoring"),
    getSetting(db, "signals"),
    getSetting(db, "organisation"),
  ]);
  return { types: new Map(types.map((t) => [t.key, t])), scoring, signals, timeZone: organisation.timeZone };
}

export async function ingestContext(db: Database, now = Date.now()): Promise<IngestContext> {
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
export function forgetIngestContext(db?: Database): void {
  if (!db) {
    store.clear();
    return;
  }
  store.delete(db);
  recheckCacheVersions(db);
}
