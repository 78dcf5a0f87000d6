"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Select } from "@/components/ui/field";
import type { AnswerSubject } from "@/db/queries/answers";
import { ANSWER_MAX_LENGTH, answerProblem } from "@/lib/attribution/answer-entry";
import { mapAnswer, type AnswerRule } from "@/lib/attribution/answer-rules";
import { channelInfo, channels, type Channel } from "@/lib/domain/channels";
import { useDebounced } from "@/lib/hooks/use-debounced";
import { saveAnswerAction, type SaveOutcome } from "./actions";


async function findSubjects(q: string): Promise<AnswerSubject[]> {
  const response = await fetch(`/attribution/answers/subjects?q=${encodeURIComponent(q)}`);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? `Search failed (${response.status}).`);
  return body.subjects;
}

/** One answer: find the lead, type their words, keep or change the channel the rules suggest. */
export function AnswerForm({ rules }: { rules: AnswerRule[] }) {
  const router = useRouter();
  const ids = { search: useId(), answer: useId(), channel: useId(), results: useId() };
  const [query, setQuery] = useState("");
  const [subject, setSubject] = useState<AnswerSubject | null>(null);
  const [answer, setAnswer] = useState("");
  const [chosen, setChosen] = useState<Channel | null>(null);
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  const [pending, startTransition] = useTransition();
  const q = useDebounced(query.trim(), 250);
  const search = useQuery({ queryKey: ["answer-subjects", q], queryFn: () => findSubjects(q), enabled: q.length >= 2 && subject === null });

  const suggestion = mapAnswer(answer, rules);
  const channel = chosen ?? suggestion.channel;
  const problem = answer.length > 0 ? answerProblem(answer) : null;

  const submit = (duplicate?: "update" | "keep") => {
    if (!subject) return;
    startTransition(async () => {
      const result = await saveAnswerAction({ contactId: subject.contactId, answer, channel, duplicate });
      setOutcome(result);
      if (result.ok) {
        setSubject(null);
        setQuery("");
        setAnswer("");
        setChosen(null);
        router.refresh();
      }
    });
  };

  return (
    <form
      className="space-y-4"
      aria-label="Enter one answer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {subject === null ? (
        <Field label="Who answered?" htmlFor={ids.search} hint="Search leads and contacts by name, email or company.">
          <input
            id={ids.search}
            type="search"
            autoComplete="off"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            aria-controls={ids.results}
            placeholder="Name, email or company"
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-100 focus:outline-none"
          />
          <div id={ids.results} aria-live="polite">
            {search.isFetching ? <p className="mt-2 text-sm text-slate-500">Searching…</p> : null}
            {search.isError ? <p className="mt-2 text-sm text-red-700">{search.error.message}</p> : null}
            {search.data && !search.isFetching ? (
              search.data.length === 0 ? (
                <p className="mt-2 text-sm text-slate-600">No lead or contact matches “{q}”.</p>
              ) : (
                <ul className="mt-2 divide-y divide-slate-100 rounded-md border border-slate-200" aria-label="Matching leads and contacts">
                  {search.data.map((s) => (
                    <li key={s.contactId}>
                      <button
                        type="button"
                        onClick={() => {
                          setSubject(s);
                          setOutcome(null);
                        }}
                        className="flex w-full flex-wrap items-baseline justify-between gap-x-3 px-3 py-2 text-left text-sm hover:bg-slate-50 focus:bg-brand-50 focus:outline-none"
                      >
                        <span>
                          <span className="font-medium text-slate-900">{s.name}</span>
                          <span className="text-slate-600"> · {[s.email, s.company].filter(Boolean).join(" · ")}</span>
                        </span>
                        <span className="text-xs text-slate-500">
                          {s.leadId === null ? "contact, no lead" : s.isDemoRequest ? "demo request" : "lead"}
                          {s.answers.length > 0 ? ` · answered ${s.answers.length}×` : ""}
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              )
            ) : null}
          </div>
        </Field>
      ) : (
        <div className="flex flex-wrap items-start justify-between gap-3 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm" data-testid="answer-subject">
          <div>
            <p className="font-medium text-slate-900">{subject.name}</p>
            <p className="text-slate-600">{[subject.email, subject.title, subject.company].filter(Boolean).join(" · ")}</p>
            {subject.answers.length > 0 ? (
              <p className="mt-1 text-xs text-amber-800">
                Answered before: “{subject.answers[0]!.answer}” ({channelInfo[subject.answers[0]!.channel].label})
              </p>
            ) : null}
          </div>
          <Button variant="ghost" onClick={() => setSubject(null)}>
            Change
          </Button>
        </div>
      )}

      <Field label="Their answer, word for word" htmlFor={ids.answer} error={problem ?? undefined} hint={`${answer.length.toLocaleString("en-US")} / ${ANSWER_MAX_LENGTH.toLocaleString("en-US")} characters`}>
        <textarea
          id={ids.answer}
          rows={2}
          value={answer}
          onChange={(e) => setAnswer(e.target.value)}
          aria-invalid={problem ? true : undefined}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-100 focus:outline-none aria-[invalid=true]:border-red-500"
          placeholder="e.g. Heard your CEO on GTM Weekly"
        />
      </Field>

      <Field
        label="Channel"
        htmlFor={ids.channel}
        hint={
          chosen !== null && chosen !== suggestion.channel
            ? `Set by hand; the rules say ${channelInfo[suggestion.channel].label}. Rule changes will leave it.`
            : suggestion.phrase
              ? `Suggested by the rules: “${suggestion.phrase}” → ${channelInfo[suggestion.channel].label}.`
              : "No rule matches: Other, unless you choose a channel."
        }
      >
        <Select id={ids.channel} value={channel} onChange={(e) => setChosen(e.target.value as Channel)} className="sm:max-w-xs">
          {channels.map((c) => (
            <option key={c} value={c}>
              {channelInfo[c].label}
              {c === suggestion.channel ? " (suggested)" : ""}
            </option>
          ))}
        </Select>
      </Field>

      {outcome && !outcome.ok && outcome.undecided ? (
        <Alert tone="warning" title={outcome.error}>
          <p>Earlier: “{outcome.undecided[0]!.existing.answer}” ({channelInfo[outcome.undecided[0]!.existing.channel].label}).</p>
          <div className="mt-2 flex flex-wrap gap-2">
            <Button variant="secondary" disabled={pending} onClick={() => submit("update")}>
              Update that answer
            </Button>
            <Button variant="secondary" disabled={pending} onClick={() => submit("keep")}>
              Keep both
            </Button>
          </div>
        </Alert>
      ) : outcome && !outcome.ok ? (
        <Alert tone="error">{outcome.error}</Alert>
      ) : outcome?.ok ? (
        <Alert tone="success">{outcome.message}</Alert>
      ) : null}

      <Button type="submit" disabled={pending || subject === null || answer.trim() === "" || problem !== null}>
        {pending ? "Saving…" : "Save answer"}
      </Button>
    </form>
  );
}
