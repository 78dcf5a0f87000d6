"use client";

import { Alert } from "@/components/ui/alert";

/** What saving a form said; `stale` when it was refused because someone else saved since the page loaded. */
export interface SaveOutcome {
  tone: "error" | "success";
  text: string;
  stale?: boolean;
}

/** A save's outcome, if there is one, with a Reload button when the page is out of date. */
export function SaveResult({ result, className }: { result: SaveOutcome | null; className?: string }) {
  if (!result) return null;
  return (
    <div className={className}>
      <Alert tone={result.tone}>
        {result.text}
        {result.stale ? (
          <>
            {" "}
            <button type="button" className="font-medium underline" onClick={() => window.location.reload()}>
              Reload
            </button>
          </>
        ) : null}
      </Alert>
    </div>
  );
}
