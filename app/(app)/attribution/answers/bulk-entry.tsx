"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { channelInfo, channels, type Channel } from "@/lib/domain/channels";
import { formatCount } from "@/lib/format";
import { previewAnswersAction, saveAnswersBulkAction, type PreviewRow, type SaveOutcome } from "./actions";

type Choice = { channel?: Channel; duplicate?: "update" | "keep" };

/**
 * Many answers at once: rows of (lead email, answer) pasted from a spreadsheet or read from a CSV
 * file, previewed row by row before anything is saved. Saving is all or nothing unless the marketer
 * chooses to skip the rows with problems.
 */
export function BulkEntry() {
  const router = useRouter();
  const ids = { text: useId(), file: useId(), skip: useId() };
  const [text, setText] = useState("");
  const [previewed, setPreviewed] = useState<{ text: string; rows: PreviewRow[] } | null>(null);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  const [pending, startTransition] = useTransition();
  const [action, setAction] = useState<"preview" | "save" | null>(null);

  const preview = (source: string) => {
    setError(null);
    setOutcome(null);
    setAction("preview");
    startTransition(async () => {
      const result = await previewAnswersAction(source);
      if (result.ok) {
        setPreviewed({ text: source, rows: result.data.rows });
        setChoices({});
      } else {
        setPreviewed(null);
        setError(result.error);
      }
    });
  };

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > 3_000_000) {
      setError(`${file.name} is ${(file.size / 1_000_000).toFixed(1)} MB: split it into files under 3 MB.`);
      return;
    }
    const content = await file.text();
    setText(content);
    preview(content);
  };

  const rows = previewed?.rows ?? [];
  const stale = previewed !== null && previewed.text !== text;
  const problems = rows.filter((r) => r.error !== null);
  const duplicates = rows.filter((r) => r.error === null && r.existing !== null);
  const undecided = duplicates.filter((r) => choices[r.line]?.duplicate === undefined);
  const ready = rows.length - problems.length;
  const choose = (line: number, change: Choice) => setChoices((all) => ({ ...all, [line]: { ...all[line], ...change } }));
  const chooseForAll = (duplicate: "update" | "keep") => setChoices((all) => ({ ...all, ...Object.fromEntries(duplicates.map((r) => [r.line, { ...all[r.line], duplicate }])) }));

  const save = () => {
    if (!previewed) return;
    setAction("save");
    startTransition(async () => {
      const result = await saveAnswersBulkAction({ text: previewed.text, choices, skipInvalid });
      setOutcome(result);
      if (result.ok) {
        setText("");
        setPreviewed(null);
        setChoices({});
        router.refresh();
      }
    });
  };

  return (
    <div className="space-y-4">
      <div className="space-y-1.5">
        <label htmlFor={ids.text} className="block text-sm font-medium text-slate-700">
          Rows to add: lead email, then the answer
        </label>
        <textarea
          id={ids.text}
          rows={6}
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
          placeholder={"ana@initech.io\tHeard on GTM Weekly\nbo@globex.com\tmy old colleague recommended you"}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-100 focus:outline-none"
        />
        <p className="text-xs text-slate-500">Paste from a spreadsheet (two columns) or CSV; a header row is optional. At most 5,000 rows.</p>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="secondary" disabled={pending || text.trim() === ""} onClick={() => preview(text)}>
          {pending && action === "preview" ? "Reading…" : "Preview"}
        </Button>
        <label htmlFor={ids.file} className="cursor-pointer text-sm font-medium text-brand-700 hover:underline">
          …or upload a CSV file
          <input id={ids.file} type="file" accept=".csv,.tsv,.txt,text/csv,text/plain" className="sr-only" onChange={(e) => void readFile(e.target.files?.[0])} />
        </label>
      </div>

      {error ? <Alert tone="error">{error}</Alert> : null}

      {previewed ? (
        <div className="space-y-3" data-testid="bulk-preview">
          <p className="text-sm text-slate-700" role="status">
            {formatCount(rows.length)} rows: <strong>{formatCount(ready)} ready</strong>
            {problems.length > 0 ? <>, <span className="text-red-700">{formatCount(problems.length)} with a problem</span></> : null}
            {duplicates.length > 0 ? <>, {formatCount(duplicates.length)} for leads that answered before</> : null}.
            {stale ? <span className="text-amber-800"> The text changed since this preview: preview again before saving.</span> : null}
          </p>
          {duplicates.length > 1 ? (
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <span className="text-slate-700">For every lead that answered before:</span>
              <Button variant="secondary" onClick={() => chooseForAll("update")}>
                Update all
              </Button>
              <Button variant="secondary" onClick={() => chooseForAll("keep")}>
                Keep both for all
              </Button>
            </div>
          ) : null}
          <div className="relative max-h-[28rem] overflow-auto rounded-md border border-slate-200">
            <table className="w-full min-w-[44rem] text-sm">
              <thead className="sticky top-0 bg-slate-50">
                <tr className="text-xs text-slate-500">
                  <th scope="col" className="px-2 py-2 text-right font-medium">Line</th>
                  <th scope="col" className="px-2 py-2 text-left font-medium">Lead</th>
                  <th scope="col" className="px-2 py-2 text-left font-medium">Answer</th>
                  <th scope="col" className="px-2 py-2 text-left font-medium">Channel</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.line} className={`border-t border-slate-100 align-top ${row.error ? "bg-red-50/60" : ""}`}>
                    <td className="px-2 py-2 text-right text-slate-500 tabular-nums">{row.line}</td>
                    <td className="px-2 py-2">
                      {row.subject ? (
                        <>
                          <span className="font-medium text-slate-900">{row.subject.name}</span>
                          <span className="block text-xs text-slate-500">{[row.email, row.subject.company].filter(Boolean).join(" · ")}</span>
                        </>
                      ) : (
                        <span className="text-slate-700">{row.email || "—"}</span>
                      )}
                    </td>
                    <td className="px-2 py-2">
                      <span className="break-words text-slate-800">{row.answer.length > 160 ? `${row.answer.slice(0, 160)}…` : row.answer || "—"}</span>
                      {row.error ? <span className="block text-xs font-medium text-red-700">{row.error}</span> : null}
                      {row.error === null && row.existing ? (
                        <fieldset className="mt-1 text-xs text-amber-900">
                          <legend>
                            Answered before: “{row.existing.answer}” ({channelInfo[row.existing.channel].label})
                          </legend>
                          <label className="mr-3 inline-flex items-center gap-1">
                            <input type="radio" name={`dup-${row.line}`} checked={choices[row.line]?.duplicate === "update"} onChange={() => choose(row.line, { duplicate: "update" })} />
                            Update it
                          </label>
                          <label className="inline-flex items-center gap-1">
                            <input type="radio" name={`dup-${row.line}`} checked={choices[row.line]?.duplicate === "keep"} onChange={() => choose(row.line, { duplicate: "keep" })} />
                            Keep both
                          </label>
                        </fieldset>
                      ) : null}
                    </td>
                    <td className="px-2 py-2">
                      {row.error === null ? (
                        <>
                          <select
                            aria-label={`Channel for line ${row.line}`}
                            value={choices[row.line]?.channel ?? row.suggested}
                            onChange={(e) => choose(row.line, { channel: e.target.value as Channel })}
                            className={`rounded-md border px-2 py-1 text-sm ${(choices[row.line]?.channel ?? row.suggested) === "other" ? "border-amber-300 bg-amber-50" : "border-slate-300 bg-white"}`}
                          >
                            {channels.map((c) => (
                              <option key={c} value={c}>
                                {channelInfo[c].label}
                              </option>
                            ))}
                          </select>
                          <span className="mt-0.5 block text-xs text-slate-500">
                            {choices[row.line]?.channel && choices[row.line]?.channel !== row.suggested ? "set by hand" : row.phrase ? `“${row.phrase}”` : "no rule matched"}
                          </span>
                        </>
                      ) : (
                        <Badge tone="danger">Not saved</Badge>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {problems.length > 0 ? (
            <label htmlFor={ids.skip} className="flex items-center gap-2 text-sm text-slate-700">
              <input id={ids.skip} type="checkbox" className="size-4 rounded border-slate-300" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} />
              Skip the {formatCount(problems.length)} rows with a problem and save the rest
            </label>
          ) : null}
          <div className="flex flex-wrap items-center gap-3">
            <Button disabled={pending || stale || ready === 0 || (problems.length > 0 && !skipInvalid) || undecided.length > 0} onClick={save}>
              {pending && action === "save" ? `Saving ${formatCount(ready)} answers…` : `Save ${formatCount(ready)} answers`}
            </Button>
            {undecided.length > 0 ? <span className="text-sm text-amber-800">Choose update or keep both for {formatCount(undecided.length)} lead{undecided.length === 1 ? "" : "s"} first.</span> : null}
            {problems.length > 0 && !skipInvalid ? <span className="text-sm text-red-700">Fix the rows with a problem, or choose to skip them.</span> : null}
          </div>
        </div>
      ) : null}

      {outcome && !outcome.ok ? <Alert tone="error">{outcome.error}</Alert> : outcome?.ok ? <Alert tone="success">{outcome.message}</Alert> : null}
    </div>
  );
}
