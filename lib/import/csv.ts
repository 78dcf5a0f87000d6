/**
 * Reading a CSV export as a stream of records: the encoding and delimiter are told from the first
 * bytes, the rows are parsed as they arrive (a 200 MB file is never held whole), and each record
 * carries the row number a spreadsheet would show (the header is row 1).
 */
import { parse } from "csv-parse";
import type { Readable } from "node:stream";
import { CsvError } from "@/lib/errors";

export type Delimiter = "," | ";" | "\t";

export const delimiterLabels: Record<Delimiter, string> = { ",": "comma", ";": "semicolon", "\t": "tab" };

/** How many bytes of the start of a file are enough to tell its encoding, delimiter and header. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * The delimiter of a file from its first bytes, or a CsvError naming what is wrong with the
 * encoding. UTF-8 with or without a byte-order mark is read; anything else is refused.
 */
export function sniffCsv(head: Uint8Array): { delimiter: Delimiter; bom: boolean } {
  if (head.length === 0) throw new CsvError("The file is empty.");
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new CsvError("The file is UTF-16 encoded. Save it as CSV UTF-8 and upload it again.");
  }
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  // The head may end inside a multi-byte character: drop up to 3 trailing bytes before checking.
  let text: string | null = null;
  for (let cut = 0; cut <= 3 && text === null; cut++) {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(bom ? 3 : 0, head.length - cut));
    } catch {
      text = null;
    }
  }
  if (text === null) {
    throw new CsvError("The file is not UTF-8 (it looks like Windows-1252 or Latin-1). Save it as CSV UTF-8 and upload it again.");
  }
  // A binary file (a spreadsheet, UTF-16 without its mark) has NUL bytes from its first line on; a
  // stray NUL in a row further down is that row's error in the dry run, wherever it is in the file.
  const header = firstRecordText(text);
  if (header.includes("\u0000")) throw new CsvError("The file is not a text file.");
  return { delimiter: detectDelimiter(header), bom };
}

/** The text of the first record: up to the first line break outside quotes. */
function firstRecordText(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) return text.slice(0, i);
  }
  return text;
}

/** The delimiter that occurs most often outside quotes in the header line (comma on a tie or none). */
export function detectDelimiter(line: string): Delimiter {
  const counts: Record<Delimiter, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "," || c === ";" || c === "\t")) counts[c]++;
  }
  return ([",", ";", "\t"] as const).reduce((best, d) => (counts[d] > counts[best] ? d : best), ",");
}

export interface CsvRecord {
  /** The row number a spreadsheet shows: the header is row 1. */
  row: number;
  cells: string[];
}

/**
 * The records of a CSV stream after the header, as they are parsed. The header comes first, as
 * record `row: 1`. Blank lines are skipped; a row may have fewer or more cells than the header (the
 * caller reports it). A broken quote stops the stream with a CsvError naming the line.
 */
export async function* readCsv(input: Readable, delimiter: Delimiter): AsyncGenerator<CsvRecord> {
  const parser = input.pipe(
    parse({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: 1_000_000 }),
  );
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      yield { row, cells: record };
    }
  } catch (error) {
    const e = error as Error & { code?: string; lines?: number };
    if (e.code?.startsWith("CSV_")) throw new CsvError(`Line ${e.lines ?? "?"} cannot be read: ${e.message.replace(/^Invalid [^:]*: /, "")}`);
    throw error;
  }
}
