"use client";

import { useState } from "react";
import type { AnswerRule } from "@/lib/attribution/answer-rules";
import { AnswerForm } from "./answer-form";
import { BulkEntry } from "./bulk-entry";

const tabs = [
  { key: "one", label: "One answer" },
  { key: "many", label: "Paste or upload" },
] as const;

/** Entering answers: one at a time, or many pasted or uploaded. */
export function AnswerEntry({ rules }: { rules: AnswerRule[] }) {
  const [tab, setTab] = useState<(typeof tabs)[number]["key"]>("one");
  return (
    <section aria-labelledby="entry-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="entry-heading" className="text-base font-semibold text-slate-900">
          Add answers
        </h2>
        <div role="tablist" aria-label="How to add" className="flex gap-1 rounded-lg bg-slate-100 p-1">
          {tabs.map((t) => (
            <button
              key={t.key}
              type="button"
              role="tab"
              id={`entry-tab-${t.key}`}
              aria-selected={tab === t.key}
              aria-controls={`entry-panel-${t.key}`}
              onClick={() => setTab(t.key)}
              onKeyDown={(e) => {
                if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
                  const next = tab === "one" ? "many" : "one";
                  setTab(next);
                  document.getElementById(`entry-tab-${next}`)?.focus();
                }
              }}
              tabIndex={tab === t.key ? 0 : -1}
              className={`rounded-md px-3 py-1.5 text-sm font-medium ${tab === t.key ? "bg-white text-brand-700 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
            >
              {t.label}
            </button>
          ))}
        </div>
      </div>
      {tabs.map((t) => (
        <div key={t.key} role="tabpanel" id={`entry-panel-${t.key}`} aria-labelledby={`entry-tab-${t.key}`} hidden={tab !== t.key} className="mt-4">
          {t.key === "one" ? <AnswerForm rules={rules} /> : <BulkEntry />}
        </div>
      ))}
    </section>
  );
}
