import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authConfig } from "@/lib/auth/config";

const { auth } = NextAuth(authConfig);

/**
 * Sends signed-out visitors to the sign-in page. A convenience only: every page, server action and
 * route handler checks the session and permission itself.
 */
export const proxy = auth((request) => {
  const { pathname, search } = request.nextUrl;
  const signedIn = Boolean(request.auth?.user);
  // The sign-in page itself sends a signed-in user home: it knows whether the user is still active,
  // which a session cookie alone cannot tell.
  if (!signedIn && pathname !== "/sign-in") {
    const target = new URL("/sign-in", request.nextUrl);
    if (pathname !== "/") target.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(target);
  }
  return NextResponse.next();
});

export const config = {
  // API routes answer 401/403 themselves; static files need no session.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
