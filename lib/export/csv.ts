/**
 * Writing CSV for people to open in a spreadsheet: RFC 4180 quoting, and cells that a spreadsheet
 * would run as a formula written as text instead (OWASP "CSV injection"). Pure functions, no I/O.
 */

/** Starts every download, so Excel reads the file as UTF-8 instead of the system code page. */
export const CSV_BOM = "\uFEFF";

/** RFC 4180 line ending; spreadsheets on every platform read it. */
const CRLF = "\r\n";

/** What an exporter may put in a cell before it is written. */
export type CsvValue = string | number | bigint | boolean | Date | null | undefined;

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

function quoteCell(cell: string): string {
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/**
 * One record, ending in CRLF. A record of a single empty cell is written `""`: as a bare blank
 * line, readers that skip blank lines (ours included) would lose the row.
 */
export function stringifyCsvRow(cells: readonly string[]): string {
  if (cells.length === 1 && cells[0] === "") return `""${CRLF}`;
  return cells.map(quoteCell).join(",") + CRLF;
}

/** The characters that make a spreadsheet read a cell as a formula (or hide one behind a tab or CR). */
const FORMULA_PREFIXES = new Set(["=", "+", "-", "@", "\t", "\r"]);

/**
 * A cell a spreadsheet would evaluate is prefixed with `'`, which it shows as text. Negative
 * numbers written as text are the price: "-5" becomes "'-5" rather than telling "-5" from "-5+cmd|…".
 */
export function neutraliseFormula(cell: string): string {
  return cell.length > 0 && FORMULA_PREFIXES.has(cell[0]!) ? `'${cell}` : cell;
}

/**
 * The text of a value: empty for nothing, a timestamp in UTC ISO 8601 (milliseconds only when
 * there are some), everything else as it is stored; money stays the exact decimal string SQL returns.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().replace(".000Z", "Z");
  return String(value);
}

/** A record of an export: every cell formatted, neutralised and quoted. */
export function exportCsvRow(cells: readonly CsvValue[]): string {
  return stringifyCsvRow(cells.map((cell) => neutraliseFormula(csvCell(cell))));
}
