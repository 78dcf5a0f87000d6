import "server-only";
import type { PublicUser } from "@/db/queries/users";
import { currentUser } from "@/lib/auth";
import { apiError, authenticateApiKey } from "@/lib/auth/api-key";
import { can, type Permission } from "@/lib/auth/permissions";
import { ExpectedError, unexpected } from "@/lib/errors";

type RouteContext<P> = { params: Promise<P> };

/** Expected errors answer their status and message (naming the parameter); anything else is a logged 500. */
async function answering(context: string, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ExpectedError) return apiError(error.status, error.message, error.field);
    const failure = unexpected(error, context);
    return Response.json({ error: failure.error, errorId: failure.errorId }, { status: 500 });
  }
}

/**
 * The one way to write a route handler for the app's own pages (downloads, polling): the session
 * and every permission are checked first, answering 401 or 403 as JSON, before the handler runs.
 */
export function guardedRoute<P = Record<string, never>>(
  permission: Permission | readonly Permission[],
  handler: (request: Request, context: { user: PublicUser; params: P }) => Promise<Response>,
) {
  const needed = typeof permission === "string" ? [permission] : permission;
  return async function route(request: Request, context: RouteContext<P>): Promise<Response> {
    const user = await currentUser();
    if (!user) return apiError(401, "Sign in first.");
    if (!needed.every((p) => can(user.role, p))) return apiError(403, "Your role may not do this.");
    const params = await context.params;
    return answering(`${request.method} ${new URL(request.url).pathname}`, () => handler(request, { user, params }));
  };
}

/**
 * The one way to write a route handler for machine clients: a valid API key holding `scope` first
 * (401 without one, 403 without the scope), before the handler runs.
 */
export function apiKeyRoute<P = Record<string, never>>(
  scope: string,
  handler: (request: Request, context: { keyId: number; params: P }) => Promise<Response>,
) {
  return async function route(request: Request, context: RouteContext<P>): Promise<Response> {
    const key = await authenticateApiKey(request, scope);
    if ("denied" in key) return key.denied;
    const params = await context.params;
    return answering(`${request.method} ${new URL(request.url).pathname}`, () => handler(request, { keyId: key.keyId, params }));
  };
}

/** A route anyone may call (health check, the sign-in endpoints); `why` says why it needs no guard. */
export function publicRoute<H extends (request: Request, context: never) => Promise<Response>>(why: string, handler: H): H {
  void why;
  return handler;
}
