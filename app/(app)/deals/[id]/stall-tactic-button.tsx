"use client";

import { OnceButton } from "@/components/ui/once-button";
import type { StallPattern } from "@/lib/win-loss/stalls";
import { markStallTactic } from "./actions";

/** Marks a stall's tactic done. */
export function StallTacticButton({ dealId, pattern, label }: { dealId: number; pattern: StallPattern; label: string }) {
  return <OnceButton label="Mark tactic done" ariaLabel={`Mark tactic done: ${label}`} doneText="Marked done" run={() => markStallTactic({ opportunityId: dealId, pattern })} />;
}
