"use client";

import { useLayoutEffect, useRef, useState, type ComponentProps } from "react";
import { groupNumberText, regroupedCaret } from "@/lib/text/number-input";
import { Field, Input } from "./field";

type InputProps = Omit<ComponentProps<"input">, "value" | "defaultValue" | "onChange" | "type">;

/**
 * A number typed as text, its thousands grouped while it is typed and at rest (1,400,000); the
 * server reads it back with numberText. Uncontrolled with `defaultValue` (a form posting its fields),
 * or controlled with `value` and `onValueChange`.
 */
export function NumberInput({
  value,
  defaultValue = "",
  onValueChange,
  className = "",
  ...props
}: InputProps & { value?: string; defaultValue?: string; onValueChange?: (text: string) => void }) {
  const [own, setOwn] = useState(() => groupNumberText(defaultValue));
  const input = useRef<HTMLInputElement>(null);
  const caret = useRef<number | null>(null);
  const shown = value === undefined ? own : groupNumberText(value);

  useLayoutEffect(() => {
    if (caret.current !== null && input.current === document.activeElement) input.current?.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  });

  return (
    <Input
      {...props}
      ref={input}
      type="text"
      inputMode="decimal"
      autoComplete="off"
      value={shown}
      className={`text-right tabular-nums ${className}`}
      onChange={(e) => {
        const typed = e.target.value;
        const next = groupNumberText(typed);
        caret.current = regroupedCaret(typed, e.target.selectionStart ?? typed.length, next);
        if (value === undefined) setOwn(next);
        onValueChange?.(next);
      }}
    />
  );
}

/** A labelled number field with its unit after it ("USD/day", "%", "days") and its error or hint below. */
export function NumberField({
  id,
  label,
  error,
  hint,
  suffix,
  ...input
}: Omit<ComponentProps<typeof NumberInput>, "id" | "aria-invalid"> & { id: string; label: string; error?: string; hint?: string; suffix?: string }) {
  return (
    <Field label={label} htmlFor={id} error={error} hint={hint}>
      <div className="flex items-center gap-2">
        <NumberInput id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...input} />
        {suffix ? <span className="shrink-0 text-sm text-slate-500">{suffix}</span> : null}
      </div>
    </Field>
  );
}
