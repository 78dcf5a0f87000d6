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

/**
 * The user may not make this edit of a buying-group map: it changes an account's data and they may
 * only edit a deal's own contacts, or they may not edit the map at all. Nothing was written.
 */
export class ForbiddenMapEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ForbiddenMapEditError";
  }
}
