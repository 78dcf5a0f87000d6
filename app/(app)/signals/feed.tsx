"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { FeedSignal } from "@/db/queries/signals";
import { trackInfo } from "@/lib/domain/routing-tracks";
import { tierLabels } from "@/lib/domain/signal-types";
import { formatDecimal } from "@/lib/format";
import { useNow } from "@/lib/hooks/use-now";
import { timeAgo } from "@/lib/signals/countdown";
import { getJson, PollError } from "./polling";

const FEED_KEY = ["signal-feed"];
const POLL_MS = 3000;
const SHOWN = 30;
/** How long a new row stays highlighted. */
const FRESH_MS = 4000;

type Row = FeedSignal & { arrivedAt?: number };
interface Feed {
  rows: Row[];
  cursor: string;
}
interface FeedPage {
  signals: FeedSignal[];
  cursor: string;
  more: boolean;
}

/** Pages through every signal since the cursor, puts them on top (newest first) and keeps one copy of each. */
async function fetchSince(previous: Feed): Promise<Feed> {
  let cursor = previous.cursor;
  let rows = previous.rows;
  for (;;) {
    const page = await getJson<FeedPage>(`/signals/feed?cursor=${encodeURIComponent(cursor)}`);
    cursor = page.cursor;
    if (page.signals.length > 0) {
      const arrivedAt = Date.now();
      const seen = new Set(rows.map((r) => r.id));
      const fresh = page.signals.filter((s) => !seen.has(s.id)).map((s) => ({ ...s, arrivedAt }));
      rows = [...fresh.reverse(), ...rows].slice(0, SHOWN);
    }
    if (!page.more) return { rows, cursor };
  }
}

export function LiveFeed({ initial, cursor }: { initial: FeedSignal[]; cursor: string }) {
  const client = useQueryClient();
  const { data: feed, error } = useQuery({
    queryKey: FEED_KEY,
    queryFn: () => fetchSince(client.getQueryData<Feed>(FEED_KEY) ?? { rows: initial, cursor }),
    initialData: { rows: initial as Row[], cursor },
    staleTime: 0,
    refetchInterval: POLL_MS,
  });
  const data = feed.rows;
  const now = useNow();
  return (
    <section aria-labelledby="feed-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
      <div className="flex items-baseline justify-between gap-2">
        <h2 id="feed-heading" className="text-base font-semibold text-slate-900">
          Live feed
        </h2>
        <span className="inline-flex items-center gap-1.5 text-xs text-slate-500">
          <span className="size-2 rounded-full bg-emerald-500" aria-hidden="true" /> every 3 s
        </span>
      </div>
      <PollError what="feed" error={error} />
      {data.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600">No signals yet. Send one to POST /api/v1/signals with an API key that may send signals; it shows here within seconds.</p>
      ) : (
        <ol className="mt-3 divide-y divide-slate-100" aria-live="polite" data-testid="signal-feed">
          {data.map((s) => {
            const fresh = s.arrivedAt !== undefined && now !== null && now - s.arrivedAt < FRESH_MS;
            return (
              <li key={s.id} className={`py-2 text-sm transition-colors duration-700 ${fresh ? "bg-amber-50" : ""}`} data-testid="feed-row" data-fresh={fresh || undefined}>
                <div className="flex flex-wrap items-baseline justify-between gap-x-2">
                  <span className="font-medium text-slate-900">
                    {s.accountName ?? "Unknown account"} <span className="font-normal text-slate-700">· {s.typeLabel}</span>
                  </span>
                  <span className="text-xs text-slate-500">{now === null ? "" : timeAgo(new Date(s.receivedAt), new Date(now))}</span>
                </div>
                <p className="text-xs text-slate-600">
                  {tierLabels[s.tier]}
                  {s.contactName ? ` · ${s.contactName}` : ""}
                  {s.readiness === null ? "" : ` · score ${formatDecimal(s.readiness, 1)}`}
                  {s.track ? ` · ${trackInfo[s.track].label}` : ""}
                  {s.routedTo ? ` → ${s.routedTo}` : ""}
                </p>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
