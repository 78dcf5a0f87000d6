"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PhraseRulesList, usePhraseRules } from "@/components/ui/phrase-rules-list";
import { SaveResult, type SaveOutcome } from "@/components/ui/save-result";
import { formatAmount, formatCount } from "@/lib/format";
import { reasonKindInfo, type ReasonEntry, type ReasonKind } from "@/lib/win-loss/reasons";
import { addReasonValueAction, saveReasonListAction } from "./actions";

/** One list's labels and phrases, edited in place, first label first; saving re-maps every deal. */
export function ReasonListEditor({ kind, saved, counts }: { kind: ReasonKind; saved: ReasonEntry[]; counts: Record<string, number> }) {
  const router = useRouter();
  const list = usePhraseRules("label", saved);
  const { rules: entries, changed } = list;
  const [result, setResult] = useState<SaveOutcome | null>(null);
  const [pending, startTransition] = useTransition();
  // A value added from the review list changes the saved list: shown here unless edits are under way
  // (then saving them is refused as someone else's change, and a reload shows both).
  const [seen, setSeen] = useState(saved);
  if (JSON.stringify(saved) !== JSON.stringify(seen)) {
    setSeen(saved);
    if (!changed) list.restart(saved);
  }
  const { singular } = reasonKindInfo[kind];

  const save = () =>
    startTransition(async () => {
      const out = await saveReasonListAction({ kind, entries, startedFrom: list.base });
      if (out.ok) {
        list.savedAs(entries);
        setResult({ tone: "success", text: out.message ?? "Saved." });
        router.refresh();
      } else setResult({ tone: "error", text: out.error });
    });

  return (
    <Card title="Labels" description="A value written as a label takes it; otherwise the first label with one of its phrases. Separate phrases with commas.">
      <PhraseRulesList
        list={list}
        testId={`${kind}-labels`}
        idPrefix={kind}
        name={(_, index) => `${singular} ${index + 1}`}
        head={(draft, index, id) => (
          <>
            <label className="sr-only" htmlFor={`${id}-label`}>
              Label of {singular} {index + 1}
            </label>
            <input
              id={`${id}-label`}
              value={draft.label}
              maxLength={80}
              onChange={(e) => list.update(index, { label: e.target.value })}
              className="min-w-[10rem] flex-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm font-medium"
            />
            <span className="text-xs text-slate-500 tabular-nums">{formatCount(counts[list.base[index]?.label ?? ""] ?? 0)} deals</span>
          </>
        )}
        status={<SaveResult result={result} className="mt-4" />}
        primaryAction={
          <Button onClick={save} disabled={pending || !changed}>
            {pending ? "Saving…" : "Save and re-map deals"}
          </Button>
        }
        addLabel="Add a label"
        onUndo={() => setResult(null)}
      />
    </Card>
  );
}

/** The values no label maps yet, most frequent first, each with its deals and money and a one-click mapping. */
export function ReviewList({
  kind,
  values,
  total,
  labels,
  currency,
  editable,
}: {
  kind: ReasonKind;
  values: { raw: string; deals: number; amount: string }[];
  total: number;
  labels: string[];
  currency: string;
  editable: boolean;
}) {
  const router = useRouter();
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [result, setResult] = useState<SaveOutcome | null>(null);
  const [pending, startTransition] = useTransition();
  const add = (raw: string, label: string, create: boolean) =>
    startTransition(async () => {
      const out = await addReasonValueAction({ kind, raw, label, create });
      setResult(out.ok ? { tone: "success", text: out.message ?? "Added." } : { tone: "error", text: out.error });
      if (out.ok) router.refresh();
    });
  const { label: what, singular } = reasonKindInfo[kind];

  return (
    <Card
      className="lg:self-start"
      title="Waiting for review"
      description={
        total === 0
          ? `Every ${singular} of every deal maps to a label.`
          : `${formatCount(total)} value${total === 1 ? "" : "s"} no label maps yet${total > values.length ? ` (the ${formatCount(values.length)} most frequent shown)` : ""}. Their deals show “Unmapped: …” until one does.`
      }
    >
      <SaveResult result={result} className="mb-3" />
      {values.length ? (
        <ul className="divide-y divide-slate-100" data-testid={`${kind}-review`} aria-label={`${what} waiting for review`}>
          {values.map((v) => {
            const target = chosen[v.raw] ?? labels[0] ?? "";
            return (
              <li key={v.raw} className="space-y-2 py-2">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <span className="font-medium break-words text-slate-900">{v.raw}</span>
                  <span className="text-xs text-slate-500 tabular-nums">
                    {formatCount(v.deals)} deal{v.deals === 1 ? "" : "s"} · {formatAmount(v.amount, { currency })}
                  </span>
                </div>
                {editable ? (
                  <div className="flex flex-wrap items-center gap-2">
                    <label className="sr-only" htmlFor={`${kind}-review-${v.raw}`}>
                      Label for “{v.raw}”
                    </label>
                    <select
                      id={`${kind}-review-${v.raw}`}
                      value={target}
                      onChange={(e) => setChosen((c) => ({ ...c, [v.raw]: e.target.value }))}
                      className="max-w-56 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
                    >
                      {labels.map((l) => (
                        <option key={l} value={l}>
                          {l}
                        </option>
                      ))}
                    </select>
                    <Button variant="secondary" className="min-h-8 px-2 py-1" disabled={pending || !target || v.raw.length > 80} onClick={() => add(v.raw, target, false)}>
                      Add as phrase to {target || "…"}
                    </Button>
                    <Button variant="ghost" className="min-h-8 px-2 py-1" disabled={pending || v.raw.length > 80} onClick={() => add(v.raw, v.raw, true)}>
                      New label
                    </Button>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </Card>
  );
}
