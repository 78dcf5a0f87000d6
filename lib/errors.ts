import crypto from "node:crypto";
import type { RuleProblem } from "@/lib/attribution/answer-rules";
import type { MapChange } from "@/lib/domain/buying-group";
import { MAX_UPLOAD_BYTES } from "@/lib/import/limits";

/*
 * Every error class of the app lives here, so what can be thrown and caught is one read. The
 * ExpectedError family reaches people as its message; the others are caught with instanceof where
 * they are handled. (SignInRefused stays in lib/auth: it extends Auth.js's CredentialsSignin.)
 */

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

/** Someone saved the setting after the editor loaded it. */
export class StaleSettingError extends ConflictError {
  constructor(readonly stamp: { updatedAt: number | null; updatedBy: string | null }) {
    super(`${stamp.updatedBy ?? "Someone"} saved these settings after you opened them. Reload to see their values, then make your change again.`);
  }
}

/** Someone changed the signal type after the editor loaded it. */
export class StaleSignalTypeError extends ConflictError {
  constructor(label: string, by: string | null) {
    super(`${by ?? "Someone"} changed “${label}” after you opened it. Reload to see their values, then make your change again.`);
  }
}

/** Someone saved the map since it was loaded: nothing was written, and this is what they changed. */
export class MapConflictError extends ConflictError {
  constructor(readonly changes: MapChange[]) {
    super(
      `Someone changed this map since you loaded it: ${changes.map((c) => `${c.by ?? "someone"} set ${c.what} to ${c.to ?? "nothing"}`).join("; ")}. Nothing was saved; reload to see their change.`,
    );
  }
}

/** Another import is running; one runs at a time. */
export class ImportRunningError extends ConflictError {
  constructor(readonly running: { id: number; fileName: string }) {
    super(`Import #${running.id} (${running.fileName}) is running; start this one when it has finished.`);
  }
}

/** Answer-mapping rules that match none or all of the answers, refused unless the marketer saves with the warnings. */
export class RuleWarningsError extends Error {
  constructor(readonly problems: RuleProblem[]) {
    super(`Nothing saved: ${problems.map((p) => p.message).join(" ")} Fix the rules, or save them with these warnings.`);
    this.name = "RuleWarningsError";
  }
}

/** A problem with one signal the client can fix; the transaction rolls back and the item is reported. */
export class SignalItemError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "SignalItemError";
  }
}

// ── Files and imports ───────────────────────────────────────────────────────────────────────────

/** A file that cannot be read as CSV (encoding, quoting, no header or rows); the message says why. */
export class CsvError extends Error {}

export class UploadTooLargeError extends CsvError {
  constructor(limit = MAX_UPLOAD_BYTES) {
    super(`The file is larger than ${Math.round(limit / 1024 / 1024)} MB; split it into smaller files and import them one after another.`);
  }
}

/** A problem with the whole import file or its settings, not with one row. */
export class ImportSettingsError extends Error {}

/** A commit refused because rows are invalid (all rows or none); the message names the first. */
export class RowsRejected extends Error {}

// ── Start-up, the database, the command line ────────────────────────────────────────────────────

export class EnvironmentError extends Error {
  constructor(issues: string[]) {
    super(`Invalid environment:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
    this.name = "EnvironmentError";
  }
}

/** A request arrived while the server shuts down. */
export class DatabaseClosingError extends Error {
  constructor() {
    super("The server is shutting down; the database is closed.");
    this.name = "DatabaseClosingError";
  }
}

/** Another live process holds the PGlite folder (see db/lock.ts). */
export class DatabaseFolderLockedError extends Error {
  constructor(
    readonly folder: string,
    readonly holderPid: number,
  ) {
    super(
      `The database folder ${folder} is in use by another process (pid ${holderPid}). ` +
        `Stop that process first, or point PGLITE_DIR at another folder.`,
    );
    this.name = "DatabaseFolderLockedError";
  }
}

/** A command line the CLI cannot act on; the message says what to write instead. */
export class UsageError extends Error {}

/** A job stopped by the server's shutdown, its time limit or the loss of its lease: retried, not failed for good. */
export class JobInterruptedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JobInterruptedError";
  }
}
