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
 * An import run whose job is no longer its own: another server took the worker for dead (no sign of
 * life for minutes) and marked the job interrupted. The run stops and writes nothing.
 */
export class ImportJobLostError extends Error {
  constructor(id: number) {
    super(`Import #${id} was marked as interrupted while this server was still running it; nothing was written. Run it again.`);
    this.name = "ImportJobLostError";
  }
}
