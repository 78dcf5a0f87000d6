"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/action-result";

/** A button that records one thing once (a tactic done, a story sent); says so beside it, or why it was refused. */
export function OnceButton({ label, ariaLabel, doneText, run }: { label: string; ariaLabel: string; doneText: string; run: () => Promise<ActionResult<unknown>> }) {
  const [outcome, setOutcome] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="mt-2 flex flex-wrap items-center gap-3">
      <Button
        type="button"
        variant="secondary"
        disabled={pending || outcome?.tone === "ok"}
        aria-label={ariaLabel}
        onClick={() =>
          start(async () => {
            const result = await run();
            setOutcome(result.ok ? { tone: "ok", text: doneText } : { tone: "error", text: result.error });
          })
        }
      >
        {pending ? "Saving…" : label}
      </Button>
      <span role={outcome?.tone === "error" ? "alert" : "status"} className={`text-xs ${outcome?.tone === "error" ? "text-red-700" : "text-emerald-700"}`}>
        {outcome?.text ?? ""}
      </span>
    </div>
  );
}
