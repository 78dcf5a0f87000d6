import { NextResponse, type NextRequest } from "next/server";

/** Auth.js session cookie names (the __Secure- form on HTTPS; either may be split into .0, .1 chunks). */
const sessionCookie = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

/**
 * Sends visitors without a session cookie to the sign-in page. A convenience only: every page,
 * server action and route handler verifies the session and permission itself. It only reads the
 * cookie and never re-issues it, so a request in flight during sign-out cannot bring the session back.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const hasSession = request.cookies.getAll().some((cookie) => sessionCookie.test(cookie.name));
  if (!hasSession && pathname !== "/sign-in") {
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
