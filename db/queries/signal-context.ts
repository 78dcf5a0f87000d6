import "server-only";
import type { Database } from "@/db/index";
import { getSetting } from "./settings";
import type { IngestContext } from "./signal-ingest";
import { signalTypeEntries } from "./signal-types";

/**
 * The taxonomy and settings every ingest reads, kept for a few seconds per process so a flood of
 * signals does not read them again for each one. Saving the taxonomy or a setting forgets them.
 */
const TTL_MS = 5_000;
const store = globalThis as unknown as { __ingestContext?: { at: number; db: Database; value: Promise<IngestContext> } };

async function load(db: Database): Promise<IngestContext> {
  const [types, scoring, signals, organisation] = await Promise.all([
    signalTypeEntries(db),
    getSetting(db, "scoring"),
    getSetting(db, "signals"),
    getSetting(db, "organisation"),
  ]);
  return { types: new Map(types.map((t) => [t.key, t])), scoring, signals, timeZone: organisation.timeZone };
}

export function ingestContext(db: Database, now = Date.now()): Promise<IngestContext> {
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
