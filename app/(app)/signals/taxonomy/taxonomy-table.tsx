"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { fieldErrorsOf } from "@/lib/action-result";
import { tierLabels, type SignalTier } from "@/lib/domain/signal-types";
import { signalTiers, signalTypeEdit, type SignalTypeEdit } from "@/lib/signals/taxonomy";
import { saveSignalTypeAction } from "./actions";
import { ScrollRegion } from "@/components/ui/scroll-region";

export interface TaxonomyRow extends SignalTypeEdit {
  key: string;
  description: string;
  version: number;
  derived: boolean;
  /** "Mia, Nov 28, 2026, 10:04" or null while as seeded. */
  changed: string | null;
}

/** One tier's signal types; with `canEdit`, each row opens into a form in place. */
export function TaxonomyTable({ tier, rows, canEdit }: { tier: SignalTier; rows: TaxonomyRow[]; canEdit: boolean }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const th = "py-2 pr-3 text-left text-xs font-medium text-slate-500";
  return (
    <div>
      {notice ? (
        <div className="mb-3">
          <Alert tone="success">{notice}</Alert>
        </div>
      ) : null}
      <ScrollRegion label={`${tierLabels[tier]} signal types`}>
        <table className="w-full min-w-[46rem] table-fixed text-sm" data-testid={`taxonomy-${tier}`}>
          <caption className="sr-only">{tierLabels[tier]} signal types</caption>
          <thead>
            <tr className="border-b border-slate-200">
              <th scope="col" className={`${th} w-[32%]`}>Signal type</th>
              <th scope="col" className={`${th} w-[8%] text-right`}>Points</th>
              <th scope="col" className={`${th} w-[10%] text-right`}>Half-life</th>
              <th scope="col" className={th}>Response playbook</th>
              {canEdit ? <th scope="col" className={`${th} w-20`}><span className="sr-only">Edit</span></th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) =>
              editing === row.key ? (
                <tr key={row.key} className="border-b border-slate-100 bg-slate-50/70">
                  <td colSpan={canEdit ? 5 : 4} className="p-3">
                    <RowEditor
                      row={row}
                      onDone={(message) => {
                        setEditing(null);
                        setNotice(message);
                      }}
                    />
                  </td>
                </tr>
              ) : (
                <tr key={row.key} className="border-b border-slate-100 align-top last:border-0" data-type={row.key}>
                  <th scope="row" className="py-2.5 pr-3 text-left font-normal">
                    <span className="font-medium text-slate-900">{row.label}</span>
                    {row.derived ? (
                      <span className="ml-2">
                        <Badge tone="brand">derived from the stream</Badge>
                      </span>
                    ) : null}
                    <span className="block text-xs text-slate-500">{row.description}</span>
                    <span className="block font-mono text-[11px] text-slate-500">{row.key}</span>
                  </th>
                  <td className="py-2.5 pr-3 text-right font-medium tabular-nums" data-testid="points">{row.points}</td>
                  <td className="py-2.5 pr-3 text-right whitespace-nowrap tabular-nums">{row.halfLifeDays} {row.halfLifeDays === 1 ? "day" : "days"}</td>
                  <td className="py-2.5 pr-3 text-slate-700">
                    {row.responsePlaybook}
                    {row.changed ? <span className="mt-0.5 block text-xs text-slate-500">Changed by {row.changed}</span> : null}
                  </td>
                  {canEdit ? (
                    <td className="py-2 text-right">
                      <Button
                        variant="secondary"
                        className="min-h-8 px-2.5 py-1"
                        onClick={() => {
                          setNotice(null);
                          setEditing(row.key);
                        }}
                        aria-label={`Edit ${row.label}`}
                      >
                        Edit
                      </Button>
                    </td>
                  ) : null}
                </tr>
              ),
            )}
          </tbody>
        </table>
      </ScrollRegion>
    </div>
  );
}

function RowEditor({ row, onDone }: { row: TaxonomyRow; onDone: (message: string | null) => void }) {
  const router = useRouter();
  const [draft, setDraft] = useState({ label: row.label, tier: row.tier as string, points: String(row.points), halfLifeDays: String(row.halfLifeDays), responsePlaybook: row.responsePlaybook });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const id = (field: string) => `${row.key}-${field}`;
  const set = (field: keyof typeof draft) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => setDraft((d) => ({ ...d, [field]: e.target.value }));
  const toNumber = (text: string) => (text.trim() === "" ? NaN : Number(text));

  const save = () => {
    const parsed = signalTypeEdit.safeParse({ ...draft, points: toNumber(draft.points), halfLifeDays: toNumber(draft.halfLifeDays) });
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      setError("Please correct the highlighted fields.");
      return;
    }
    setErrors({});
    startTransition(async () => {
      const out = await saveSignalTypeAction({ key: row.key, version: row.version, change: parsed.data });
      if (out.ok) {
        onDone(`${parsed.data.label}: ${out.message ?? "saved."}`);
        router.refresh();
      } else {
        setErrors(out.fieldErrors ?? {});
        setError(out.error);
      }
    });
  };

  return (
    <form
      aria-label={`Edit ${row.label}`}
      noValidate
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field label="Label" htmlFor={id("label")} error={errors.label}>
          <Input id={id("label")} value={draft.label} onChange={set("label")} maxLength={80} aria-invalid={errors.label ? true : undefined} />
        </Field>
        <Field label="Tier" htmlFor={id("tier")} error={errors.tier}>
          <Select id={id("tier")} value={draft.tier} onChange={set("tier")}>
            {signalTiers.map((t) => (
              <option key={t} value={t}>
                {tierLabels[t]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Points (0–100)" htmlFor={id("points")} error={errors.points}>
          <Input id={id("points")} type="number" min={0} max={100} step={1} value={draft.points} onChange={set("points")} aria-invalid={errors.points ? true : undefined} />
        </Field>
        <Field label="Half-life (days, 1–365)" htmlFor={id("halfLifeDays")} error={errors.halfLifeDays}>
          <Input id={id("halfLifeDays")} type="number" min={1} max={365} step={1} value={draft.halfLifeDays} onChange={set("halfLifeDays")} aria-invalid={errors.halfLifeDays ? true : undefined} />
        </Field>
      </div>
      <Field label="Response playbook" htmlFor={id("responsePlaybook")} error={errors.responsePlaybook} hint={`${draft.responsePlaybook.trim().length} of 300 characters`}>
        <textarea
          id={id("responsePlaybook")}
          rows={2}
          value={draft.responsePlaybook}
          onChange={set("responsePlaybook")}
          aria-invalid={errors.responsePlaybook ? true : undefined}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-100 focus:outline-none aria-[invalid=true]:border-red-500"
        />
      </Field>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
        <Button variant="secondary" disabled={pending} onClick={() => onDone(null)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
