/**
 * One streaming pass over an uploaded file: its header, row count, a few sample values per column,
 * the distinct values of low-cardinality columns (stage and owner names) and the date formats each
 * column reads in. Memory stays bounded whatever the file's size, and so does what is kept: the
 * profile is stored on the import job and sent to the import page.
 */
import type { Readable } from "node:stream";
import { refusedCharacter, storableText } from "@/db/storable";
import { CsvError } from "@/lib/errors";
import { SNIFF_BYTES, readCsv, sniffCsv, type Delimiter } from "./csv";
import { parseDate, type DateFormat } from "./values";

/** Columns with more distinct values than this are not listed (names, ids, amounts). */
export const MAX_DISTINCT = 500;
/** A value longer than this is free text, not a stage or owner name: its column is not listed. */
export const MAX_LISTED_CHARS = 200;
/** The most a column's listed values take (UTF-8 bytes); a column whose values take more is not listed. */
export const MAX_DISTINCT_BYTES = 16 * 1024;
/** Sample values are cut to this many characters (they are only shown). */
export const SAMPLE_CHARS = 120;
const SAMPLES = 3;
const dateFormats: DateFormat[] = ["iso", "mdy", "dmy", "dmy_dots"];

export interface ColumnProfile {
  name: string;
  /** The first few non-empty values. */
  samples: string[];
  /**
   * Every distinct non-empty value (trimmed), or null when there are more than MAX_DISTINCT, one is
   * longer than MAX_LISTED_CHARS or together they take more than MAX_DISTINCT_BYTES.
   */
  distinct: string[] | null;
  /** For a column of dates, how many non-empty values each format fails to read; null when it is not dates. */
  dateFailures: Record<DateFormat, number> | null;
  /** Some value reads as two different days in M/D and D/M. */
  dateAmbiguous: boolean;
}

export interface FileProfile {
  delimiter: Delimiter;
  bom: boolean;
  header: string[];
  /** Data rows, not counting the header. */
  rows: number;
  columns: ColumnProfile[];
}

async function readHead(input: Readable): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const piece of input) {
      const chunk = Buffer.from(piece as Uint8Array);
      parts.push(chunk);
      bytes += chunk.length;
      if (bytes >= SNIFF_BYTES) break;
    }
  } finally {
    input.destroy();
  }
  return Buffer.concat(parts).subarray(0, SNIFF_BYTES);
}

/** Profiles a file read twice from `open`: its first bytes, then the whole of it. */
export async function profileFile(open: () => Readable, onRows?: (rows: number) => void): Promise<FileProfile> {
  const { delimiter, bom } = sniffCsv(await readHead(open()));
  let header: string[] | null = null;
  let rows = 0;
  let columns: {
    name: string;
    samples: string[];
    distinct: Set<string> | null;
    distinctBytes: number;
    fails: Record<DateFormat, number>;
    checked: number;
    dates: boolean;
    parsed: boolean;
    ambiguous: boolean;
  }[] = [];
  for await (const record of readCsv(open(), delimiter)) {
    if (!header) {
      header = record.cells.map((c) => c.trim());
      if (header.every((c) => c === "")) throw new CsvError("The first row is empty; it must name the columns.");
      header.forEach((name, i) => {
        const what = refusedCharacter(name);
        if (what) throw new CsvError(`The name of column ${i + 1} ("${storableText(name, 60)}") holds ${what}; remove it from the file and upload it again.`);
      });
      columns = header.map((name) => ({
        name, samples: [], distinct: new Set(), distinctBytes: 0, fails: { iso: 0, mdy: 0, dmy: 0, dmy_dots: 0 }, checked: 0, dates: true, parsed: false, ambiguous: false,
      }));
      continue;
    }
    rows++;
    if (onRows && rows % 10_000 === 0) onRows(rows);
    for (let i = 0; i < columns.length; i++) {
      const value = (record.cells[i] ?? "").trim();
      // A value the database cannot store is its row's error in the dry run; it is not kept here.
      if (!value || refusedCharacter(value)) continue;
      const c = columns[i]!;
      if (c.samples.length < SAMPLES) c.samples.push(storableText(value, SAMPLE_CHARS));
      if (c.distinct && !c.distinct.has(value)) {
        c.distinct.add(value);
        c.distinctBytes += Buffer.byteLength(value);
        if (c.distinct.size > MAX_DISTINCT || value.length > MAX_LISTED_CHARS || c.distinctBytes > MAX_DISTINCT_BYTES) c.distinct = null;
      }
      if (c.dates) {
        const read = dateFormats.map((f) => parseDate(value, f));
        read.forEach((d, i) => {
          if (d) c.parsed = true;
          else c.fails[dateFormats[i]!]++;
        });
        const [, mdy, dmy] = read;
        if (mdy && dmy && mdy.day !== dmy.day) c.ambiguous = true;
        // A column whose first values read in no format holds no dates: stop trying.
        if (++c.checked >= 20 && !c.parsed) c.dates = false;
      }
    }
  }
  if (!header) throw new CsvError("The file is empty.");
  if (rows === 0) throw new CsvError("The file has a header row but no data rows.");
  return {
    delimiter,
    bom,
    header,
    rows,
    columns: columns.map((c) => ({
      name: c.name,
      samples: c.samples,
      distinct: c.distinct ? [...c.distinct].sort((a, b) => a.localeCompare(b)) : null,
      dateFailures: c.dates && c.parsed ? c.fails : null,
      dateAmbiguous: c.ambiguous,
    })),
  };
}

