"use client";

import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { fromCommaList, toCommaList } from "@/lib/text/comma-list";

/** One rule as it is being edited: its label (a channel, an industry, a reason) and its phrases as typed. */
export interface PhraseDraft {
  label: string;
  text: string;
}

/** A saved rule: a label under the field name `K`, and its phrases. */
type PhraseRule<K extends string> = Record<K, string> & { phrases: string[] };

/** What the list needs of the rules being edited (see usePhraseRules). */
export interface PhraseRulesDrafts {
  drafts: PhraseDraft[];
  /** Whether the drafts differ from the rules last saved. */
  changed: boolean;
  update: (index: number, change: Partial<PhraseDraft>) => void;
  move: (index: number, by: -1 | 1) => void;
  remove: (index: number) => void;
  add: () => void;
  /** Back to the rules last saved. */
  undo: () => void;
}

/**
 * An ordered list of rules, each a label under `key` ("channel", "industry", "label") and its
 * phrases, edited as drafts: `rules` reads them back (label trimmed, phrases split on commas), and
 * `changed` says whether they differ from `base`, the rules last saved. A new rule starts with the
 * label `blank`. The label is read back as the rule's own type: a control that offers only valid
 * labels keeps it right, and the server validates what is saved.
 */
export function usePhraseRules<K extends string, R extends PhraseRule<K>>(key: K, saved: R[], blank = "") {
  const toDrafts = (rules: readonly R[]): PhraseDraft[] => rules.map((rule) => ({ label: rule[key], text: toCommaList(rule.phrases) }));
  const [base, setBase] = useState(saved);
  const [drafts, setDrafts] = useState(() => toDrafts(saved));
  const rules = drafts.map((d) => ({ [key]: d.label.trim(), phrases: fromCommaList(d.text) }) as R);
  const changed = JSON.stringify(rules) !== JSON.stringify(base);

  const list: PhraseRulesDrafts = {
    drafts,
    changed,
    update: (index, change) => setDrafts((all) => all.map((d, k) => (k === index ? { ...d, ...change } : d))),
    move: (index, by) =>
      setDrafts((all) => {
        const next = [...all];
        const [rule] = next.splice(index, 1);
        next.splice(index + by, 0, rule!);
        return next;
      }),
    remove: (index) => setDrafts((all) => all.filter((_, k) => k !== index)),
    add: () => setDrafts((all) => [...all, { label: blank, text: "" }]),
    undo: () => setDrafts(toDrafts(base)),
  };
  return {
    ...list,
    rules,
    base,
    /** The drafts are saved as `rules`: changes are counted, and undone, from them now. */
    savedAs: (rules: R[]) => setBase(rules),
    /** Start again from `rules`, saved elsewhere: both the drafts and what they are compared with. */
    restart: (rules: R[]) => {
      setBase(rules);
      setDrafts(toDrafts(rules));
    },
  };
}

/**
 * The rules of usePhraseRules, first rule first: per rule its number, its label control (`head`,
 * with its own label and the id `${idPrefix}-${index}…`), move up and down, remove, its phrases as
 * comma-separated text (id `${idPrefix}-${index}-phrases`) and any `problems` the preview found;
 * then the buttons to add a rule and undo the changes, after `primaryAction` if any. `name` names a
 * rule in the buttons' and the phrases' accessible names ("Move rule 2 up", "Phrases of rule 2").
 */
export function PhraseRulesList({
  list,
  idPrefix,
  name,
  phrasesLabel = (draft, index) => `Phrases of ${name(draft, index)}`,
  head,
  problems,
  addLabel,
  onUndo,
  status,
  primaryAction,
  className = "",
  testId,
  ruleTestId,
}: {
  list: PhraseRulesDrafts;
  idPrefix: string;
  name: (draft: PhraseDraft, index: number) => string;
  phrasesLabel?: (draft: PhraseDraft, index: number) => string;
  head: (draft: PhraseDraft, index: number, id: string) => ReactNode;
  problems?: (index: number) => string[];
  addLabel: string;
  /** Besides going back to the saved rules, e.g. clearing a save's result. */
  onUndo?: () => void;
  /** Shown between the rules and the buttons, e.g. a save's result. */
  status?: ReactNode;
  primaryAction?: ReactNode;
  /** Of the list. */
  className?: string;
  testId?: string;
  ruleTestId?: string;
}) {
  const { drafts } = list;
  return (
    <>
      <ol className={`space-y-3 ${className}`} data-testid={testId}>
        {drafts.map((draft, index) => {
          const id = `${idPrefix}-${index}`;
          const found = problems?.(index) ?? [];
          const ruleName = name(draft, index);
          return (
            <li key={index} className={`rounded-md border p-3 ${found.length > 0 ? "border-amber-300 bg-amber-50/50" : "border-slate-200"}`} data-testid={ruleTestId}>
              <div className="flex flex-wrap items-center gap-2">
                <span className="w-6 text-sm font-medium text-slate-500 tabular-nums">{index + 1}.</span>
                {head(draft, index, id)}
                <span className="ml-auto flex gap-1">
                  <Button variant="ghost" className="min-h-8 px-2 py-1" disabled={index === 0} onClick={() => list.move(index, -1)} aria-label={`Move ${ruleName} up`}>
                    ↑
                  </Button>
                  <Button variant="ghost" className="min-h-8 px-2 py-1" disabled={index === drafts.length - 1} onClick={() => list.move(index, 1)} aria-label={`Move ${ruleName} down`}>
                    ↓
                  </Button>
                  <Button variant="ghost" className="min-h-8 px-2 py-1 text-red-700" onClick={() => list.remove(index)} aria-label={`Remove ${ruleName}`}>
                    Remove
                  </Button>
                </span>
              </div>
              <label className="sr-only" htmlFor={`${id}-phrases`}>
                {phrasesLabel(draft, index)}
              </label>
              <textarea
                id={`${id}-phrases`}
                rows={2}
                value={draft.text}
                onChange={(e) => list.update(index, { text: e.target.value })}
                className="mt-2 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-100 focus:outline-none"
              />
              {found.map((message) => (
                <p key={message} className="mt-1 text-xs font-medium text-amber-900">
                  {message}
                </p>
              ))}
            </li>
          );
        })}
      </ol>
      {status}
      <div className="mt-4 flex flex-wrap items-center gap-2">
        {primaryAction}
        <Button variant="secondary" onClick={list.add}>
          {addLabel}
        </Button>
        <Button
          variant="ghost"
          disabled={!list.changed}
          onClick={() => {
            list.undo();
            onUndo?.();
          }}
        >
          Undo changes
        </Button>
      </div>
    </>
  );
}
