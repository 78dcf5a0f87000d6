/**
 * Reading the values of a CRM export: dates in the formats Salesforce, HubSpot and spreadsheets
 * write, and money as "$18,000.00", "18.000,00 €" or "18000". Pure functions, no database.
 */

export type DateFormat = "iso" | "mdy" | "dmy" | "dmy_dots";

export const dateFormatLabels: Record<DateFormat, string> = {
  iso: "YYYY-MM-DD",
  mdy: "M/D/YYYY",
  dmy: "D/M/YYYY",
  dmy_dots: "D.M.YYYY",
};

/** A moment read from a cell: the local date and time as written (no zone unless the cell had one). */
export interface ParsedDate {
  /** YYYY-MM-DD */
  day: string;
  /** HH:MM:SS, or null when the cell had no time. */
  time: string | null;
  /** An explicit offset in the cell ("Z", "+02:00"), or null: the organisation's time zone applies. */
  offset: string | null;
}

const TIME = String.raw`(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp][Mm])?\s*(Z|[+-]\d{2}:?\d{2})?)?`;
const patterns: Record<DateFormat, RegExp> = {
  iso: new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${TIME}$`),
  mdy: new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})${TIME}$`),
  dmy: new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})${TIME}$`),
  dmy_dots: new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})${TIME}$`),
};

const pad = (n: number) => String(n).padStart(2, "0");

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

