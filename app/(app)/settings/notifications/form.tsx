"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/action-result";
import { channelLabels, notificationChannels, type NotificationChannel, type NotificationEvent } from "@/lib/domain/notifications";
import { saveChoicesAction } from "./actions";
import { ScrollRegion } from "@/components/ui/scroll-region";

export interface ChoiceRow {
  event: NotificationEvent;
  label: string;
  description: string;
  channels: Record<NotificationChannel, boolean>;
}

/** One row per event of the user's role, a box per channel. */
export function ChoicesForm({ rows }: { rows: ChoiceRow[] }) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(saveChoicesAction, null);
  return (
    <form action={action} className="space-y-4">
      {state ? state.ok ? <Alert tone="success">{state.message}</Alert> : <Alert tone="error">{state.error}</Alert> : null}
      <ScrollRegion label="Notification channels for each event">
        <table className="w-full text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-left text-xs tracking-wide text-slate-500 uppercase">
              <th scope="col" className="py-2 pr-2 font-medium sm:pr-4">
                Event
              </th>
              {notificationChannels.map((c) => (
                <th key={c} scope="col" className="w-16 px-1 py-2 text-center font-medium sm:w-24 sm:px-2">
                  {channelLabels[c]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={row.event} data-testid={`choice-${row.event}`}>
                <th scope="row" className="py-3 pr-2 text-left align-top font-normal sm:pr-4">
                  <input type="hidden" name="event" value={row.event} />
                  <span className="font-medium text-slate-900">{row.label}</span>
                  <span className="mt-0.5 block text-xs text-slate-500">{row.description}</span>
                </th>
                {notificationChannels.map((c) => (
                  <td key={c} className="px-1 py-3 text-center align-top sm:px-2">
                    <input
                      type="checkbox"
                      name="channel"
                      value={`${row.event}:${c}`}
                      defaultChecked={row.channels[c]}
                      aria-label={`${row.label}: ${channelLabels[c]}`}
                      className="size-4 rounded border-slate-300"
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save choices"}
      </Button>
    </form>
  );
}
