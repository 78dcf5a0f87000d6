import bcrypt from "bcryptjs";

const COST = 10;

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// Compared against when the email is unknown, so a wrong email takes as long as a wrong password.
const UNKNOWN_USER_HASH = "$2b$10$CwTycUXWue0Thq9StjUM0uJ8.DuNmvX0pX1UwF0xYyQvR5Kq0B0a2";

export async function spendPasswordCheck(password: string): Promise<void> {
  await bcrypt.compare(password, UNKNOWN_USER_HASH);
}

/** A temporary password an admin hands over once: 4 groups of 4 unambiguous characters. */
export function generatePassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join("")).join("-");
}
