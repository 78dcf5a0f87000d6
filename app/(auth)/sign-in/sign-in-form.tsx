"use client";

import { useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { signInAction } from "./actions";
import { useKeptForm } from "@/lib/hooks/use-kept-form";

export function SignInForm({ callbackUrl, demoEmails }: { callbackUrl?: string; demoEmails: { email: string; role: string }[] }) {
  const { state, formAction, pending, onSubmit } = useKeptForm(signInAction);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;

  return (
    <div className="space-y-6">
      <form action={formAction} onSubmit={onSubmit} className="space-y-4" noValidate>
        {state && !state.ok && !fieldErrors ? <Alert tone="error">{state.error}</Alert> : null}
        <input type="hidden" name="callbackUrl" value={callbackUrl ?? ""} />
        <Field label="Email" htmlFor="email" error={fieldErrors?.email}>
          <Input
            ref={emailRef}
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            aria-invalid={Boolean(fieldErrors?.email)}
            aria-describedby={fieldErrors?.email ? "email-error" : undefined}
          />
        </Field>
        <Field label="Password" htmlFor="password" error={fieldErrors?.password}>
          <Input
            ref={passwordRef}
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={Boolean(fieldErrors?.password)}
            aria-describedby={fieldErrors?.password ? "password-error" : undefined}
          />
        </Field>
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>

      {demoEmails.length > 0 ? (
        <div className="rounded-md border border-dashed border-slate-300 p-3 text-sm">
          <p className="font-medium text-slate-700">Demo sign-ins</p>
          <p className="mt-0.5 text-slate-600">
            Password <code className="rounded bg-slate-100 px-1">pipeline-demo</code>. Pick one to fill the form:
          </p>
          <ul className="mt-2 flex flex-wrap gap-1.5">
            {demoEmails.map((d) => (
              <li key={d.email}>
                <button
                  type="button"
                  className="rounded-full border border-slate-200 bg-slate-50 px-2.5 py-1 text-xs text-slate-700 hover:border-brand-500 hover:text-brand-700"
                  onClick={() => {
                    if (emailRef.current) emailRef.current.value = d.email;
                    if (passwordRef.current) passwordRef.current.value = "pipeline-demo";
                    passwordRef.current?.focus();
                  }}
                >
                  {d.email} <span className="text-slate-500">· {d.role}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
