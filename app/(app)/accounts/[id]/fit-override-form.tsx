"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { setFitOverrideAction } from "./actions";

/** Marketing and admins set this account's fit by hand, with the reason; or hand it back to the model. */
export function FitOverrideForm({ accountId, version, override }: { accountId: number; version: number; override: number | null }) {
  const id = useId();
  const router = useRouter();
  const [fit, setFit] = useState(override === null ? "" : String(override));
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const submit = (value: number | null) =>
    startTransition(async () => {
      setMessage(null);
      const out = await setFitOverrideAction({ accountId, expectedVersion: version, fit: value, reason: value === null ? null : reason.trim() || null });
      setErrors(out.ok ? {} : (out.fieldErrors ?? {}));
      if (out.ok) {
        setMessage({ tone: "success", text: out.message ?? "Saved." });
        router.refresh();
      } else setMessage({ tone: "error", text: out.error });
    });
  return (
    <form
      aria-label="Set the fit by hand"
      className="space-y-2 border-t border-slate-100 pt-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit(fit.trim() === "" ? Number.NaN : Number(fit));
      }}
    >
      <div className="flex flex-wrap items-end gap-2">
        <div className="flex w-24 flex-col gap-1">
          <label htmlFor={`${id}-fit`} className="text-xs font-medium text-slate-600">
            Fit (0–100)
          </label>
          <input
            id={`${id}-fit`}
            type="number"
            min={0}
            max={100}
            inputMode="numeric"
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm aria-[invalid=true]:border-red-500"
            value={fit}
            aria-invalid={errors.fit ? true : undefined}
            onChange={(e) => setFit(e.target.value)}
          />
        </div>
        <div className="flex min-w-48 flex-1 flex-col gap-1">
          <label htmlFor={`${id}-reason`} className="text-xs font-medium text-slate-600">
            Reason (required)
          </label>
          <input
            id={`${id}-reason`}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm aria-[invalid=true]:border-red-500"
            value={reason}
            maxLength={500}
            aria-invalid={errors.reason ? true : undefined}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Set fit"}
        </Button>
        {override !== null ? (
          <Button variant="secondary" disabled={pending} onClick={() => submit(null)}>
            Use the model&apos;s fit
          </Button>
        ) : null}
      </div>
      {errors.fit ? <p className="text-sm text-red-700">{errors.fit}</p> : null}
      {errors.reason ? <p className="text-sm text-red-700">{errors.reason}</p> : null}
      {message && !(message.tone === "error" && (errors.fit || errors.reason)) ? <Alert tone={message.tone}>{message.text}</Alert> : null}
    </form>
  );
}
