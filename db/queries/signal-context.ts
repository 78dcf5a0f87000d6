import "server-only";
import type { DatabaseOrTransaction } from "@/db/index";
import { cachedIngestContext } from "./ingest-context-cache";
import { getSetting } from "./settings";
import type { IngestContext } from "./signal-ingest";
import { signalTypeEntries } from "./signal-types";

async function load(db: DatabaseOrTransaction): Promise<IngestContext> {
  const [types, scoring, signals, organisation] = await Promise.all([
    signalTypeEntries(db),
    getSetting(db, "scoring"),
    getSetting(db, "signals"),
    getSetting(db, "organisation"),
  ]);
  return { types: new Map(types.map((t) => [t.key, t])), scoring, signals, timeZone: organisation.timeZone };
}

/** The taxonomy and settings every ingest reads, from a copy no older than the last change (ingest-context-cache.ts). */
export function ingestContext(db: DatabaseOrTransaction, now = Date.now()): Promise<IngestContext> {
  return cachedIngestContext(db, now, load);
}