/** Reads one cell in one format; null when it is not a date in that format. Empty cells are the caller's business. */
export function parseDate(text: string, format: DateFormat): ParsedDate | null {
  const m = patterns[format].exec(text.trim());
  if (!m) return null;
  let year: number, month: number, day: number;
  if (format === "iso") [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if (format === "mdy") [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (m[3]!.length === 2 && format !== "iso") year += 2000;
  if (!validDay(year, month, day)) return null;
  let time: string | null = null;
  if (m[4] !== undefined) {
    let hours = Number(m[4]);
    const minutes = Number(m[5]);
    const seconds = m[6] === undefined ? 0 : Number(m[6]);
    const meridiem = m[7]?.toLowerCase();
    if (meridiem) {
      if (hours < 1 || hours > 12) return null;
      hours = (hours % 12) + (meridiem === "pm" ? 12 : 0);
    }
    if (hours > 23 || minutes > 59 || seconds > 59) return null;
    time = `${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
  }
  const offset = m[8] ? (m[8] === "Z" ? "Z" : m[8].includes(":") ? m[8] : `${m[8].slice(0, 3)}:${m[8].slice(3)}`) : null;
  return { day: `${year}-${pad(month)}-${pad(day)}`, time, offset };
}

export interface DateFormatGuess {
  /** The formats every non-empty sample reads in, most likely first. */
  candidates: DateFormat[];
  /** True when more than one format reads every sample and they give different days: the admin must pick. */
  ambiguous: boolean;
}

/**
 * Which formats read all the samples. Slashes are read as M/D/YYYY (the US convention of Salesforce and
 * HubSpot exports) or D/M/YYYY; a day above 12 decides. With nothing to decide, both stay and the
 * guess is ambiguous.
 */
export function detectDateFormat(samples: readonly string[]): DateFormatGuess {
  const cells = samples.map((s) => s.trim()).filter((s) => s !== "");
  const order: DateFormat[] = ["iso", "mdy", "dmy", "dmy_dots"];
  const candidates = order.filter((f) => cells.length > 0 && cells.every((c) => parseDate(c, f) !== null));
  const ambiguous =
    candidates.includes("mdy") &&
    candidates.includes("dmy") &&
    cells.some((c) => parseDate(c, "mdy")!.day !== parseDate(c, "dmy")!.day);
  return { candidates, ambiguous };
}

const CURRENCY_AT_END = /^(?:[A-Z]{3}|[$€£¥])|(?:[A-Z]{3}|[$€£¥])$/g;

/**
 * A money cell as an exact decimal string with two places ("18000.00"), or what is wrong with it.
 * Spaces, currency symbols and codes are dropped. With both "." and "," the later one is the decimal
 * separator; with one of them, it is the decimal separator unless exactly three digits follow each
 * occurrence ("18.000", "1,234,567" are thousands).
 */
export function parseMoney(text: string): { ok: true; value: string } | { ok: false; error: string } {
  const raw = text.trim();
  if (raw === "") return { ok: false, error: "is empty" };
  const notAmount = { ok: false as const, error: `"${raw}" is not an amount` };
  let body = raw.replace(/[\s\u00a0\u202f']/g, "").replace(CURRENCY_AT_END, "");
  const negative = body.startsWith("-") || /^\(.*\)$/.test(body);
  body = body.replace(/^-|^\(|\)$/g, "").replace(CURRENCY_AT_END, "");
  if (!/^[0-9][0-9.,]*$/.test(body)) return notAmount;

  const lastDot = body.lastIndexOf(".");
  const lastComma = body.lastIndexOf(",");
  let decimal: string | null;
  if (lastDot >= 0 && lastComma >= 0) decimal = lastDot > lastComma ? "." : ",";
  else if (lastDot < 0 && lastComma < 0) decimal = null;
  else {
    const separator = lastDot >= 0 ? "." : ",";
    const after = body.split(separator).slice(1);
    decimal = after.length === 1 && after[0]!.length !== 3 ? separator : null;
  }
  const [whole, fraction = "", extra] = decimal === null ? [body] : body.split(decimal);
  if (extra !== undefined) return notAmount;
  const groups = whole!.split(/[.,]/);
  if (groups.length > 1 && !(groups[0]!.length <= 3 && groups.slice(1).every((g) => g.length === 3))) return notAmount;
  if (!/^\d*$/.test(fraction) || (decimal !== null && fraction === "")) return notAmount;
  if (/[1-9]/.test(fraction.slice(2))) return { ok: false, error: `"${raw}" has fractions of a cent` };
  if (negative) return { ok: false, error: `"${raw}" is negative` };
  return { ok: true, value: `${BigInt(groups.join(""))}.${(fraction + "00").slice(0, 2)}` };
}

const WHOLE = String.raw`(\d{1,9}|\d{1,3}(?:[,.'\s\u00a0]\d{3}){1,2})`;
const EMPLOYEES_EXACT = new RegExp(`^${WHOLE}$`);
const EMPLOYEES_RANGE = new RegExp(String.raw`^${WHOLE}\s*(?:-|–|—|to)\s*${WHOLE}$`, "i");
const EMPLOYEES_OPEN = new RegExp(String.raw`^${WHOLE}\s*\+$`);
const digits = (text: string) => Number(text.replace(/\D/g, ""));

/**
 * A number of employees: a whole number, grouped or not ("1,200"); a range as HubSpot and data
 * vendors write sizes ("51-200", "1,001–5,000") reads as its midpoint rounded down (125, 3,000),
 * an open range ("10,000+") as its lower end.
 */
export function parseEmployees(text: string): { ok: true; value: number } | { ok: false; error: string } {
  const raw = text.trim();
  const exact = EMPLOYEES_EXACT.exec(raw);
  if (exact) return { ok: true, value: digits(exact[1]!) };
  const range = EMPLOYEES_RANGE.exec(raw);
  if (range) {
    const [low, high] = [digits(range[1]!), digits(range[2]!)];
    if (low > high) return { ok: false, error: "is a range whose first number is the larger" };
    return { ok: true, value: Math.floor((low + high) / 2) };
  }
  const open = EMPLOYEES_OPEN.exec(raw);
  if (open) return { ok: true, value: digits(open[1]!) };
  return { ok: false, error: "is not a number of employees (a whole number such as 1,200, or a range such as 51-200)" };
}

/** A list of technologies as exports write it, split on ";" or ",", each trimmed, each once (without case). */
export function splitTechnologies(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(/[;,]/)) {
    const name = part.trim().replace(/\s+/g, " ");
    if (!name || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    out.push(name);
  }
  return out;
}
