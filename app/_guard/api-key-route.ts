import "server-only";
import { authenticateApiKey } from "@/lib/auth/api-key";
import { answering, routeParams, type RouteContext } from "./answering";

/**
 * The one way to write a route handler for machine clients: a valid API key holding `scope` first
 * (401 without one, 403 without the scope), before the handler runs.
 */
export function apiKeyRoute<P = Record<string, never>>(
  scope: string,
  handler: (request: Request, context: { keyId: number; params: P }) => Promise<Response>,
) {
  return async function route(request: Request, context?: RouteContext<P>): Promise<Response> {
    const key = await authenticateApiKey(request, scope);
    if ("denied" in key) return key.denied;
    const params = await routeParams(context);
    return answering(request, () => handler(request, { keyId: key.keyId, params }));
  };
}
