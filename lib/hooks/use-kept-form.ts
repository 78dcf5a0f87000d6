"use client";

import { startTransition, useActionState, useEffect, useRef, type FormEvent } from "react";
import type { ActionResult } from "@/lib/action-result";

type Action<T> = (state: ActionResult<T> | null, formData: FormData) => Promise<ActionResult<T>>;

/**
 * Submits a form through its server action without React's reset, so a refused form keeps what was
 * typed. With `resetOnSuccess`, the form is cleared once the action succeeds (a "create" form).
 */
export function useKeptForm<T = undefined>(action: Action<T>, { resetOnSuccess = false }: { resetOnSuccess?: boolean } = {}) {
  const [state, formAction, pending] = useActionState<ActionResult<T> | null, FormData>(action, null);
  const form = useRef<HTMLFormElement | null>(null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    form.current = event.currentTarget;
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };
  useEffect(() => {
    if (resetOnSuccess && state?.ok) form.current?.reset();
  }, [state, resetOnSuccess]);
  return { state, formAction, pending, onSubmit };
}
