"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { PhraseRulesList, usePhraseRules } from "@/components/ui/phrase-rules-list";
import { PreviewPanel, usePreview } from "@/components/ui/preview-panel";
import type { SaveOutcome } from "@/components/ui/save-result";
import type { AnswerRule } from "@/lib/attribution/answer-rules";
import { channelInfo, channels } from "@/lib/domain/channels";
import { formatCount } from "@/lib/format";
import { previewRulesAction, saveRulesAction } from "../actions";

/**
 * The rules, edited in place: a channel and its phrases per rule, first rule first. Each change
 * shows, before saving, which answers would move and any rule that matches none or all of them.
 */
export function RulesEditor({ saved }: { saved: AnswerRule[] }) {
  const router = useRouter();
  const list = usePhraseRules("channel", saved, "podcast");
  const { rules, changed } = list;
  const [result, setResult] = useState<SaveOutcome | null>(null);
  const [pending, startTransition] = useTransition();
  const preview = usePreview("answer-rules-preview", rules, previewRulesAction);

  const save = (acceptWarnings: boolean) =>
    startTransition(async () => {
      const out = await saveRulesAction({ rules, startedFrom: list.base, acceptWarnings });
      if (out.ok) {
        list.savedAs(rules);
        setResult({ tone: "success", text: out.message ?? "Saved." });
        router.refresh();
      } else setResult({ tone: "error", text: out.error });
    });

  const problems = preview.data?.problems ?? [];
  const problemOf = (index: number) => problems.filter((p) => p.rule === index).map((p) => p.message);

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] [&>*]:min-w-0">
      <section aria-labelledby="rules-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="rules-heading" className="text-base font-semibold text-slate-900">
          Rules, first match wins
        </h2>
        <p className="mt-1 text-sm text-slate-600">An answer takes the channel of the first rule with one of its phrases as whole words, in any case; with none, Other. Separate phrases with commas.</p>
        <PhraseRulesList
          list={list}
          className="mt-4"
          ruleTestId="answer-rule"
          idPrefix="rule"
          name={(_, index) => `rule ${index + 1}`}
          head={(draft, index, id) => (
            <>
              <label className="sr-only" htmlFor={`${id}-channel`}>
                Channel of rule {index + 1}
              </label>
              <select id={`${id}-channel`} value={draft.label} onChange={(e) => list.update(index, { label: e.target.value })} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
                {channels.map((c) => (
                  <option key={c} value={c}>
                    {channelInfo[c].label}
                  </option>
                ))}
              </select>
            </>
          )}
          problems={problemOf}
          addLabel="Add a rule"
          onUndo={() => setResult(null)}
        />
      </section>

      <PreviewPanel
        headingId="preview-heading"
        title="What these rules would do"
        preview={preview}
        result={result}
        actions={
          <>
            <Button disabled={pending || !changed || preview.isError} onClick={() => save(false)}>
              {pending ? "Saving…" : preview.data && changed ? `Save and re-map ${formatCount(preview.data.moved)}` : "Save"}
            </Button>
            {problems.length > 0 && changed ? (
              <Button variant="secondary" disabled={pending} onClick={() => save(true)}>
                Save with the warnings
              </Button>
            ) : null}
          </>
        }
      >
        {(data) => (
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
        )}
      </PreviewPanel>
    </div>
  );
}
