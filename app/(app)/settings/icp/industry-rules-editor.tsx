"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { PhraseRulesList, usePhraseRules, type PhraseDraft } from "@/components/ui/phrase-rules-list";
import { PreviewPanel, usePreview } from "@/components/ui/preview-panel";
import type { SaveOutcome } from "@/components/ui/save-result";
import type { IndustryRule } from "@/lib/abm/industries";
import { formatCount } from "@/lib/format";
import { previewIndustryRulesAction, saveIndustryRulesAction } from "./actions";
import { BandTable } from "./model-form";

/**
 * The industry rules, edited in place, first match first: each industry and the spellings that mean
 * it. Before saving, the preview shows what every industry value kept on accounts would be filed
 * under, the values no rule matches (kept as written, to review), and the fit bands after.
 */
export function IndustryRulesEditor({ saved, loadedAt }: { saved: IndustryRule[]; loadedAt: number | null }) {
  const router = useRouter();
  const list = usePhraseRules("industry", saved);
  const { rules, changed } = list;
  const [rulesLoadedAt, setRulesLoadedAt] = useState(loadedAt);
  const [result, setResult] = useState<SaveOutcome | null>(null);
  const [pending, startTransition] = useTransition();
  const preview = usePreview("industry-rules-preview", rules, previewIndustryRulesAction);

  const save = () =>
    startTransition(async () => {
      setResult(null);
      const out = await saveIndustryRulesAction({ rules, loadedAt: rulesLoadedAt });
      if (out.ok) {
        list.savedAs(rules);
        setRulesLoadedAt(out.data.loadedAt);
        setResult({ tone: "success", text: out.message ?? "Saved." });
        router.refresh();
      } else setResult({ tone: "error", text: out.error, stale: out.fieldErrors?.form === "stale" });
    });

  const problemsOf = (index: number) => (preview.data?.problems ?? []).filter((p) => p.rule === index).map((p) => p.message);
  const unmapped = preview.data?.values.filter((v) => v.unmapped) ?? [];
  const moving = preview.data?.values.filter((v) => v.next !== v.now) ?? [];
  const label = (d: PhraseDraft, index: number) => d.label.trim() || `rule ${index + 1}`;

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
        <PhraseRulesList
          list={list}
          className="mt-4"
          ruleTestId="industry-rule"
          idPrefix="industry"
          name={label}
          phrasesLabel={(draft, index) => `Phrases for ${label(draft, index)}`}
          head={(draft, index, id) => (
            <>
              <label className="sr-only" htmlFor={id}>
                Industry of rule {index + 1}
              </label>
              <input
                id={id}
                value={draft.label}
                maxLength={80}
                onChange={(e) => list.update(index, { label: e.target.value })}
                className="min-w-40 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm font-medium"
              />
            </>
          )}
          problems={problemsOf}
          addLabel="Add a rule"
          onUndo={() => setResult(null)}
        />
      </section>

      <PreviewPanel
        headingId="industry-preview-heading"
        title="What these rules would do"
        preview={preview}
        result={result}
        actions={
          <Button disabled={pending || !changed || preview.isError} onClick={save}>
            {pending ? "Saving…" : "Save the industry rules"}
          </Button>
        }
      >
        {(data) => (
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
        )}
      </PreviewPanel>
    </div>
  );
}
