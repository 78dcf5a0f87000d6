/**
 * Where the live feed has read up to. Signals are read in the order of (the transaction that stored
 * them, id). An id alone cannot be a cursor: ids are taken when a signal is inserted, but it becomes
 * visible when its transaction commits, so a signal with a lower id can appear after a higher one was
 * read. The cursor therefore holds the last (txid, id) read and the transactions that were still
 * running below it when it was read (`inFlight`): their signals are read next time, once committed.
 * Transaction ids are PostgreSQL's 64-bit xid8, kept as decimal text.
 *
 * Text form: `<txid>.<id>` or `<txid>.<id>.<txid>-<txid>-…`.
 */
export interface FeedCursor {
  txid: string;
  id: number;
  inFlight: string[];
}

/** At most this many running transactions are carried (a server allows far fewer connections). */
export const MAX_IN_FLIGHT = 1000;

const pattern = /^(\d{1,20})\.(\d{1,10})(?:\.(\d{1,20}(?:-\d{1,20})*))?$/;
const XID8_MAX = 2n ** 64n - 1n;

export function formatFeedCursor(cursor: FeedCursor): string {
  return `${cursor.txid}.${cursor.id}${cursor.inFlight.length ? `.${cursor.inFlight.join("-")}` : ""}`;
}

/** The cursor a client sent back, or null when it is not one this server made. */
export function parseFeedCursor(text: string): FeedCursor | null {
  const match = pattern.exec(text);
  if (!match) return null;
  const inFlight = match[3] ? match[3].split("-") : [];
  if (inFlight.length > MAX_IN_FLIGHT) return null;
  if ([match[1]!, ...inFlight].some((x) => BigInt(x) > XID8_MAX)) return null;
  const id = Number(match[2]);
  if (id > 2_147_483_647) return null;
  return { txid: String(BigInt(match[1]!)), id, inFlight: inFlight.map((x) => String(BigInt(x))) };
}

/** The transactions, running at the read, whose signals could still appear below `txid`. */
export function runningBelow(running: readonly string[], txid: string): string[] {
  const limit = BigInt(txid);
  return running.filter((x) => BigInt(x) < limit).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
}

/** Whether position a = (txid, id) comes after b. */
export function isAfter(a: { txid: string; id: number }, b: { txid: string; id: number }): boolean {
  const ta = BigInt(a.txid);
  const tb = BigInt(b.txid);
  return ta > tb || (ta === tb && a.id > b.id);
}
