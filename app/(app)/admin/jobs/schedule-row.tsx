"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import type { ActionResult } from "@/lib/action-result";
import { runNowAction, saveScheduleAction } from "./actions";

export interface RunText {
  state: "created" | "retry" | "active" | "completed" | "cancelled" | "failed";
  when: string | null;
  trigger: string;
  duration: string | null;
  result: string | null;
  error: string | null;
  attempts: string;
  report: { id: number; title: string } | null;
}

export interface ScheduleRowData {
  key: string;
  label: string;
  description: string;
  frequency: string;
  owner: string;
  enabled: boolean;
  /** The automation whose switch turns this job on and off (its page): the form sets only its time. */
  switchedBy: { label: string; path: string } | null;
  time: string;
  version: number;
  timeZone: string;
  nextRun: string | null;
  lastRun: RunText | null;
  pending: RunText | null;
}

const stateLabel: Record<RunText["state"], { text: string; tone: "neutral" | "brand" | "success" | "danger" | "warning" }> = {
  created: { text: "Queued", tone: "brand" },
  active: { text: "Running", tone: "brand" },
  retry: { text: "Waiting to retry", tone: "warning" },
  completed: { text: "Completed", tone: "success" },
  failed: { text: "Failed", tone: "danger" },
  cancelled: { text: "Cancelled", tone: "neutral" },
};

function Message({ state }: { state: ActionResult | null }) {
  if (!state) return null;
  if (!state.ok) {
    return (
      <p role="alert" className="text-xs text-red-700">
        {state.fieldErrors?.time ?? state.error}
      </p>
    );
  }
  return state.message ? <p className="text-xs text-emerald-700">{state.message}</p> : null;
}

function Run({ run, testId }: { run: RunText; testId: string }) {
  const label = stateLabel[run.state];
  return (
    <div className="space-y-1 text-sm" data-testid={testId}>
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <Badge tone={label.tone}>{label.text}</Badge>
        {run.when ? <span className="text-slate-700">{run.when}</span> : null}
        <span className="text-xs text-slate-500">
          {run.trigger}
          {run.duration ? ` · took ${run.duration}` : ""}
          {run.state === "failed" || run.state === "retry" ? ` · attempt ${run.attempts}` : ""}
        </span>
      </p>
      {run.result ? <p className="text-slate-700">{run.result}</p> : null}
      {run.error ? <p className="break-words text-red-700">Error: {run.error}</p> : null}
      {run.report ? (
        <p>
          <a href={`/reports/${run.report.id}`} className="text-brand-700 underline">
            Download the report
          </a>
        </p>
      ) : null}
    </div>
  );
}

export function ScheduleRow({ row }: { row: ScheduleRowData }) {
  const [saveState, saveAction, saving] = useActionState<ActionResult | null, FormData>(saveScheduleAction, null);
  const [runState, runAction, running] = useActionState<ActionResult | null, FormData>(runNowAction, null);
  // Controlled, so a refused time stays in the field beside its message instead of the form resetting it.
  const [time, setTime] = useState(row.time);
  const [enabled, setEnabled] = useState(row.enabled);
  const timeError = saveState && !saveState.ok ? saveState.fieldErrors?.time : undefined;
  const id = `job-${row.key}`;

  return (
    <li id={id} className="scroll-mt-20 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5" data-testid={id} aria-labelledby={`${id}-title`}>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1.2fr)_minmax(0,1.3fr)_17rem]">
        <div className="min-w-0 space-y-1">
          <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
            {row.label}
          </h2>
          <p className="text-xs text-slate-500">
            {row.frequency} at {row.time} ({row.timeZone}) · owner: {row.owner}
          </p>
          <p className="text-sm text-slate-600">{row.description}</p>
        </div>

        <dl className="grid min-w-0 gap-3 text-sm sm:grid-cols-[6rem_minmax(0,1fr)] sm:gap-x-3 sm:gap-y-2">
          <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase sm:pt-0.5">Next run</dt>
          <dd className="text-slate-800" data-testid={`${id}-next`}>
            {row.nextRun ?? <span className="text-slate-500">Off: not scheduled</span>}
          </dd>
          <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase sm:pt-0.5">Last run</dt>
          <dd className="min-w-0">{row.lastRun ? <Run run={row.lastRun} testId={`${id}-last`} /> : <span className="text-slate-500">Never run</span>}</dd>
          {row.pending ? (
            <>
              <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase sm:pt-0.5">Now</dt>
              <dd className="min-w-0">
                <Run run={row.pending} testId={`${id}-pending`} />
              </dd>
            </>
          ) : null}
        </dl>

        <div className="space-y-3 lg:border-l lg:border-slate-100 lg:pl-4">
          <form action={saveAction} className="space-y-2" aria-label={`${row.label} schedule`}>
            <input type="hidden" name="key" value={row.key} />
            <input type="hidden" name="version" value={row.version} />
            <div className="flex flex-wrap items-end gap-3">
              {row.switchedBy ? (
                <p className="pb-2 text-sm text-slate-700" data-testid={`${id}-switched-by`}>
                  {row.enabled ? "On" : "Off"} with the{" "}
                  <Link href={row.switchedBy.path} className="text-brand-700 underline">
                    {row.switchedBy.label}
                  </Link>
                </p>
              ) : (
                <label className="flex items-center gap-2 pb-2 text-sm text-slate-700">
                  <input type="checkbox" name="enabled" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} className="size-4 rounded border-slate-300" />
                  On
                </label>
              )}
              <div className="w-24">
                <label htmlFor={`${id}-time`} className="block text-xs font-medium text-slate-600">
                  Time (HH:MM)
                </label>
                <Input
                  id={`${id}-time`}
                  name="time"
                  value={time}
                  onChange={(e) => setTime(e.target.value)}
                  inputMode="numeric"
                  autoComplete="off"
                  aria-invalid={timeError ? true : undefined}
                  aria-describedby={timeError ? `${id}-time-error` : undefined}
                />
              </div>
              <Button type="submit" variant="secondary" disabled={saving}>
                {saving ? "Saving…" : "Save"}
              </Button>
            </div>
            {timeError ? (
              <p id={`${id}-time-error`} role="alert" className="text-xs text-red-700">
                Time: {timeError}
              </p>
            ) : (
              <Message state={saveState} />
            )}
          </form>
          <form action={runAction} className="space-y-2">
            <input type="hidden" name="key" value={row.key} />
            <Button type="submit" disabled={running || row.pending !== null} className="w-full sm:w-auto">
              {running ? "Queuing…" : "Run now"}
            </Button>
            <Message state={runState} />
          </form>
        </div>
      </div>
    </li>
  );
}
