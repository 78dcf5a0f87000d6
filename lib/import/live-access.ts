/**
 * Reading an import and the user who asks about it while its commit may be running.
 *
 * A commit on PGlite holds the database's only connection until it ends, and any other query waits
 * for it. So on PGlite the job (whose progress the commit writes through its own transaction) and
 * the user are read through that transaction: PGlite runs nothing else while it is open, so no
 * change to the user can have been committed that it does not see (a demotion made meanwhile waits,
 * like every write, and applies when the commit ends). PGlite allows one process per data folder,
 * so the commit, if there is one, runs in this process. On PostgreSQL the commit holds one
 * connection of its instance's pool, writes its progress through another, and any instance reads
 * the job and the user through its own pool, as every request does.
 */
import type { DatabaseHandle, DatabaseOrTransaction } from "@/db/index";
import { findImportJob, getImportJob } from "@/db/queries/imports";
import { findUserById, type PublicUser } from "@/db/queries/users";
import type { ImportJob } from "@/db/schema";
import { sessionUser, type SessionClaims } from "@/lib/auth/session-user";
import { embeddedCommitTransaction } from "./run";

async function readNow<T>(database: Pick<DatabaseHandle, "db" | "driver">, jobId: number | null, read: (db: DatabaseOrTransaction, duringCommit: boolean) => Promise<T>): Promise<T> {
  const commit = database.driver === "pglite" && jobId !== null ? await embeddedCommitTransaction(jobId) : null;
  if (commit) {
    try {
      return await read(commit, true);
    } catch {
      // The transaction ended (or failed) meanwhile: the connection is free again, or soon.
    }
  }
  return read(database.db, false);
}

/**
 * The session's user as the database knows them now (the same test as currentUser()), read without
 * waiting for a commit of `jobId` running on the embedded database. The guard then checks the permission.
 */
export function userDuringRun(database: Pick<DatabaseHandle, "db" | "driver">, session: SessionClaims | null, jobId: number | null): Promise<PublicUser | null> {
  return sessionUser(session, (id) => readNow(database, jobId, (db) => findUserById(db, id)));
}

/** The import with its progress so far, from the database, without waiting for its commit. */
export function importDuringRun(database: Pick<DatabaseHandle, "db" | "driver">, jobId: number): Promise<ImportJob> {
  // Through a commit's transaction only reads: marking stale jobs would be written with the import.
  return readNow(database, jobId, (db, duringCommit) => (duringCommit ? findImportJob(db, jobId) : getImportJob(db, jobId)));
}
