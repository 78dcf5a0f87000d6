import crypto from "node:crypto";

/**
 * An error the person can act on: its message is shown as it is, naming what to fix. Every server
 * action, route handler and the CLI answer these with their message (and, for HTTP, their status);
 * anything else is unexpected and logged with an id.
 */
export class ExpectedError extends Error {
  /** The HTTP status a route handler answers with. */
  readonly status: number = 400;
  constructor(
    message: string,
    /** The input field or parameter at fault, when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input is not valid; `field` names what to fix. */
export class ValidationError extends ExpectedError {}

/** Someone changed the record meanwhile, or the request contradicts the record's state. */
export class ConflictError extends ExpectedError {
  override readonly status: number = 409;
}

export class NotFoundError extends ExpectedError {
  override readonly status: number = 404;
}

/** The signed-in user may not do this to this record (ownership, team), though the role may act. */
export class ForbiddenError extends ExpectedError {
  override readonly status: number = 403;
}

/** A change identical to what is there: nothing to save or sign. */
export class UnchangedError extends ExpectedError {}

/**
 * An unexpected error: logged with an id the person can quote, shown as a generic message.
 * Expected errors (validation, conflict, not found, forbidden) are answered where they happen.
 */
export function unexpected(error: unknown, context: string): { ok: false; error: string; errorId: string } {
  const id = crypto.randomBytes(4).toString("hex");
  console.error(`[${id}] ${context}:`, error);
  return { ok: false, error: `Something went wrong (error id ${id}). Nothing was saved; please try again.`, errorId: id };
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

/**
 * The user may not make this edit of a buying-group map: it changes an account's data and they may
 * only edit a deal's own contacts, or they may not edit the map at all. Nothing was written.
 */
export class ForbiddenMapEditError extends ForbiddenError {}
