import type { z } from "zod";

/** What every server action returns, ready for useActionState. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string }
  | { ok: false; error: string; fieldErrors?: Record<string, string> };

export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    fieldErrors[key] ??= issue.message;
  }
  return fieldErrors;
}

export function invalid(error: z.ZodError): ActionResult<never> {
  return { ok: false, error: "Please correct the highlighted fields.", fieldErrors: fieldErrorsOf(error) };
}
