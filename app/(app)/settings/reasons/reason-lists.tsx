"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatAmount, formatCount } from "@/lib/format";
import { reasonKindInfo, type ReasonEntry, type ReasonKind } from "@/lib/win-loss/reasons";
import { addReasonValueAction, saveReasonListAction } from "./actions";

/** Phrases as they are typed: comma-separated. */
const toText = (phrases: string[]) => phrases.join(", ");
const toPhrases = (text: string) =>
  text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);

type Draft = { label: string; text: string };
type Result = { tone: "error" | "success"; text: string } | null;

/** One list's labels and phrases, edited in place, first label first; saving re-maps every deal. */
export function ReasonListEditor({ kind, saved, counts }: { kind: ReasonKind; saved: ReasonEntry[]; counts: Record<string, number> }) {
  const router = useRouter();
  const [startedFrom, setStartedFrom] = useState(saved);
  const [drafts, setDrafts] = useState<Draft[]>(() => saved.map((e) => ({ label: e.label, text: toText(e.phrases) })));
  const [result, setResult] = useState<Result>(null);
  const [pending, startTransition] = useTransition();
  const entries: ReasonEntry[] = drafts.map((d) => ({ label: d.label.trim(), phrases: toPhrases(d.text) }));
  const changed = JSON.stringify(entries) !== JSON.stringify(startedFrom);
  // A value added from the review list changes the saved list: shown here unless edits are under way
  // (then saving them is refused as someone else's change, and a reload shows both).
  const [seen, setSeen] = useState(saved);
  if (JSON.stringify(saved) !== JSON.stringify(seen)) {
    setSeen(saved);
    if (!changed) {
      setStartedFrom(saved);
      setDrafts(saved.map((e) => ({ label: e.label, text: toText(e.phrases) })));
    }
  }
  const { singular } = reasonKindInfo[kind];

  const update = (index: number, change: Partial<Draft>) => setDrafts((all) => all.map((d, k) => (k === index ? { ...d, ...change } : d)));
  const move = (index: number, by: -1 | 1) =>
    setDrafts((all) => {
      const next = [...all];
      const [entry] = next.splice(index, 1);
      next.splice(index + by, 0, entry!);
      return next;
    });
  const save = () =>
    startTransition(async () => {
      const out = await saveReasonListAction({ kind, entries, startedFrom });
      if (out.ok) {
        setStartedFrom(entries);
        setResult({ tone: "success", text: out.message ?? "Saved." });
        router.refresh();
      } else setResult({ tone: "error", text: out.error });
    });

  return (
    <Card title="Labels" description="A value written as a label takes it; otherwise the first label with one of its phrases. Separate phrases with commas.">
      <ol className="space-y-3" data-testid={`${kind}-labels`}>
        {drafts.map((draft, index) => (
          <li key={index} className="rounded-md border border-slate-200 p-3">
            <div className="flex flex-wrap items-center gap-2">
              <span className="w-6 text-sm font-medium text-slate-500 tabular-nums">{index + 1}.</span>
              <label className="sr-only" htmlFor={`${kind}-${index}-label`}>
                Label of {singular} {index + 1}
              </label>
              <input
                id={`${kind}-${index}-label`}
                value={draft.label}
                maxLength={80}
                onChange={(e) => update(index, { label: e.target.value })}
                className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm font-medium"
              />
              <span className="text-xs text-slate-500 tabular-nums">{formatCount(counts[startedFrom[index]?.label ?? ""] ?? 0)} deals</span>
              <span className="flex gap-1">
                <Button variant="ghost" className="min-h-8 px-2 py-1" disabled={index === 0} onClick={() => move(index, -1)} aria-label={`Move ${singular} ${index + 1} up`}>
                  ↑
                </Button>
                <Button variant="ghost" className="min-h-8 px-2 py-1" disabled={index === drafts.length - 1} onClick={() => move(index, 1)} aria-label={`Move ${singular} ${index + 1} down`}>
                  ↓
                </Button>
                <Button variant="ghost" className="min-h-8 px-2 py-1 text-red-700" onClick={() => setDrafts((all) => all.filter((_, k) => k !== index))} aria-label={`Remove ${singular} ${index + 1}`}>
                  Remove
                </Button>
              </span>
            </div>
            <label className="sr-only" htmlFor={`${kind}-${index}-phrases`}>
              Phrases of {singular} {index + 1}
            </label>
            <textarea
              id={`${kind}-${index}-phrases`}
              rows={2}
              value={draft.text}
              onChange={(e) => update(index, { text: e.target.value })}
              className="mt-2 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-100 focus:outline-none"
            />
          </li>
        ))}
      </ol>
      {result ? (
        <div className="mt-4">
          <Alert tone={result.tone}>{result.text}</Alert>
        </div>
      ) : null}
      <div className="mt-4 flex flex-wrap items-center gap-2">
        <Button onClick={save} disabled={pending || !changed}>
          {pending ? "Saving…" : "Save and re-map deals"}
        </Button>
        <Button variant="secondary" onClick={() => setDrafts((all) => [...all, { label: "", text: "" }])}>
          Add a label
        </Button>
        <Button
          variant="ghost"
          disabled={!changed}
          onClick={() => {
            setDrafts(startedFrom.map((e) => ({ label: e.label, text: toText(e.phrases) })));
            setResult(null);
          }}
        >
          Undo changes
        </Button>
      </div>
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
  const [result, setResult] = useState<Result>(null);
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
      {result ? (
        <div className="mb-3">
          <Alert tone={result.tone}>{result.text}</Alert>
        </div>
      ) : null}
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
