"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { SaveResult, type SaveOutcome } from "@/components/ui/save-result";
import { useRecordVersion } from "@/lib/hooks/use-record-version";
import { REASON_NOTE_MAX_LENGTH, type CloseReasonsField, type FiledReason } from "@/lib/win-loss/close-reasons";
import { saveCloseReasons } from "./actions";

interface Choice {
  /** The taxonomy's labels to pick from. */
  labels: string[];
  current: FiledReason;
}

/** The form's value of a filed reason: the label, and the words as written when they are more than the label. */
const formValue = (r: FiledReason) => ({ label: r.label ?? "", note: r.raw !== null && r.raw !== r.label ? r.raw : "" });

/**
 * Why a closed deal was won or lost, and its competitor, as its owner records them: a reason from
 * the taxonomy, their own words, or both. A stale version is refused with a way to reload.
 */
export function CloseReasonsEditor({ dealId, kind, reason, competitor, version }: { dealId: number; kind: "win" | "loss"; reason: Choice; competitor: Choice; version: number }) {
  const initial = { reason: formValue(reason.current), competitor: formValue(competitor.current) };
  const [saved, setSaved] = useState(initial);
  const [current, setVersion] = useRecordVersion(version);
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<Partial<Record<CloseReasonsField, string>>>({});
  const [result, setResult] = useState<SaveOutcome | null>(null);
  const [pending, start] = useTransition();
  const id = `close-reasons-${dealId}`;
  const noun = kind === "loss" ? "Loss reason" : "Win reason";
  const unchanged = JSON.stringify(form) === JSON.stringify(saved);
  const set = (part: "reason" | "competitor", key: "label" | "note", value: string) => {
    setForm((f) => ({ ...f, [part]: { ...f[part], [key]: value } }));
    setResult(null);
  };
  const invalid = (field: CloseReasonsField) => (errors[field] ? { "aria-invalid": true, "aria-describedby": `${id}-${field}-error` } : {});
  const options = (labels: string[], current: string) => (labels.includes(current) || current === "" ? labels : [current, ...labels]);

  return (
    <form
      aria-label={`${noun} and competitor`}
      className="mt-1 grid gap-3 sm:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const outcome = await saveCloseReasons({
            opportunityId: dealId,
            reason: form.reason.label || null,
            reasonNote: form.reason.note,
            competitor: form.competitor.label || null,
            competitorNote: form.competitor.note,
            version: current,
          });
          if (outcome.ok) {
            const stored = { reason: { ...form.reason, note: form.reason.note.trim() }, competitor: { ...form.competitor, note: form.competitor.note.trim() } };
            setForm(stored);
            setSaved(stored);
            setVersion(outcome.data.version);
            setErrors({});
            setResult({ tone: "success", text: "Saved" });
          } else {
            setErrors((outcome.fieldErrors ?? {}) as Partial<Record<CloseReasonsField, string>>);
            setResult({ tone: "error", text: outcome.error, stale: outcome.fieldErrors?.version !== undefined });
          }
        });
      }}
    >
      <Field label={noun} htmlFor={`${id}-reason`} error={errors.reason}>
        <Select id={`${id}-reason`} value={form.reason.label} onChange={(e) => set("reason", "label", e.target.value)} {...invalid("reason")}>
          <option value="">{kind === "loss" ? "Pick the main reason…" : "None picked"}</option>
          {options(reason.labels, form.reason.label).map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={`${noun} in your words (optional)`} htmlFor={`${id}-reasonNote`} error={errors.reasonNote}>
        <Input
          id={`${id}-reasonNote`}
          value={form.reason.note}
          maxLength={REASON_NOTE_MAX_LENGTH}
          placeholder={kind === "loss" ? "e.g. chose a cheaper tool after the pilot" : "e.g. the pilot proved the forecast"}
          onChange={(e) => set("reason", "note", e.target.value)}
          {...invalid("reasonNote")}
        />
      </Field>
      <Field label="Competitor" htmlFor={`${id}-competitor`} error={errors.competitor}>
        <Select id={`${id}-competitor`} value={form.competitor.label} onChange={(e) => set("competitor", "label", e.target.value)} {...invalid("competitor")}>
          <option value="">None, or not in the list</option>
          {options(competitor.labels, form.competitor.label).map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Competitor in your words (optional)" htmlFor={`${id}-competitorNote`} error={errors.competitorNote}>
        <Input id={`${id}-competitorNote`} value={form.competitor.note} maxLength={REASON_NOTE_MAX_LENGTH} onChange={(e) => set("competitor", "note", e.target.value)} {...invalid("competitorNote")} />
      </Field>
      <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
        <Button type="submit" variant="secondary" disabled={pending || unchanged}>
          {pending ? "Saving…" : "Save reasons"}
        </Button>
        <span role="status" aria-live="polite" className="text-xs text-emerald-700">
          {result?.tone === "success" ? result.text : ""}
        </span>
      </div>
      {result?.tone === "error" ? <SaveResult result={result} className="sm:col-span-2" /> : null}
    </form>
  );
}
