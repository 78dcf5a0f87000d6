"use client";

import { OnceButton } from "@/components/ui/once-button";
import { logProofSent } from "./actions";

/** Logs a matched story as sent to the deal. */
export function ProofSentButton({ dealId, storyId, title }: { dealId: number; storyId: number; title: string }) {
  return <OnceButton label="Sent to this deal" ariaLabel={`Log ${title} as sent to this deal`} doneText="Logged as sent" run={() => logProofSent({ opportunityId: dealId, caseStudyId: storyId })} />;
}
