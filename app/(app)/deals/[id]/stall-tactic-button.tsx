"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { StallPattern } from "@/lib/win-loss/stalls";
import { markStallTactic } from "./actions";

/** Marks a stall's tactic done; says so beside the button, or why it was refused. */
export function StallTacticButton({ dealId, pattern, label }: { dealId: number; pattern: StallPattern; label: string }) {
  const [outcome, setOutcome] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="mt-2 flex flex-wrap items-center gap-3">
      <Button
        type="button"
        variant="secondary"
        disabled={pending || outcome?.tone === "ok"}
        aria-label={`Mark the tactic for ${label} done`}
        onClick={() =>
          start(async () => {
            const result = await markStallTactic({ opportunityId: dealId, pattern });
            setOutcome(result.ok ? { tone: "ok", text: "Marked done" } : { tone: "error", text: result.error });
          })
        }
      >
        {pending ? "Saving…" : "Mark tactic done"}
      </Button>
      <span role={outcome?.tone === "error" ? "alert" : "status"} className={`text-xs ${outcome?.tone === "error" ? "text-red-700" : "text-emerald-700"}`}>
        {outcome?.text ?? ""}
      </span>
    </div>
  );
}
