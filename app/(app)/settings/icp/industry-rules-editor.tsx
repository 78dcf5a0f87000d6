"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { IndustryRule } from "@/lib/abm/industries";
import { useDebounced } from "@/lib/hooks/use-debounced";
import { formatCount } from "@/lib/format";
import { previewIndustryRulesAction, saveIndustryRulesAction } from "./actions";
import { BandTable } from "./model-form";

type Draft = { industry: string; text: string };

const toText = (phrases: string[]) => phrases.join(", ");
const toPhrases = (text: string) =>
  text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
const toDrafts = (rules: IndustryRule[]) => rules.map((r) => ({ industry: r.industry, text: toText(r.phrases) }));

/**
 * The industry rules, edited in place, first match first: each industry and the spellings that mean
 * it. Before saving, the preview shows what every industry value kept on accounts would be filed
 * under, the values no rule matches (kept as written, to review), and the fit bands after.
 */
export function IndustryRulesEditor({ saved, loadedAt }: { saved: IndustryRule[]; loadedAt: number | null }) {
  const router = useRouter();
  const [base, setBase] = useState({ rules: saved, loadedAt });
  const [drafts, setDrafts] = useState<Draft[]>(() => toDrafts(saved));
  const [result, setResult] = useState<{ tone: "error" | "success"; text: string; stale?: boolean } | null>(null);
  const [pending, startTransition] = useTransition();
  const rules: IndustryRule[] = drafts.map((d) => ({ industry: d.industry.trim(), phrases: toPhrases(d.text) }));
  const key = JSON.stringify(rules);
  const debounced = useDebounced(key, 400);
  const changed = key !== JSON.stringify(base.rules);
  const preview = useQuery({
    queryKey: ["industry-rules-preview", debounced],
    queryFn: async () => {
      const out = await previewIndustryRulesAction(JSON.parse(debounced) as IndustryRule[]);
      if (!out.ok) throw new Error(out.error);
      return out.data;
    },
    placeholderData: (previous) => previous,
    retry: false,
  });

  const update = (index: number, change: Partial<Draft>) => setDrafts((all) => all.map((d, k) => (k === index ? { ...d, ...change } : d)));
  const move = (index: number, by: -1 | 1) =>
    setDrafts((all) => {
      const next = [...all];
      const [rule] = next.splice(index, 1);
      next.splice(index + by, 0, rule!);
      return next;
    });
  const save = () =>
    startTransition(async () => {
      setResult(null);
      const out = await saveIndustryRulesAction({ rules, loadedAt: base.loadedAt });
      if (out.ok) {
        setBase({ rules, loadedAt: out.data.loadedAt });
        setResult({ tone: "success", text: out.message ?? "Saved." });
        router.refresh();
      } else setResult({ tone: "error", text: out.error, stale: out.fieldErrors?.form === "stale" });
    });

  const data = preview.data;
  const problemsOf = (index: number) => (data?.problems ?? []).filter((p) => p.rule === index).map((p) => p.message);
  const unmapped = data?.values.filter((v) => v.unmapped) ?? [];
  const moving = data?.values.filter((v) => v.next !== v.now) ?? [];
  const label = (d: Draft, index: number) => d.industry.trim() || `rule ${index + 1}`;

  return (
    <div id="industry-rules" className="grid scroll-mt-4 gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] [&>*]:min-w-0">
      <section aria-labelledby="industry-rules-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="industry-rules-heading" className="text-base font-semibold text-slate-900">
          Industry rules
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          An industry as imported takes the first rule whose industry or one of whose phrases it contains as whole words, in any case; failing that, the first it contains with a typo in a long
          word (one in 7–9 letters, two from 10). With none, it keeps its own text. Separate phrases with commas.
        </p>
        <ol className="mt-4 space-y-3">
          {drafts.map((draft, index) => (
            <li key={index} className={`rounded-md border p-3 ${problemsOf(index).length > 0 ? "border-amber-300 bg-amber-50/50" : "border-slate-200"}`} data-testid="industry-rule">
              <div className="flex flex-wrap items-center gap-2">
                <span className="w-6 text-sm font-medium text-slate-500 tabular-nums">{index + 1}.</span>
                <label className="sr-only" htmlFor={`industry-${index}`}>
                  Industry of rule {index + 1}
                </label>
                <input
                  id={`industry-${index}`}
                  value={draft.industry}
                  maxLength={80}
                  onChange={(e) => update(index, { industry: e.target.value })}
                  className="min-w-40 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm font-medium"
                />
                <span className="ml-auto flex gap-1">
                  <Button variant="ghost" className="min-h-8 px-2 py-1" disabled={index === 0} onClick={() => move(index, -1)} aria-label={`Move ${label(draft, index)} up`}>
                    ↑
                  </Button>
                  <Button variant="ghost" className="min-h-8 px-2 py-1" disabled={index === drafts.length - 1} onClick={() => move(index, 1)} aria-label={`Move ${label(draft, index)} down`}>
                    ↓
                  </Button>
                  <Button variant="ghost" className="min-h-8 px-2 py-1 text-red-700" onClick={() => setDrafts((all) => all.filter((_, k) => k !== index))} aria-label={`Remove ${label(draft, index)}`}>
                    Remove
                  </Button>
                </span>
              </div>
              <label className="sr-only" htmlFor={`industry-${index}-phrases`}>
                Phrases for {label(draft, index)}
              </label>
              <textarea
                id={`industry-${index}-phrases`}
                rows={2}
                value={draft.text}
                onChange={(e) => update(index, { text: e.target.value })}
                className="mt-2 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-100 focus:outline-none"
              />
              {problemsOf(index).map((message) => (
                <p key={message} className="mt-1 text-xs font-medium text-amber-900">
                  {message}
                </p>
              ))}
            </li>
          ))}
        </ol>
        <div className="mt-4 flex flex-wrap items-center gap-2">
          <Button variant="secondary" onClick={() => setDrafts((all) => [...all, { industry: "", text: "" }])}>
            Add a rule
          </Button>
          <Button
            variant="ghost"
            disabled={!changed}
            onClick={() => {
              setDrafts(toDrafts(base.rules));
              setResult(null);
            }}
          >
            Undo changes
          </Button>
        </div>
      </section>

      <aside aria-labelledby="industry-preview-heading" className="space-y-4 lg:sticky lg:top-4 lg:self-start">
        <section className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm" aria-busy={preview.isFetching}>
          <h2 id="industry-preview-heading" className="text-base font-semibold text-slate-900">
            What these rules would do
          </h2>
          {preview.isError ? <p className="mt-2 text-sm text-red-700">{preview.error.message}</p> : null}
          {data ? (
            <div className="mt-2 space-y-4 text-sm">
              <div data-testid="unmapped-industries">
                <h3 className="text-sm font-medium text-slate-800">Not matched by any rule ({formatCount(unmapped.length)})</h3>
                {unmapped.length === 0 ? (
                  <p className="mt-1 text-slate-600">Every industry on your accounts is matched by a rule.</p>
                ) : (
                  <>
                    <p className="mt-1 text-xs text-slate-500">Kept as written. Add a phrase to a rule to file them under one of your industries.</p>
                    <ul className="mt-1 divide-y divide-slate-100" aria-label="Industries no rule matches">
                      {unmapped.slice(0, 20).map((v) => (
                        <li key={v.raw} className="flex justify-between gap-2 py-1">
                          <span>“{v.raw}”</span>
                          <span className="text-slate-500 tabular-nums">
                            {formatCount(v.accounts)} account{v.accounts === 1 ? "" : "s"}
                          </span>
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </div>
              {changed ? (
                <div>
                  <h3 className="text-sm font-medium text-slate-800">Would move ({formatCount(moving.reduce((n, v) => n + v.accounts, 0))} accounts)</h3>
                  <ul className="mt-1 divide-y divide-slate-100" aria-label="Industries that would move" data-testid="moving-industries">
                    {moving.slice(0, 20).map((v) => (
                      <li key={v.raw} className="py-1">
                        “{v.raw}”: {v.now ?? "—"} → <strong>{v.next ?? "—"}</strong>
                        <span className="text-slate-500"> · {formatCount(v.accounts)}</span>
                      </li>
                    ))}
                  </ul>
                  <div className="mt-3">
                    <BandTable now={data.fit.now} next={data.fit.next} label="Accounts by fit band, now and with these rules" />
                  </div>
                </div>
              ) : (
                <p className="text-slate-600">These are the saved rules. Change one to see which industries would move.</p>
              )}
              {preview.isFetching ? <p className="text-slate-500">Updating…</p> : null}
            </div>
          ) : !preview.isError ? (
            <p className="mt-2 text-sm text-slate-500">Working out the effect…</p>
          ) : null}
          {result ? (
            <div className="mt-3">
              <Alert tone={result.tone}>
                {result.text}{" "}
                {result.stale ? (
                  <button type="button" className="font-medium underline" onClick={() => window.location.reload()}>
                    Reload
                  </button>
                ) : null}
              </Alert>
            </div>
          ) : null}
          <div className="mt-4">
            <Button disabled={pending || !changed || preview.isError} onClick={save}>
              {pending ? "Saving…" : "Save the industry rules"}
            </Button>
          </div>
        </section>
      </aside>
    </div>
  );
}
