/**
 * Reading one CSV record through a column mapping: each cell by field, every problem named with its
 * row, column and value, so a preview lists them all and nothing is half-imported.
 */
import type { CsvRecord } from "./csv";
import { localTimeToInstant } from "./time-zone";
import { parseDate, parseMoney, type DateFormat } from "./values";

export interface RowError {
  /** The row number a spreadsheet shows (the header is row 1); 0 for a problem with the whole file. */
  row: number;
  column: string;
  value: string;
  problem: string;
}

export interface RowContext {
  header: readonly string[];
  /** The field key for each column, or null. */
  mapping: readonly (string | null)[];
  dateFormat: DateFormat;
  /** The organisation's time zone, for cells written without an offset. */
  timeZone: string;
  /** Lead source as written in the file → the organisation's source (null or absent: kept as written). */
  sourceMap?: Readonly<Record<string, string | null>>;
}

/** The years a date cell may be in. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;
const MAX_AMOUNT_DIGITS = 12;

export type RowResult<T> = { ok: true; value: T } | { ok: false; errors: RowError[] };

/** A day as written and the instant it stands for in the organisation's zone (or the cell's offset). */
export interface ReadDate {
  day: string;
  instant: Date;
}

export class RowReader {
  readonly errors: RowError[] = [];
  private readonly columnOf = new Map<string, number>();

  constructor(
    readonly record: CsvRecord,
    private readonly ctx: RowContext,
  ) {
    ctx.mapping.forEach((field, i) => field && this.columnOf.set(field, i));
    if (record.cells.length !== ctx.header.length) {
      this.errors.push({ row: record.row, column: "", value: "", problem: `has ${record.cells.length} cells where the header has ${ctx.header.length}` });
    }
  }

  /** A ragged row is reported once and read no further. */
  get ragged(): boolean {
    return this.record.cells.length !== this.ctx.header.length;
  }

  has(field: string): boolean {
    return this.columnOf.has(field);
  }

  cell(field: string): string {
    const i = this.columnOf.get(field);
    return i === undefined ? "" : (this.record.cells[i] ?? "").trim();
  }

  /** The raw cell of a column by position (for columns read outside the mapping). */
  cellAt(column: number): string {
    return (this.record.cells[column] ?? "").trim();
  }

  fail(field: string, problem: string, value = this.cell(field)): void {
    const i = this.columnOf.get(field);
    this.errors.push({ row: this.record.row, column: i === undefined ? field : this.ctx.header[i]!, value, problem });
  }

  failAt(column: number, problem: string): void {
    this.errors.push({ row: this.record.row, column: this.ctx.header[column] ?? "", value: this.cellAt(column), problem });
  }

  text(field: string): string | null {
    return this.cell(field) || null;
  }

  /** The lead source, as the organisation calls it when the import maps the file's value. */
  source(): string | null {
    const value = this.text("source");
    return value === null ? null : (this.ctx.sourceMap?.[value] ?? value);
  }

  required(field: string, what: string): string {
    const v = this.cell(field);
    if (!v) this.fail(field, `${what} is required`);
    return v;
  }

  /** A date cell; null when empty or unreadable (the latter is reported). */
  date(field: string): ReadDate | null {
    return this.dateText(this.cell(field), (problem) => this.fail(field, problem));
  }

  dateAt(column: number): ReadDate | null {
    return this.dateText(this.cellAt(column), (problem) => this.failAt(column, problem));
  }

  private dateText(text: string, report: (problem: string) => void): ReadDate | null {
    if (!text) return null;
    const parsed = parseDate(text, this.ctx.dateFormat);
    if (!parsed) {
      report("is not a date in the format chosen for this file");
      return null;
    }
    // The database has no year 0 and writes no year past 9999; a CRM's date before 1900 is a typo.
    const outside = () => report(`is outside the years ${MIN_YEAR} to ${MAX_YEAR}`);
    if (!(Number(parsed.day.split("-")[0]) >= MIN_YEAR)) return (outside(), null);
    const instant = parsed.offset
      ? new Date(`${parsed.day}T${parsed.time ?? "00:00:00"}${parsed.offset}`)
      : localTimeToInstant(parsed.day, parsed.time, this.ctx.timeZone);
    const year = instant.getUTCFullYear();
    if (!(year >= MIN_YEAR && year <= MAX_YEAR)) return (outside(), null);
    return { day: parsed.day, instant };
  }

  /** An amount as an exact decimal string; null when empty and not required, or when unreadable (reported). */
  money(field: string, what: string, { required }: { required: boolean }): string | null {
    const parsed = parseMoney(this.cell(field));
    if (parsed.ok) {
      // Amounts are stored with 12 digits before the decimal point.
      if (parsed.value.length - 3 <= MAX_AMOUNT_DIGITS) return parsed.value;
      this.fail(field, `is too large (at most 999,999,999,999.99)`);
      return null;
    }
    if (parsed.error === "is empty") {
      if (required) this.fail(field, `${what} is required`);
      return null;
    }
    this.fail(field, parsed.error);
    return null;
  }

  /** A whole number ≥ 0, thousands grouped or not ("1,200", "1.200", "1 200"), or null (reported when unreadable). */
  count(field: string, what: string): number | null {
    const raw = this.cell(field);
    if (!raw) return null;
    if (!/^\d{1,9}$|^\d{1,3}([,.'\s\u00a0]\d{3}){1,2}$/.test(raw)) {
      this.fail(field, `${what} must be a whole number`);
      return null;
    }
    return Number(raw.replace(/\D/g, ""));
  }

  result<T>(value: () => T): RowResult<T> {
    return this.errors.length > 0 ? { ok: false, errors: this.errors } : { ok: true, value: value() };
  }
}
