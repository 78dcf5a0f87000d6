import type { PublicUser } from "@/db/queries/users";
import type { UserRole } from "@/lib/domain/roles";

/** What a session says of its user (the fields of next-auth's session that matter here). */
export interface SessionClaims {
  user?: { id: string; role: UserRole; sessionVersion: number };
}

/**
 * The session's user as the database knows them now, or null: a deactivation, a password reset, a
 * sign-out or a changed role takes effect on the next request, not when the cookie expires.
 * `read` fetches the user by id (through whatever connection the caller may use).
 */
export async function sessionUser(session: SessionClaims | null, read: (id: number) => Promise<PublicUser | undefined>): Promise<PublicUser | null> {
  const id = Number(session?.user?.id);
  if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  const user = await read(id);
  return user?.active && user.sessionVersion === session?.user?.sessionVersion ? user : null;
}
