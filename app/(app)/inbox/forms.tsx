"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/action-result";
import { markAllReadAction, markReadAction, openNotificationAction } from "./actions";

const small = "rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-xs font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60";

export function OpenButton({ id, label }: { id: number; label: string }) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(openNotificationAction, null);
  return (
    <form action={action}>
      <input type="hidden" name="id" value={id} />
      <button type="submit" disabled={pending} className="rounded-md bg-indigo-600 px-2.5 py-1.5 text-xs font-medium text-white hover:bg-indigo-700 disabled:opacity-60" aria-label={`Open: ${label}`}>
        Open
      </button>
      {state && !state.ok ? <p role="alert" className="mt-1 text-xs text-red-700">{state.error}</p> : null}
    </form>
  );
}

export function MarkReadButton({ id, label }: { id: number; label: string }) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(markReadAction, null);
  return (
    <form action={action}>
      <input type="hidden" name="id" value={id} />
      <button type="submit" disabled={pending} className={small} aria-label={`Mark read: ${label}`}>
        Mark read
      </button>
      {state && !state.ok ? <p role="alert" className="mt-1 text-xs text-red-700">{state.error}</p> : null}
    </form>
  );
}

export function MarkAllReadButton({ upTo }: { upTo: number }) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(markAllReadAction, null);
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="upTo" value={upTo} />
      <button type="submit" disabled={pending} className={small}>
        {pending ? "Marking…" : "Mark all read"}
      </button>
      {state ? (
        <span role="status" className={`text-xs ${state.ok ? "text-slate-600" : "text-red-700"}`}>
          {state.ok ? state.message : state.error}
        </span>
      ) : null}
    </form>
  );
}
