"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { z } from "zod";
import { getDb } from "@/db/index";
import { findUserByEmail } from "@/db/queries/users";
import { signIn } from "@/lib/auth";
import { safeCallback } from "@/lib/auth/callback";
import { LOCK_DURATION_MS, lockedMessage } from "@/lib/auth/lockout";
import { invalid, type ActionResult } from "@/lib/action-result";

const form = z.object({
  email: z.string().trim().min(1, "Enter your email.").email("Enter an email address such as name@company.com."),
  password: z.string().min(1, "Enter your password."),
  callbackUrl: z.string().optional(),
});

export async function signInAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const parsed = form.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error);
  const { email, password, callbackUrl } = parsed.data;
  try {
    await signIn("credentials", { email, password, redirectTo: safeCallback(callbackUrl) });
    return { ok: true, data: undefined };
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      if (error.code === "locked") {
        const user = await findUserByEmail(getDb(), email);
        const until = user?.lockedUntil ?? new Date(Date.now() + LOCK_DURATION_MS);
        return { ok: false, error: lockedMessage(until, new Date()) };
      }
      if (error.code === "deactivated") {
        return { ok: false, error: "This account has been deactivated. Ask your RevOps admin to reactivate it." };
      }
      return { ok: false, error: "Wrong email or password." };
    }
    if (error instanceof AuthError) {
      console.error("Sign-in failed:", error);
      return { ok: false, error: "Signing in failed. Please try again." };
    }
    throw error; // the redirect after a successful sign-in
  }
}
