/**
 * Who may read a live run's progress: the signed-in user as the database knows them now, as for any
 * request (see currentUser() in lib/auth), never the role the session cookie was signed with.
 *
 * A commit on PGlite holds the database's only connection until it ends, and any other query waits
 * for it. So on PGlite the user is read through the commit's own transaction: PGlite runs nothing
 * else while that transaction is open, so no change to the user can have been committed that it
 * does not see (a demotion made meanwhile waits, like every write, and applies when the commit
 * ends). On PostgreSQL the commit holds one connection of the pool and the user is read through
 * another, as every request is, which also sees a change made on another instance.
 */
import type { DatabaseHandle, DatabaseOrTransaction } from "@/db/index";
import { findUserById, type PublicUser } from "@/db/queries/users";
import { sessionUser, type SessionClaims } from "@/lib/auth/session-user";
import { liveCommitTransaction } from "./run";

async function readNow<T>(database: Pick<DatabaseHandle, "db" | "driver">, jobId: number, read: (db: DatabaseOrTransaction) => Promise<T>): Promise<T> {
  const commit = database.driver === "pglite" ? liveCommitTransaction(jobId) : null;
  if (commit) {
    try {
      return await read(commit);
    } catch {
      // The transaction ended (or failed) meanwhile: the connection is free again, or soon.
    }
  }
  return read(database.db);
}

/**
 * The session's user as the database knows them now (the same test as currentUser()), read without
 * waiting for a commit of `jobId` running in this process. The guard then checks the permission.
 */
export function userDuringRun(database: Pick<DatabaseHandle, "db" | "driver">, session: SessionClaims | null, jobId: number): Promise<PublicUser | null> {
  return sessionUser(session, (id) => readNow(database, jobId, (db) => findUserById(db, id)));
}
