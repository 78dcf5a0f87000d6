"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { channelInfo, channels, type Channel } from "@/lib/domain/channels";
import { setAnswerChannelAction } from "./actions";

/**
 * One answer's channel, changed in place: a choice is saved at once as set by hand, "By the rules"
 * hands it back. The version the page loaded goes with it, so a stale change is refused.
 */
export function ChannelPicker({ id, version, channel, overridden, label }: { id: number; version: number; channel: Channel; overridden: boolean; label: string }) {
  const router = useRouter();
  const selectId = useId();
  const [state, setState] = useState({ version, channel, overridden });
  const [message, setMessage] = useState<{ tone: "error" | "ok"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const change = (value: string) => {
    const next = value === "" ? null : (value as Channel);
    setMessage(null);
    startTransition(async () => {
      const result = await setAnswerChannelAction({ id, expectedVersion: state.version, channel: next });
      if (result.ok) {
        setState(result.data);
        setMessage({ tone: "ok", text: result.message ?? "Saved." });
        router.refresh();
      } else setMessage({ tone: "error", text: result.error });
    });
  };

  return (
    <div className="min-w-40 max-sm:max-w-64">
      <label htmlFor={selectId} className="sr-only">
        Channel for {label}
      </label>
      <select
        id={selectId}
        value={state.channel}
        disabled={pending}
        aria-describedby={message ? `${selectId}-msg` : undefined}
        onChange={(e) => change(e.target.value)}
        className={`w-full rounded-md border px-2 py-1 text-sm shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-100 focus:outline-none ${
          state.channel === "other" ? "border-amber-300 bg-amber-50" : "border-slate-300 bg-white"
        }`}
      >
        {channels.map((c) => (
          <option key={c} value={c}>
            {channelInfo[c].label}
          </option>
        ))}
        {state.overridden ? <option value="">↺ By the rules</option> : null}
      </select>
      <p id={`${selectId}-msg`} className="mt-0.5 text-xs" aria-live="polite">
        {pending ? <span className="text-slate-500">Saving…</span> : null}
        {!pending && message?.tone === "error" ? (
          <span className="text-red-700">
            {message.text}{" "}
            <button type="button" className="font-medium underline" onClick={() => router.refresh()}>
              Reload
            </button>
          </span>
        ) : null}
        {!pending && message?.tone === "ok" ? <span className="text-emerald-700">{message.text}</span> : null}
        {!pending && !message && state.overridden ? <span className="text-slate-500">Set by hand</span> : null}
      </p>
    </div>
  );
}
