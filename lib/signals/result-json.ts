import type { IngestResult } from "@/db/queries/signal-ingest";

/** The API's view of a stored signal: the same for the first request and a repeat with its key. */
export function signalResultJson(result: IngestResult) {
  return {
    id: result.id,
    duplicate: result.duplicate,
    type: result.type,
    accountId: result.accountId,
    contactId: result.contactId,
    score: result.score,
    track: result.track,
    crossedIntoHandoff: result.crossedIntoHandoff,
    routedTo: result.routedTo,
    routedAt: result.routedAt?.toISOString() ?? null,
    responseDueAt: result.responseDueAt?.toISOString() ?? null,
    derived: result.derived,
  };
}
