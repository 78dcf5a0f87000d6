import type { Metadata } from "next";
import { InvalidLink } from "@/components/filters/invalid-link";
import { FilterBar } from "@/components/filters/period-filter-bar";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { getSetting } from "@/db/queries/settings";
import { signalFeed } from "@/db/queries/signals";
import { can } from "@/lib/auth/permissions";
import { formatPeriod } from "@/lib/format";
import { periodPresetLabels, todayIn } from "@/lib/metrics/period";
import { buildLayer3 } from "@/lib/signals/layer3";
import { queueFor } from "@/lib/signals/queue-view";
import { parsePage, parsePeriodRequest } from "@/lib/velocity/request";
import { LiveFeed } from "./feed";
import { formatFeedCursor } from "@/lib/signals/feed-cursor";
import { AbmMeasures, Layer3Tiles, ScoreBands } from "./layer3";
import { SignalQueue } from "./queue";
import { SignalsNav } from "./signals-nav";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Signals" };

export default guardedPage("signals:view", async function SignalsPage({ user, searchParams: params }) {
  const db = getDb();
  const { timeZone } = await getSetting(db, "organisation");
  const parsed = parsePeriodRequest(params, todayIn(timeZone));
  const queuePage = parsePage(params);
  const works = can(user.role, "signals:respond");
  const header = (
    <>
      <PageHeader
        title="Signals"
        description={
          works
            ? "Work the signals routed to you while they are hot, then see how fast the team answers and how often signals become meetings."
            : "How fast the team answers intent signals, how often they become meetings, and every signal as it arrives."
        }
      />
      <SignalsNav current="/signals" />
    </>
  );
  if (!parsed.ok || !queuePage.ok) {
    const problem = !parsed.ok ? parsed : (queuePage as Extract<typeof queuePage, { ok: false }>);
    return (
      <>
        {header}
        <InvalidLink parameter={problem.parameter} error={problem.error} href="/signals" />
      </>
    );
  }
  const { request } = parsed;
  const now = new Date();
  const [view, feed, queue] = await Promise.all([buildLayer3(db, request, now), signalFeed(db, { limit: 20 }), works ? queueFor(db, user, { page: queuePage.page, now }) : null]);

  return (
    <>
      {header}
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem] [&>*]:min-w-0">
        <div className="space-y-6">
          {queue ? <SignalQueue initial={queue} everyone={user.role === "admin"} /> : null}
          <section aria-labelledby="layer3-heading" className="space-y-4">
            <div>
              <h2 id="layer3-heading" className="text-lg font-semibold text-slate-900">
                Layer 3: signals and engagement
              </h2>
              <p className="text-sm text-slate-600">
                {periodPresetLabels[request.preset]}: <strong>{formatPeriod(request.period.from, request.period.to)}</strong>, by when signals were received. Times in {view.timeZone}.
              </p>
            </div>
            <FilterBar choices={{ segments: [], sources: [] }} preset={request.preset} from={request.period.from} to={request.period.to} periodOnly />
            <Layer3Tiles view={view} />
            <ScoreBands bands={view.bands} />
            <AbmMeasures abm={view.abm} />
          </section>
        </div>
        <div className="xl:sticky xl:top-4 xl:self-start">
          <LiveFeed initial={feed.signals} cursor={formatFeedCursor(feed.cursor)} />
        </div>
      </div>
    </>
  );
});
