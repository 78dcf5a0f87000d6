/**
 * A small CSV uploaded through a form (a library's stories or assets): read whole, its delimiter
 * detected, a byte-order mark dropped. An empty or oversized file, or one the reader cannot parse,
 * is refused with a message naming the file.
 */
import { Readable } from "node:stream";
import { CsvError } from "@/lib/errors";
import { detectDelimiter, readCsv, type CsvRecord } from "./csv";

export const MAX_SMALL_CSV_BYTES = 1024 * 1024;

export async function readSmallCsv(file: File, what: string): Promise<{ ok: true; rows: CsvRecord[] } | { ok: false; error: string }> {
  if (file.size === 0) return { ok: false, error: "Choose a CSV file: the one given is empty." };
  if (file.size > MAX_SMALL_CSV_BYTES) return { ok: false, error: `A ${what} CSV is at most 1 MB.` };
  const text = (await file.text()).replace(/^\uFEFF/, "");
  const rows: CsvRecord[] = [];
  try {
    for await (const record of readCsv(Readable.from([text]), detectDelimiter(text.split(/\r?\n/, 1)[0] ?? ""))) rows.push(record);
  } catch (error) {
    if (error instanceof CsvError) return { ok: false, error: error.message };
    throw error;
  }
  return { ok: true, rows };
}
