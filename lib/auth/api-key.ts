import "server-only";
import { getDb } from "@/db/index";
import { verifyApiKey } from "@/db/queries/api-keys";

/** A JSON error response; `parameter` names what to fix. */
export function apiError(status: number, error: string, parameter?: string): Response {
  return Response.json(parameter ? { error, parameter } : { error }, { status });
}

/**
 * Machine clients send `Authorization: Bearer <key>` (or `X-API-Key: <key>`). Returns the error
 * response to send, or null when the key is valid, not revoked, its creator still active, and it holds the scope.
 */
export async function requireApiKey(request: Request, scope: string): Promise<Response | null> {
  const result = await authenticateApiKey(request, scope);
  return "denied" in result ? result.denied : null;
}

/** The key's id when it is valid, not revoked, its creator active and it holds the scope; else the error response to send. */
export async function authenticateApiKey(request: Request, scope: string): Promise<{ keyId: number } | { denied: Response }> {
  const denied = (response: Response) => ({ denied: response });
  const header = request.headers.get("authorization");
  const key = header?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? request.headers.get("x-api-key")?.trim();
  if (!key) return denied(apiError(401, "An API key is required: send it as Authorization: Bearer <key>. Admins create keys under Settings → API keys."));
  const verified = await verifyApiKey(getDb(), key);
  if (!verified.ok && verified.reason === "creator-inactive") {
    return denied(
      apiError(
        401,
        "This API key stopped working because the admin who created it has been deactivated. An active admin can create a new key under Settings → API keys (reactivating that admin makes this key work again).",
      ),
    );
  }
  if (!verified.ok) return denied(apiError(401, "This API key is unknown or has been revoked."));
  if (!verified.scopes.includes(scope)) return denied(apiError(403, `This API key does not allow ${scope}; create a key with that scope under Settings → API keys.`));
  return { keyId: verified.id };
}
