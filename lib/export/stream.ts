/**
 * A CSV download as a byte stream fed from an async iterable of records. Records are read only as
 * the client takes bytes (pull, not push), so a slow download never piles a whole table up in memory.
 */
import { CSV_BOM, exportCsvRow, type CsvValue } from "./csv";

/** Records gathered into one chunk before it is handed on: fewer, larger writes to the socket. */
const CHUNK_CHARS = 64 * 1024;

export function csvDownloadStream(header: readonly string[], records: AsyncIterable<readonly CsvValue[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = records[Symbol.asyncIterator]();
  let pending = CSV_BOM + exportCsvRow(header);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (pending.length < CHUNK_CHARS) {
        const next = await iterator.next();
        if (next.done) {
          if (pending) controller.enqueue(encoder.encode(pending));
          controller.close();
          return;
        }
        pending += exportCsvRow(next.value);
      }
      controller.enqueue(encoder.encode(pending));
      pending = "";
    },
    // The client went away: end the query loop rather than read the rest of the table for nobody.
    async cancel() {
      await iterator.return?.();
    },
  });
}
