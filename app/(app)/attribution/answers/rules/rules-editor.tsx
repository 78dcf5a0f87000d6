"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { AnswerRule } from "@/lib/attribution/answer-rules";
import { channelInfo, channels, type Channel } from "@/lib/domain/channels";
import { useDebounced } from "@/lib/hooks/use-debounced";
import { formatCount } from "@/lib/format";
import { previewRulesAction, saveRulesAction } from "../actions";

/** Phrases as the marketer types them: comma-separated. */
const toText = (phrases: string[]) => phrases.join(", ");
const toPhrases = (text: string) =>
  text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);

type Draft = { channel: Channel; text: string };


/**
 * The rules, edited in place: a channel and its phrases per rule, first rule first. Each change
 * shows, before saving, which answers would move and any rule that matches none or all of them.
 */
export function RulesEditor({ saved }: { saved: AnswerRule[] }) {
  const router = useRouter();
  const [startedFrom, setStartedFrom] = useState(saved);
  const [drafts, setDrafts] = useState<Draft[]>(() => saved.map((r) => ({ channel: r.channel, text: toText(r.phrases) })));
  const [result, setResult] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const rules: AnswerRule[] = drafts.map((d) => ({ channel: d.channel, phrases: toPhrases(d.text) }));
  const key = JSON.stringify(rules);
  const debounced = useDebounced(key, 400);
  const changed = key !== JSON.stringify(startedFrom);
  const preview = useQuery({
    queryKey: ["answer-rules-preview", debounced],
    queryFn: async () => {
      const out = await previewRulesAction(JSON.parse(debounced) as AnswerRule[]);
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

  const save = (acceptWarnings: boolean) =>
    startTransition(async () => {
      const out = await saveRulesAction({ rules, startedFrom, acceptWarnings });
      if (out.ok) {
        setStartedFrom(rules);
        setResult({ tone: "success", text: out.message ?? "Saved." });
        router.refresh();
      } else setResult({ tone: "error", text: out.error });
    });

  const data = preview.data;
  const problems = data?.problems ?? [];
  const problemOf = (index: number) => problems.filter((p) => p.rule === index).map((p) => p.message);

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] [&>*]:min-w-0">
      <section aria-labelledby="rules-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="rules-heading" className="text-base font-semibold text-slate-900">
          Rules, first match wins
        </h2>
        <p className="mt-1 text-sm text-slate-600">An answer takes the channel of the first rule with one of its phrases as whole words, in any case; with none, Other. Separate phrases with commas.</p>
        <ol className="mt-4 space-y-3">
          {drafts.map((draft, index) => (
            <li key={index} className={`rounded-md border p-3 ${problemOf(index).length > 0 ? "border-amber-300 bg-amber-50/50" : "border-slate-200"}`} data-testid="answer-rule">
              <div className="flex flex-wrap items-center gap-2">
                <span className="w-6 text-sm font-medium text-slate-500 tabular-nums">{index + 1}.</span>
                <label className="sr-only" htmlFor={`rule-${index}-channel`}>
                  Channel of rule {index + 1}
                </label>
                <select
                  id={`rule-${index}-channel`}
                  value={draft.channel}
                  onChange={(e) => update(index, { channel: e.target.value as Channel })}
                  className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
                >
                  {channels.map((c) => (
                    <option key={c} value={c}>
                      {channelInfo[c].label}
                    </option>
                  ))}
                </select>
                <span className="ml-auto flex gap-1">
                  <Button variant="ghost" className="min-h-8 px-2 py-1" disabled={index === 0} onClick={() => move(index, -1)} aria-label={`Move rule ${index + 1} up`}>
                    ↑
                  </Button>
                  <Button variant="ghost" className="min-h-8 px-2 py-1" disabled={index === drafts.length - 1} onClick={() => move(index, 1)} aria-label={`Move rule ${index + 1} down`}>
                    ↓
                  </Button>
                  <Button variant="ghost" className="min-h-8 px-2 py-1 text-red-700" onClick={() => setDrafts((all) => all.filter((_, k) => k !== index))} aria-label={`Remove rule ${index + 1}`}>
                    Remove
                  </Button>
                </span>
              </div>
              <label className="sr-only" htmlFor={`rule-${index}-phrases`}>
                Phrases of rule {index + 1}
              </label>
              <textarea
                id={`rule-${index}-phrases`}
                rows={2}
                value={draft.text}
                onChange={(e) => update(index, { text: e.target.value })}
                className="mt-2 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-100 focus:outline-none"
              />
              {problemOf(index).map((message) => (
                <p key={message} className="mt-1 text-xs font-medium text-amber-900">
                  {message}
                </p>
              ))}
            </li>
          ))}
        </ol>
        <div className="mt-4 flex flex-wrap items-center gap-2">
          <Button variant="secondary" onClick={() => setDrafts((all) => [...all, { channel: "podcast", text: "" }])}>
            Add a rule
          </Button>
          <Button
            variant="ghost"
            disabled={!changed}
            onClick={() => {
              setDrafts(startedFrom.map((r) => ({ channel: r.channel, text: toText(r.phrases) })));
              setResult(null);
            }}
          >
            Undo changes
          </Button>
        </div>
      </section>

      <aside aria-labelledby="preview-heading" className="space-y-4 lg:sticky lg:top-4 lg:self-start">
        <section className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm" aria-busy={preview.isFetching}>
          <h2 id="preview-heading" className="text-base font-semibold text-slate-900">
            What these rules would do
          </h2>
          {preview.isError ? <p className="mt-2 text-sm text-red-700">{preview.error.message}</p> : null}
          {data ? (
            <div className="mt-2 space-y-3 text-sm" data-testid="rules-preview">
              <p className="text-slate-700" aria-live="polite">
                {changed ? (
                  <>
                    <strong>{formatCount(data.moved)}</strong> of {formatCount(data.answers)} answers would move
                    {data.keptByHand > 0 ? <>; {formatCount(data.keptByHand)} set by hand would stay</> : null}.
                  </>
                ) : (
                  <>These are the saved rules. Change one to see which of the {formatCount(data.answers)} answers would move.</>
                )}{" "}
                {formatCount(data.unmapped)} would be left in Other.
                {preview.isFetching ? <span className="text-slate-500"> Updating…</span> : null}
              </p>
              {data.moves.length > 0 ? (
                <ul className="divide-y divide-slate-100">
                  {data.moves.slice(0, 12).map((m) => (
                    <li key={`${m.from}>${m.to}`} className="py-1.5">
                      <span className="flex justify-between gap-2">
                        <span>
                          {channelInfo[m.from].label} → <strong>{channelInfo[m.to].label}</strong>
                        </span>
                        <span className="tabular-nums">{formatCount(m.count)}</span>
                      </span>
                      <span className="block truncate text-xs text-slate-500">{m.examples.map((e) => `“${e}”`).join(", ")}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
              {problems.length > 0 ? (
                <Alert tone="warning" title={`${problems.length} warning${problems.length === 1 ? "" : "s"}`}>
                  <ul className="list-disc pl-4">
                    {problems.map((p) => (
                      <li key={p.message}>{p.message}</li>
                    ))}
                  </ul>
                </Alert>
              ) : null}
            </div>
          ) : !preview.isError ? (
            <p className="mt-2 text-sm text-slate-500">Working out the effect…</p>
          ) : null}
          {result ? <div className="mt-3"><Alert tone={result.tone}>{result.text}</Alert></div> : null}
          <div className="mt-4 flex flex-wrap gap-2">
            <Button disabled={pending || !changed || preview.isError} onClick={() => save(false)}>
              {pending ? "Saving…" : data && changed ? `Save and re-map ${formatCount(data.moved)}` : "Save"}
            </Button>
            {problems.length > 0 && changed ? (
              <Button variant="secondary" disabled={pending} onClick={() => save(true)}>
                Save with the warnings
              </Button>
            ) : null}
          </div>
        </section>
      </aside>
    </div>
  );
}
