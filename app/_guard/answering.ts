import "server-only";
import { apiError } from "@/lib/auth/api-key";
import { ExpectedError, unexpected } from "@/lib/errors";

/** Route context as Next.js passes it; a route without dynamic segments may be called without it (tests). */
export type RouteContext<P> = { params: Promise<P> };

export async function routeParams<P>(context: RouteContext<P> | undefined): Promise<P> {
  return ((await context?.params) ?? {}) as P;
}

/** Expected errors answer their status and message (naming the parameter); anything else is a logged 500. */
export async function answering(request: Request, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ExpectedError) return apiError(error.status, error.message, error.field);
    const failure = unexpected(error, `${request.method} ${new URL(request.url).pathname}`);
    return Response.json({ error: failure.error, errorId: failure.errorId }, { status: 500 });
  }
}
