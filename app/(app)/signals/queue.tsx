"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/card";
import { Pager } from "@/components/ui/pager";
import { tierLabels } from "@/lib/domain/signal-types";
import { trackInfo } from "@/lib/domain/routing-tracks";
import { formatCount, formatDecimal } from "@/lib/format";
import { useNow } from "@/lib/hooks/use-now";
import { slaState, timeAgo } from "@/lib/signals/countdown";
import type { QueueItem, QueueJson } from "@/lib/signals/queue-json";
import { bookMeetingAction, respondToSignalAction, respondWithAssetAction } from "./actions";
import { getJson, PollError } from "./polling";

type QueueKey = readonly ["signal-queue", number];
/** How often the queue asks for new signals: a new one shows within seconds. */
const POLL_MS = 4000;

/**
 * The signals waiting for this rep (an admin: for any rep), a page at a time (page= in the link,
 * beside the page's other parameters), refreshed every few seconds.
 */
export function SignalQueue({ initial, everyone }: { initial: QueueJson; everyone: boolean }) {
  const { page, pageSize } = initial;
  const queueKey: QueueKey = ["signal-queue", page];
  const { data, error } = useQuery({ queryKey: queueKey, queryFn: () => getJson<QueueJson>(`/signals/queue?page=${page}`), initialData: initial, staleTime: 0, refetchInterval: POLL_MS });
  const now = useNow();
  const params = useSearchParams();
  const pageHref = (n: number) => {
    const next = new URLSearchParams(params.toString());
    if (n > 1) next.set("page", String(n));
    else next.delete("page");
    const query = next.toString();
    return `/signals${query ? `?${query}` : ""}#queue-heading`;
  };
  return (
    <section aria-labelledby="queue-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="queue-heading" className="text-base font-semibold text-slate-900">
          {everyone ? "Waiting for a response" : "My queue"}{" "}
          <span className="font-normal text-slate-500" data-testid="queue-waiting">
            ({formatCount(data.waitingCounts.waiting)})
          </span>
        </h2>
        <p className="text-xs text-slate-500">
          {everyone ? "Every rep's unanswered handoff and co-engagement signals" : "Signals routed to you"} from the last 30 days; refreshes every few seconds.
          {data.waitingCounts.overdue > 0 ? (
            <>
              {" "}
              <strong className="font-medium text-red-700" data-testid="queue-overdue">
                {formatCount(data.waitingCounts.overdue)} past the response SLA
              </strong>
              .
            </>
          ) : null}
          {data.waitingCounts.waiting > pageSize ? " Most urgent first, a page at a time." : null}
        </p>
      </div>
      <PollError what="queue" error={error} />
      {data.waitingCounts.waiting === 0 ? (
        <p className="mt-4 rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-600" data-testid="queue-empty">
          Nothing waiting: new high-intent signals appear here within seconds.
        </p>
      ) : data.waiting.length === 0 ? (
        <p className="mt-4 rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-600">
          This page is past the last waiting signal.{" "}
          <Link href={pageHref(1)} className="font-medium text-brand-700 underline">
            Go to the first page
          </Link>
        </p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-100" data-testid="signal-queue">
          {data.waiting.map((item) => (
            <QueueRow key={item.id} item={item} now={now} showOwner={everyone} queueKey={queueKey} />
          ))}
        </ul>
      )}
      <Pager label="Queue pages" page={page} pageSize={pageSize} total={data.waitingCounts.waiting} noun="waiting" href={pageHref} />
      {data.respondedNoMeeting.length > 0 ? (
        <details className="mt-4 border-t border-slate-100 pt-3">
          <summary className="cursor-pointer text-sm font-medium text-slate-800">Responded, no meeting yet ({data.respondedNoMeeting.length})</summary>
          <ul className="mt-2 divide-y divide-slate-100" data-testid="responded-queue">
            {data.respondedNoMeeting.map((item) => (
              <QueueRow key={item.id} item={item} now={now} showOwner={everyone} queueKey={queueKey} />
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

function Countdown({ item, now }: { item: QueueItem; now: number | null }) {
  if (item.firstResponseAt !== null) return <Badge tone="success">Responded {now === null ? "" : timeAgo(new Date(item.firstResponseAt), new Date(now))}</Badge>;
  if (item.responseDueAt === null) return <Badge>{item.track === "co_engagement" ? `SLA: ${trackInfo.co_engagement.sla}` : "SLA: automated"}</Badge>;
  const state = now === null ? null : slaState(new Date(item.responseDueAt), new Date(now));
  if (state === null) return <Badge>SLA …</Badge>;
  return state.overdue ? (
    <span className="inline-flex items-center rounded-full bg-red-600 px-2 py-0.5 text-xs font-semibold whitespace-nowrap text-white tabular-nums" data-testid="sla-countdown">
      Overdue {state.text}
    </span>
  ) : (
    <span className="inline-flex items-center rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-amber-900 tabular-nums" data-testid="sla-countdown">
      {state.text} left
    </span>
  );
}

function QueueRow({ item, now, showOwner, queueKey }: { item: QueueItem; now: number | null; showOwner: boolean; queueKey: QueueKey }) {
  const client = useQueryClient();
  const [pending, start] = useTransition();
  const [problem, setProblem] = useState<string | null>(null);
  const act = (kind: "respond" | "respondWithAsset" | "meeting") =>
    start(async () => {
      setProblem(null);
      const result = kind === "respond" ? await respondToSignalAction(item.id) : kind === "respondWithAsset" ? await respondWithAssetAction(item.id) : await bookMeetingAction(item.id);
      if (!result.ok) {
        setProblem(result.error);
        return;
      }
      // Move the row at once; the next poll brings the server's view.
      client.setQueryData<QueueJson>(queueKey, (q) => {
        if (!q) return q;
        const waiting = q.waiting.filter((s) => s.id !== item.id);
        const rest = q.respondedNoMeeting.filter((s) => s.id !== item.id);
        const answered = { ...item, firstResponseAt: result.data.at, pick: item.pick && { ...item.pick, sent: kind === "respondWithAsset" } };
        const respondedNoMeeting = kind === "meeting" ? rest : [answered, ...rest];
        const left = waiting.length < q.waiting.length;
        const wasOverdue = left && item.responseDueAt !== null && new Date(item.responseDueAt) < new Date();
        const waitingCounts = { waiting: q.waitingCounts.waiting - (left ? 1 : 0), overdue: q.waitingCounts.overdue - (wasOverdue ? 1 : 0) };
        return { ...q, waiting, respondedNoMeeting, waitingCounts };
      });
      // Every page moves up by one; the next poll of each brings the server's view.
      void client.invalidateQueries({ queryKey: ["signal-queue"] });
    });
  const who = item.contact ? item.contact.name : "No contact known";
  return (
    <li className="flex flex-col gap-3 py-3 lg:flex-row lg:items-start lg:justify-between" data-testid="queue-row" data-signal-id={item.id}>
      <div className="min-w-0 flex-1 space-y-1">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          {item.account ? (
            <Link href={`/accounts/${item.account.id}`} className="font-medium text-brand-700 hover:underline">
              {item.account.name}
            </Link>
          ) : (
            <span className="font-medium text-slate-900">Unknown account</span>
          )}
          <span className="text-sm text-slate-700">{item.typeLabel}</span>
          <Badge tone={item.tier === "high" ? "danger" : "neutral"}>{tierLabels[item.tier]}</Badge>
          {item.crossedIntoHandoff ? <Badge tone="brand">Crossed 80</Badge> : null}
          <Countdown item={item} now={now} />
        </div>
        <p className="text-sm break-words text-slate-600">
          {who}
          {item.contact?.title ? `, ${item.contact.title}` : ""}
          {item.contact?.email ? <span className="text-slate-500"> · {item.contact.email}</span> : null}
          <span className="text-slate-500">
            {" "}
            · received {now === null ? "" : timeAgo(new Date(item.receivedAt), new Date(now))}
            {item.track ? ` · ${trackInfo[item.track].label}` : ""}
            {showOwner && item.routedTo ? ` · ${item.routedTo.name}` : ""}
          </span>
        </p>
        <p className="text-sm text-slate-800">
          <span className="font-medium">Do: </span>
          {item.playbook}
        </p>
        {item.pick ? (
          <p className="text-sm text-slate-800" data-testid="queue-pick">
            <span className="font-medium">Send: </span>
            <a href={item.pick.url} className="text-brand-700 underline" rel="noreferrer noopener" target="_blank">
              {item.pick.title}
            </a>
            {item.pick.sent ? <span className="text-emerald-700"> · sent with the response</span> : null}
            <span className="block text-xs text-slate-500">Picked by the Content Personalizer: {item.pick.reasons.join("; ")}</span>
          </p>
        ) : null}
        <details className="text-sm">
          <summary className="cursor-pointer text-slate-600">
            Score {item.readiness === null ? "—" : formatDecimal(item.readiness, 1)}
            {item.top[0] ? <span className="text-slate-500"> · {item.top[0]}</span> : null}
          </summary>
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-xs text-slate-600">
            {item.top.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
            {item.intent.map((i) => (
              <li key={i.type}>
                Intent from {i.label}: {formatDecimal(i.points, 1)} points
              </li>
            ))}
            {item.top.length === 0 && item.intent.length === 0 ? <li>No score explanation was stored with this signal.</li> : null}
          </ul>
        </details>
        {problem ? (
          <p role="alert" className="text-sm text-red-700">
            {problem}
          </p>
        ) : null}
      </div>
      <div className="flex shrink-0 flex-wrap gap-2">
        {item.firstResponseAt === null ? (
          <button
            type="button"
            disabled={pending}
            onClick={() => act("respond")}
            className="min-h-9 rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:bg-brand-600/60"
            aria-label={`Responded to ${item.typeLabel} from ${item.account?.name ?? "unknown account"}`}
          >
            Responded
          </button>
        ) : null}
        {item.firstResponseAt === null && item.pick ? (
          <button
            type="button"
            disabled={pending}
            onClick={() => act("respondWithAsset")}
            className="min-h-9 rounded-md border border-brand-600 bg-white px-3 py-1.5 text-sm font-medium text-brand-700 hover:bg-brand-50 disabled:text-slate-400"
            aria-label={`Sent the asset “${item.pick.title}” as the response to ${item.typeLabel} from ${item.account?.name ?? "unknown account"}`}
          >
            Sent the asset
          </button>
        ) : null}
        <button
          type="button"
          disabled={pending}
          onClick={() => act("meeting")}
          className="min-h-9 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:text-slate-400"
          aria-label={`Meeting booked with ${item.account?.name ?? "unknown account"} from ${item.typeLabel}`}
        >
          Meeting booked
        </button>
      </div>
    </li>
  );
}
