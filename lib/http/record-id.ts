import { NotFoundError } from "@/lib/errors";

/** The largest id a PostgreSQL integer column holds. */
const MAX_ID = 2_147_483_647;

/**
 * A record's id as an address writes it: a positive whole number, plainly written ("7", never
 * "07", "7.0", "1e3" or " 7"), that fits the database's integer ids. Anything else names no record.
 */
export function parseRecordId(raw: string): number | null {
  if (!/^[1-9]\d{0,9}$/.test(raw)) return null;
  const id = Number(raw);
  return id <= MAX_ID ? id : null;
}

/** The id, or a 404 naming the record that does not exist (for route handlers: `answering` sends it). */
export function recordIdOrNotFound(raw: string, noun: string): number {
  const id = parseRecordId(raw);
  if (id === null) throw new NotFoundError(`There is no ${noun} #${raw}.`, "id");
  return id;
}

/** A lookup by the address's id that found nothing: the 404 names the id as the parameter at fault. */
export function missingIdIsNotFound(error: unknown): never {
  throw error instanceof NotFoundError ? new NotFoundError(error.message, "id") : error;
}
