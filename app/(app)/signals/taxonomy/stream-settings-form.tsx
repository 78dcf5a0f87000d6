"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { saveStreamSettingsAction, type StreamSettings } from "./stream-settings-actions";

const fields: { key: keyof StreamSettings; label: string; hint: string; min: number; max: number }[] = [
  { key: "stakeholders", label: "Multiple stakeholders: people", hint: "Distinct people of one account with first-party signals…", min: 2, max: 20 },
  { key: "stakeholderWindowDays", label: "…within days", hint: "…make a “multiple stakeholders” signal (once per window).", min: 1, max: 30 },
  { key: "dormancyDays", label: "Return after dormancy: quiet days", hint: "An account's first-party signal after this many quiet days is a return.", min: 7, max: 365 },
  { key: "meetingWindowDays", label: "Signal→meeting window (days)", hint: "A meeting with the account this soon after a high-intent signal counts.", min: 1, max: 90 },
];

/** How the stream is read: the derived signals' thresholds and the meeting window. */
export function StreamSettingsForm({ initial, canEdit }: { initial: StreamSettings; canEdit: boolean }) {
  const router = useRouter();
  const [value, setValue] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      noValidate
      aria-label="Signal settings"
      className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
      onSubmit={(e) => {
        e.preventDefault();
        setResult(null);
        startTransition(async () => {
          const r = await saveStreamSettingsAction(value);
          setErrors(r.ok ? {} : (r.fieldErrors ?? {}));
          setResult(r.ok ? { ok: true, text: r.message ?? "Saved." } : { ok: false, text: r.error });
          if (r.ok) router.refresh();
        });
      }}
    >
      <h2 className="text-base font-semibold text-slate-900">Derived signals and the meeting window</h2>
      <p className="mt-1 text-sm text-slate-600">The app derives two signals from the stream itself; clients cannot send them.</p>
      <div className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {fields.map((f) => (
          <Field key={f.key} label={f.label} htmlFor={`stream-${f.key}`} hint={f.hint} error={errors[f.key]}>
            <Input
              id={`stream-${f.key}`}
              type="number"
              min={f.min}
              max={f.max}
              inputMode="numeric"
              disabled={!canEdit}
              value={Number.isNaN(value[f.key]) ? "" : value[f.key]}
              aria-invalid={errors[f.key] ? true : undefined}
              onChange={(e) => setValue({ ...value, [f.key]: e.target.value.trim() === "" ? Number.NaN : Number(e.target.value) })}
            />
          </Field>
        ))}
      </div>
      {result ? (
        <div className="mt-4">
          <Alert tone={result.ok ? "success" : "error"}>{result.text}</Alert>
        </div>
      ) : null}
      {canEdit ? (
        <div className="mt-4">
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save signal settings"}
          </Button>
        </div>
      ) : null}
    </form>
  );
}
