import crypto from "node:crypto";

/**
 * An unexpected error: logged with an id the person can quote, shown as a generic message.
 * Expected errors (validation, conflict, not found, forbidden) are answered where they happen.
 */
export function unexpected(error: unknown, context: string): { ok: false; error: string } {
  const id = crypto.randomBytes(4).toString("hex");
  console.error(`[${id}] ${context}:`, error);
  return { ok: false, error: `Something went wrong (error id ${id}). Nothing was saved; please try again.` };
}
