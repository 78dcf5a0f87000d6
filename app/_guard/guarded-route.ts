import "server-only";
import type { PublicUser } from "@/db/queries/users";
import { currentUser } from "@/lib/auth";
import { apiError } from "@/lib/auth/api-key";
import { can, type Permission } from "@/lib/auth/permissions";
import { answering, routeParams, type RouteContext } from "./answering";

/**
 * The one way to write a route handler for the app's own pages (downloads, polling): the session
 * and every permission are checked first, answering 401 or 403 as JSON, before the handler runs.
 */
export function guardedRoute<P = Record<string, never>>(
  permission: Permission | readonly Permission[],
  handler: (request: Request, context: { user: PublicUser; params: P }) => Promise<Response>,
  /** How to read the signed-in user when currentUser() would wait (a live import on PGlite); same test. */
  options: { user?: (context: { params: P }) => Promise<PublicUser | null> } = {},
) {
  const needed = typeof permission === "string" ? [permission] : permission;
  return async function route(request: Request, context?: RouteContext<P>): Promise<Response> {
    const params = await routeParams(context);
    const user = await (options.user ? options.user({ params }) : currentUser());
    if (!user) return apiError(401, "Sign in first.");
    if (!needed.every((p) => can(user.role, p))) return apiError(403, "Your role may not do this.");
    return answering(request, () => handler(request, { user, params }));
  };
}
