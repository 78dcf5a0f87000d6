"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { abmTiers, tierInfo, type AbmTier } from "@/lib/domain/abm-tiers";
import { setTierAction } from "./actions";

/** Marketing and admins set the tier in force; a tier other than the suggestion needs a reason. */
export function TierForm({ accountId, tier, suggested }: { accountId: number; tier: AbmTier | null; suggested: AbmTier | null }) {
  const id = useId();
  const router = useRouter();
  const [choice, setChoice] = useState<AbmTier | "none">(tier ?? "none");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const differs = (choice === "none" ? null : choice) !== suggested;
  return (
    <form
      className="mt-3 space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        startTransition(async () => {
          const result = await setTierAction({ accountId, tier: choice, reason: reason.trim() || null });
          if (result.ok) {
            setReason("");
            router.refresh();
          } else setError(result.error);
        });
      }}
    >
      <div className="flex flex-wrap items-end gap-2">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-tier`} className="text-xs font-medium text-slate-600">
            Tier in force
          </label>
          <select id={`${id}-tier`} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm" value={choice} onChange={(e) => setChoice(e.target.value as AbmTier | "none")}>
            {abmTiers.map((t) => (
              <option key={t} value={t}>
                {tierInfo[t].label} ({tierInfo[t].motion}){t === suggested ? " · suggested" : ""}
              </option>
            ))}
            <option value="none">No tier{suggested === null ? " · suggested" : ""}</option>
          </select>
        </div>
        <div className="flex min-w-48 flex-1 flex-col gap-1">
          <label htmlFor={`${id}-reason`} className="text-xs font-medium text-slate-600">
            Reason {differs ? "(required: differs from the rules)" : "(optional)"}
          </label>
          <input id={`${id}-reason`} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} required={differs} />
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Set tier"}
        </Button>
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </form>
  );
}
