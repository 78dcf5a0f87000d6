/**
 * The part of the next-auth configuration that needs no database. Sessions are JWTs carrying the
 * user id, role and session version (a password reset or deactivation bumps it, ending the session).
 */
import type { NextAuthConfig } from "next-auth";
import type { UserRole } from "@/lib/domain/roles";
import { authSecret } from "./secret";

declare module "next-auth" {
  interface User {
    role?: UserRole;
    sessionVersion?: number;
  }
  interface Session {
    user: { id: string; role: UserRole; name: string; email: string; sessionVersion: number };
  }
}

export const SESSION_HOURS = 12;

export const authConfig = {
  trustHost: true,
  logger: {
    // A forged or expired session cookie and a wrong password are expected traffic, not server errors.
    error(error: Error) {
      const type = (error as { type?: string }).type ?? error.name;
      if (type === "JWTSessionError" || type === "CredentialsSignin") return;
      console.error(error);
    },
  },
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: SESSION_HOURS * 60 * 60 },
  pages: { signIn: "/sign-in" },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = String(user.id);
        token.role = user.role;
        token.sv = user.sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = token.sub ?? "";
      session.user.role = token.role as UserRole;
      session.user.sessionVersion = Number(token.sv ?? 0);
      return session;
    },
  },
} satisfies NextAuthConfig;
