"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { SaveResult, type SaveOutcome } from "@/components/ui/save-result";
import { DEAL_PROFILE_MAX_LENGTH, type DealProfileField } from "@/lib/domain/deal-profile";
import { useRecordVersion } from "@/lib/hooks/use-record-version";
import { saveDealProfile } from "./actions";

/**
 * What the deal is about, as its owner records it: its use case and the main objection heard,
 * suggested from the story library's own words (so a story can match them) but free to write.
 * A stale version is refused with a way to reload.
 */
export function DealProfileEditor({
  dealId,
  useCase,
  objection,
  suggestions,
  version,
}: {
  dealId: number;
  useCase: string | null;
  objection: string | null;
  suggestions: Record<DealProfileField, string[]>;
  version: number;
}) {
  const initial = { useCase: useCase ?? "", objection: objection ?? "" };
  const [saved, setSaved] = useState(initial);
  const [form, setForm] = useState(initial);
  const [current, setVersion] = useRecordVersion(version);
  const [errors, setErrors] = useState<Partial<Record<DealProfileField, string>>>({});
  const [result, setResult] = useState<SaveOutcome | null>(null);
  const [pending, start] = useTransition();
  const id = `deal-profile-${dealId}`;
  const unchanged = form.useCase.trim() === saved.useCase && form.objection.trim() === saved.objection;
  const field = (key: DealProfileField, label: string, placeholder: string) => (
    <Field label={label} htmlFor={`${id}-${key}`} error={errors[key]}>
      <Input
        id={`${id}-${key}`}
        name={key}
        list={`${id}-${key}-library`}
        maxLength={DEAL_PROFILE_MAX_LENGTH}
        value={form[key]}
        placeholder={placeholder}
        autoComplete="off"
        onChange={(e) => {
          setForm((f) => ({ ...f, [key]: e.target.value }));
          setResult(null);
        }}
        {...(errors[key] ? { "aria-invalid": true, "aria-describedby": `${id}-${key}-error` } : {})}
      />
      <datalist id={`${id}-${key}-library`}>
        {suggestions[key].map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
    </Field>
  );
  return (
    <form
      aria-label="Use case and objection"
      className="mt-1 grid gap-3 sm:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const outcome = await saveDealProfile({ opportunityId: dealId, useCase: form.useCase, objection: form.objection, version: current });
          if (outcome.ok) {
            const stored = { useCase: form.useCase.trim(), objection: form.objection.trim() };
            setForm(stored);
            setSaved(stored);
            setVersion(outcome.data.version);
            setErrors({});
            setResult({ tone: "success", text: "Saved: the matched proof below follows on reload." });
          } else {
            setErrors((outcome.fieldErrors ?? {}) as Partial<Record<DealProfileField, string>>);
            setResult({ tone: "error", text: outcome.error, stale: outcome.fieldErrors?.version !== undefined });
          }
        });
      }}
    >
      {field("useCase", "Use case", "What they are buying it for")}
      {field("objection", "Main objection", "What holds them back, in their words")}
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 sm:col-span-2">
        <Button type="submit" variant="secondary" disabled={pending || unchanged}>
          {pending ? "Saving…" : "Save use case and objection"}
        </Button>
        <div role="status" aria-live="polite">
          {result?.tone === "success" ? <p className="text-xs text-emerald-700">{result.text}</p> : null}
        </div>
      </div>
      {result?.tone === "error" ? <SaveResult result={result} className="sm:col-span-2" /> : null}
    </form>
  );
}
