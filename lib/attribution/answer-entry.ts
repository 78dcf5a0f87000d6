/**
 * Entering "How did you hear about us?" answers: the checks on one answer, and the rows of a bulk
 * paste or CSV (lead email, answer), each row numbered as the marketer sees it so every message can
 * name it.
 */
import { parse } from "csv-parse/sync";

/** The longest answer kept; longer text is a paste gone wrong, not a buyer's words. */
export const ANSWER_MAX_LENGTH = 2_000;
/** Rows one paste or file may hold. */
export const BULK_MAX_ROWS = 5_000;

/** What is wrong with an answer, or null when it can be saved. */
export function answerProblem(answer: string): string | null {
  const text = answer.trim();
  if (text.length === 0) return "The answer is empty: enter the buyer's words.";
  if (text.length > ANSWER_MAX_LENGTH) return `The answer has ${text.length.toLocaleString("en-US")} characters; keep it to ${ANSWER_MAX_LENGTH.toLocaleString("en-US")}.`;
  return null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

export interface PastedRow {
  /** The line of the paste or file, counting from 1 (a header is line 1). */
  line: number;
  email: string;
  answer: string;
  /** Why the row cannot be saved as it stands. */
  error: string | null;
}

export type PasteResult = { ok: true; rows: PastedRow[] } | { ok: false; error: string };

const looksLikeHeader = (cells: string[]) => cells.some((c) => /^e-?mail/i.test(c.trim())) && !cells.some((c) => isEmail(c.trim()));

/**
 * Reads pasted rows or a CSV file of (lead email, answer). Columns are split by tabs (a spreadsheet
 * paste) or commas (CSV, quotes allowed); an unquoted comma inside the answer stays in the answer.
 * A header row naming "email" and "answer" may put the columns in either order.
 */
export function parsePastedAnswers(text: string): PasteResult {
  const lines = text.replace(/^\uFEFF/, "");
  if (lines.trim() === "") return { ok: false, error: "Paste at least one row: the lead's email, then the answer." };
  const firstLine = lines.split(/\r?\n/).find((l) => l.trim() !== "") ?? "";
  const delimiter = firstLine.includes("\t") ? "\t" : ",";
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(lines, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true }) as unknown as typeof records;
  } catch (error) {
    return { ok: false, error: `The rows could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
  let emailColumn = 0;
  if (records.length > 0 && looksLikeHeader(records[0]!.record)) {
    const header = records[0]!.record.map((c) => c.trim().toLowerCase());
    emailColumn = header.findIndex((c) => /^e-?mail/.test(c));
    records = records.slice(1);
  }
  if (records.length === 0) return { ok: false, error: "The header is there but no rows follow it." };
  if (records.length > BULK_MAX_ROWS) return { ok: false, error: `${records.length.toLocaleString("en-US")} rows: paste at most ${BULK_MAX_ROWS.toLocaleString("en-US")} at a time.` };

  const firstLineOf = new Map<string, number>();
  const rows = records.map(({ record, info }): PastedRow => {
    const line = info.lines;
    const cells = record.map((c) => c.trim());
    // Without a header, the cell that is an email address is the email, wherever it is.
    const at = emailColumn !== 0 ? emailColumn : isEmail(cells[0] ?? "") ? 0 : cells.findIndex(isEmail);
    const column = at === -1 ? 0 : at;
    const email = (cells[column] ?? "").toLowerCase();
    const answer = cells
      .filter((_, k) => k !== column)
      .join(delimiter === "," ? ", " : " ")
      .trim();
    let error: string | null = null;
    if (email === "") error = "The email is missing.";
    else if (!isEmail(email)) error = `"${email}" is not an email address.`;
    else error = answerProblem(answer);
    if (error === null) {
      const earlier = firstLineOf.get(email);
      if (earlier !== undefined) error = `${email} is also on line ${earlier}: keep one row per lead.`;
      else firstLineOf.set(email, line);
    }
    return { line, email, answer, error };
  });
  return { ok: true, rows };
}
