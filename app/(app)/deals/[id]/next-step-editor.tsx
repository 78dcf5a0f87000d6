"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { SaveResult, type SaveOutcome } from "@/components/ui/save-result";
import { NEXT_STEP_MAX_LENGTH } from "@/lib/domain/next-step";
import { formatWhen } from "@/lib/format";
import { useRecordVersion } from "@/lib/hooks/use-record-version";
import { saveNextStep } from "./actions";

/** When a next step was set, or that there is none. */
export function NextStepSet({ at, timeZone }: { at: string | null; timeZone: string }) {
  return at ? <span className="block text-xs text-slate-600">Set {formatWhen(at, timeZone)}</span> : null;
}

/** The deal's next step as its owner (or an admin) writes it; a stale version is refused with a way to reload. */
export function NextStepEditor({ dealId, nextStep, setAt, version, timeZone }: { dealId: number; nextStep: string | null; setAt: string | null; version: number; timeZone: string }) {
  const [saved, setSaved] = useState({ nextStep: nextStep ?? "", setAt });
  const [current, setVersion] = useRecordVersion(version);
  const [text, setText] = useState(nextStep ?? "");
  const [result, setResult] = useState<SaveOutcome | null>(null);
  const [pending, start] = useTransition();
  const id = `next-step-${dealId}`;
  return (
    <form
      className="mt-1"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const outcome = await saveNextStep({ opportunityId: dealId, nextStep: text, version: current });
          if (outcome.ok) {
            const stored = text.trim();
            setText(stored);
            setSaved({ nextStep: stored, setAt: outcome.data.nextStepUpdatedAt });
            setVersion(outcome.data.version);
            setResult({ tone: "success", text: "Saved" });
          } else setResult({ tone: "error", text: outcome.error, stale: outcome.fieldErrors?.version !== undefined });
        });
      }}
    >
      <label htmlFor={id} className="sr-only">
        Next step
      </label>
      <textarea
        id={id}
        name="nextStep"
        rows={2}
        maxLength={NEXT_STEP_MAX_LENGTH}
        value={text}
        placeholder="What happens next, and when"
        onChange={(e) => {
          setText(e.target.value);
          setResult(null);
        }}
        className="block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm"
      />
      <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1">
        <Button type="submit" variant="secondary" disabled={pending || text.trim() === saved.nextStep}>
          {pending ? "Saving…" : "Save next step"}
        </Button>
        <NextStepSet at={saved.setAt} timeZone={timeZone} />
      </div>
      <div role="status" aria-live="polite">
        {result?.tone === "success" ? <p className="mt-1 text-xs text-emerald-700">{result.text}</p> : null}
      </div>
      {result?.tone === "error" ? <SaveResult result={result} className="mt-2" /> : null}
    </form>
  );
}
