/**
 * The part of the next-auth configuration that needs no database, shared by the proxy and the
 * full configuration in ./index.ts. Sessions are JWTs carrying the user id and role.
 */
import type { NextAuthConfig } from "next-auth";
import type { UserRole } from "@/db/schema";
import { authSecret } from "./secret";

declare module "next-auth" {
  interface User {
    role?: UserRole;
  }
  interface Session {
    user: { id: string; role: UserRole; name: string; email: string };
  }
}

export const SESSION_HOURS = 12;

export const authConfig = {
  trustHost: true,
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: SESSION_HOURS * 60 * 60 },
  pages: { signIn: "/sign-in" },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = String(user.id);
        token.role = user.role;
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = token.sub ?? "";
      session.user.role = token.role as UserRole;
      return session;
    },
  },
} satisfies NextAuthConfig;
