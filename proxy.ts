import { NextResponse, type NextRequest } from "next/server";
import { authSecret } from "@/lib/auth/secret";
import { verifySessionToken } from "@/lib/auth/session-token";

/**
 * Sends visitors without a genuine, current session token to the sign-in page, before any page
 * code runs. A convenience only: every page, server action and route handler checks the session
 * and permission itself through the guard (app/_guard), which also asks the database whether the
 * user is still active and signed in. It only reads the cookie and never re-issues it, so a request
 * in flight during sign-out cannot bring the session back.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname === "/sign-in") return NextResponse.next();
  const token = await verifySessionToken(request.headers.get("cookie"), authSecret());
  if (!token) {
    const target = new URL("/sign-in", request.nextUrl);
    if (pathname !== "/") target.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(target);
  }
  return NextResponse.next();
}

export const config = {
  // API routes answer 401/403 themselves; static files need no session.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
