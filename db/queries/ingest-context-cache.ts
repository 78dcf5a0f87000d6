import "server-only";
import type { DatabaseOrTransaction } from "@/db/index";
import type { IngestContext } from "./signal-ingest";

/**
 * The taxonomy and settings every ingest reads, kept for a few seconds per process so a flood of
 * signals does not read them again for each one. Saving the taxonomy or a setting forgets them.
 * Apart from the loader (`signal-context.ts`), so the settings can forget the copy without importing
 * the code that reads them.
 */
const TTL_MS = 5_000;
const store = globalThis as unknown as { __ingestContext?: { at: number; db: DatabaseOrTransaction; value: Promise<IngestContext> } };

/** The copy for this database while it is fresh, else `load`'s answer, kept for the next callers. */
export function cachedIngestContext(db: DatabaseOrTransaction, now: number, load: (db: DatabaseOrTransaction) => Promise<IngestContext>): Promise<IngestContext> {
  const cached = store.__ingestContext;
  if (cached && cached.db === db && now - cached.at < TTL_MS) return cached.value;
  const value = load(db);
  store.__ingestContext = { at: now, db, value };
  value.catch(() => {
    if (store.__ingestContext?.value === value) store.__ingestContext = undefined;
  });
  return value;
}

/** Call after saving the taxonomy or the scoring, signal or organisation settings. */
export function forgetIngestContext(): void {
  store.__ingestContext = undefined;
}
