"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { z } from "zod";
import { SignInRefused, signIn } from "@/lib/auth";
import { safeCallback } from "@/lib/auth/callback";
import { signInRefusedMessage } from "@/lib/auth/lockout";
import { invalid, type ActionResult } from "@/lib/action-result";
import { publicAction } from "@/app/_guard/public";

const form = z.object({
  email: z.string().trim().min(1, "Enter your email.").email("Enter an email address such as name@company.com."),
  password: z.string().min(1, "Enter your password."),
  callbackUrl: z.string().optional(),
});

export const signInAction = publicAction("signing in is how a session begins", async (_previous: ActionResult | null, formData: FormData): Promise<ActionResult> => {
  const parsed = form.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error);
  const { email, password, callbackUrl } = parsed.data;
  try {
    await signIn("credentials", { email, password, redirectTo: safeCallback(callbackUrl) });
    return { ok: true, data: undefined };
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      return { ok: false, error: signInRefusedMessage(error.code, error instanceof SignInRefused ? error.retryAfter : undefined) };
    }
    if (error instanceof AuthError) {
      console.error("Sign-in failed:", error);
      return { ok: false, error: "Signing in failed. Please try again." };
    }
    throw error; // the redirect after a successful sign-in
  }
});
