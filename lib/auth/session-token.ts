import { getToken, type JWT } from "next-auth/jwt";

/** Auth.js's session cookie: the __Secure- form on HTTPS; either may be split into .0, .1 chunks. */
const cookieNames = ["authjs.session-token", "__Secure-authjs.session-token"] as const;

/**
 * The session token of a request's cookies when it is genuine and current: decrypted with the
 * app's secret (so a forged or tampered cookie fails), not expired, and naming a user. Null
 * otherwise. Whether that user may still sign in (active, session version) only the database
 * knows: the guard asks it on every request; this only spares pages a forged cookie.
 */
export async function verifySessionToken(cookieHeader: string | null, secret: string, now = Date.now()): Promise<JWT | null> {
  if (!cookieHeader) return null;
  for (const cookieName of cookieNames) {
    if (!cookieHeader.includes(cookieName)) continue;
    const token = await getToken({ req: { headers: { cookie: cookieHeader } }, secret, cookieName, salt: cookieName, secureCookie: cookieName.startsWith("__Secure-"), logger: quiet });
    if (token && typeof token.sub === "string" && token.sub !== "" && typeof token.exp === "number" && token.exp * 1000 > now) return token;
  }
  return null;
}

// A forged cookie is expected traffic, not an error worth a log line.
const quiet = { error() {}, warn() {}, debug() {}, log() {}, info() {} } as unknown as Console;
