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
import type { DatabaseHandle, Database } from "@/db/index";
import { findUserById, type PublicUser } from "@/db/queries/users";
import type { UserRole } from "@/db/schema";
import { can, type Permission } from "@/lib/auth/permissions";
import { liveCommitTransaction } from "./run";

/** What a session says of its user (the fields of next-auth's session that matter here). */
export interface SessionClaims {
  user?: { id: string; role: UserRole; sessionVersion: number };
}

async function readNow<T>(database: Pick<DatabaseHandle, "db" | "driver">, jobId: number, read: (db: Database) => Promise<T>): Promise<T> {
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
 * The session's user if the database says they are active, signed in with this session and hold
 * `permission`; otherwise the 401 or 403 response to send. Reads the user without waiting for a
 * commit of `jobId` running in this process.
 */
export async function userDuringRun(
  database: Pick<DatabaseHandle, "db" | "driver">,
  session: SessionClaims | null,
  jobId: number,
  permission: Permission,
): Promise<PublicUser | Response> {
  const id = Number(session?.user?.id);
  const user = Number.isInteger(id) && id > 0 ? await readNow(database, jobId, (db) => findUserById(db, id)) : undefined;
  // The same test as currentUser(): a deactivation or password reset ends the session.
  if (!user?.active || user.sessionVersion !== session?.user?.sessionVersion) return Response.json({ error: "Sign in first." }, { status: 401 });
  if (!can(user.role, permission)) return Response.json({ error: "Your role may not do this." }, { status: 403 });
  return user;
}
