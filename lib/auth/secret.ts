import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** The folder for files the app makes for itself (embedded database, generated secret). */
export const dataFolder = path.resolve(process.cwd(), ".data");

/**
 * The key that signs session cookies: AUTH_SECRET when set, else one generated on first start and
 * kept in .data/auth-secret, so a restart does not sign everybody out.
 */
export function authSecret(): string {
  const fromEnv = process.env.AUTH_SECRET;
  if (fromEnv) return fromEnv;
  const file = path.join(dataFolder, "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dataFolder, { recursive: true });
    const secret = crypto.randomBytes(32).toString("base64url");
    try {
      fs.writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
      return secret;
    } catch {
      // Another process wrote it first; use theirs.
      return fs.readFileSync(file, "utf8").trim();
    }
  }
}
