import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { z } from "zod";
import { getDb } from "@/db/index";
import { authenticate, endSessions, findUserById, type PublicUser } from "@/db/queries/users";
import { env } from "@/lib/env";
import { clientAddress } from "./client-address";
import { authConfig } from "./config";
import { can, type Permission } from "./permissions";
import { sessionUser } from "./session-user";

/**
 * A refused sign-in; `code` reaches the sign-in form, which words it for the person. "invalid" stands
 * for a wrong password, an unknown email and an address refused for the account alike, because the
 * code is also sent to anyone posting to the sign-in endpoint directly (in the redirect's URL).
 */
export class SignInRefused extends CredentialsSignin {
  /** For "throttled": when the address may try again. */
  retryAfter?: Date;
  constructor(code: "invalid" | "throttled" | "deactivated", retryAfter?: Date) {
    super();
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

const credentials = z.object({ email: z.string().trim().min(1), password: z.string().min(1) });

let warnedAboutProxy = false;

/** The client's address for sign-in throttling (the rule: lib/auth/client-address.ts). */
export function signInAddress(headers: Headers): string {
  const forwardedFor = headers.get("x-forwarded-for");
  const hops = env().TRUST_PROXY_HOPS;
  if (hops === 0 && !warnedAboutProxy && forwardedFor?.includes(",")) {
    warnedAboutProxy = true;
    console.warn(
      "Sign-in requests arrive with an X-Forwarded-For header while TRUST_PROXY_HOPS is 0. If the app is behind a reverse proxy or load balancer, " +
        "set TRUST_PROXY_HOPS to the number of them, or failed sign-ins are counted against the proxy's address for everyone.",
    );
  }
  return clientAddress(forwardedFor, hops);
}

const nextAuth = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(input, request) {
        const parsed = credentials.safeParse(input);
        if (!parsed.success) throw new SignInRefused("invalid");
        const address = signInAddress(request.headers);
        const result = await authenticate(getDb(), { ...parsed.data, address });
        if (!result.ok) throw new SignInRefused(result.reason, result.reason === "throttled" ? result.retryAfter : undefined);
        const { id, name, email, role, sessionVersion } = result.user;
        return { id: String(id), name, email, role, sessionVersion };
      },
    }),
  ],
  events: {
    /**
     * Signing out ends every copy of the session, on every device: a copied cookie would otherwise
     * stay valid until it expires. Runs for the app's sign-out button and for /api/auth/signout alike.
     * A failure here is logged and the cookie is still cleared (Auth.js goes on).
     */
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      const id = Number(token?.sub);
      const version = Number(token?.sv);
      if (Number.isInteger(id) && id > 0 && Number.isInteger(version)) await endSessions(getDb(), id, version);
    },
  },
});

export const { handlers, signIn, signOut } = nextAuth;

/** The session of this request, read once however many components ask. */
export const getSession = cache(() => nextAuth.auth());

/**
 * The signed-in user as the database knows them now: a sign-out (on any device), a deactivation, a
 * password reset or a changed role takes effect on the next request, not when the cookie expires.
 */
export const currentUser = cache(async (): Promise<PublicUser | null> => sessionUser(await getSession(), (id) => findUserById(getDb(), id)));

export async function requireUser(): Promise<PublicUser> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return user;
}

/** The signed-in user if their role holds the permission; otherwise 403 (or sign-in when signed out). */
export async function requirePermission(permission: Permission): Promise<PublicUser> {
  const user = await requireUser();
  if (!can(user.role, permission)) forbidden();
  return user;
}
