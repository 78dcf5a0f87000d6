import type { Metadata } from "next";
import Link from "next/link";
import { InvalidLink } from "@/components/filters/invalid-link";
import { FilterBar } from "@/components/filters/period-filter-bar";
import { PageHeader } from "@/components/ui/card";
import { SubNav } from "@/components/ui/sub-nav";
import { getDb } from "@/db/index";
import { listStories, proofGaps, proofWinCounts } from "@/db/queries/proof";
import { openStages } from "@/db/queries/stalls";
import { can } from "@/lib/auth/permissions";
import { formatPeriod, missingAmountsNote } from "@/lib/format";
import { rate } from "@/lib/metrics/abm";
import { periodPresetLabels } from "@/lib/metrics/period";
import { resolveVelocityView } from "@/lib/velocity/report";
import { velocityRequestParams } from "@/lib/velocity/request";
import { gapLabel, MATCH_FLOOR, matchWeights, sizeBandDefinitions, sizeBandLabels, sizeBands } from "@/lib/win-loss/proof-matching";
import { guardedPage } from "@/app/_guard/guarded-page";
import { dealsCount, FiguresTable, money, RateFigure, WinLossSection } from "../figures";
import { winLossPages } from "../sub-nav";
import { DeleteStoryButton, ImportStoriesForm, StoryForm } from "./story-forms";

export const metadata: Metadata = { title: "Customer proof" };

const GAP_DEALS_SHOWN = 5;

export default guardedPage("velocity:view", async function ProofPage({ user, searchParams: params }) {
  const db = getDb();
  const view = await resolveVelocityView(db, params);
  const { context } = view;
  const choices = { segments: context.options.segments, sources: context.options.sources, owners: context.options.owners };
  const header = (
    <>
      <PageHeader title="Customer proof" description="The case-study library, the open deals each story fits, the gaps no story covers, and whether sending a story goes with winning." />
      <SubNav label="Win/loss pages" pages={winLossPages} current="/win-loss/proof" />
    </>
  );
  if (!view.ok) {
    return (
      <>
        {header}
        <FilterBar choices={choices} preset="this_quarter" from={context.today} to={context.today} />
        <InvalidLink parameter={view.parameter} error={view.error} href="/win-loss/proof" />
      </>
    );
  }
  const { request } = view;
  const [stories, gaps, outcomes, stages] = await Promise.all([listStories(db), proofGaps(db), proofWinCounts(db, { ...request.period, timeZone: context.organisation.timeZone }), openStages(db)]);
  const canEdit = can(user.role, "answers:manage");
  const sent = rate(outcomes.sent.won, outcomes.sent.won + outcomes.sent.lost);
  const notSent = rate(outcomes.notSent.won, outcomes.notSent.won + outcomes.notSent.lost);
  const currency = context.organisation.currency;

  return (
    <>
      {header}
      <FilterBar key={velocityRequestParams(request).toString()} choices={choices} preset={request.preset} from={request.period.from} to={request.period.to} />

      <WinLossSection
        id="proof-win-rate"
        className="mt-0"
        title="Win rate with and without a story sent"
        description={
          <>
            Deals closed in {periodPresetLabels[request.preset].toLowerCase()} (<strong>{formatPeriod(request.period.from, request.period.to)}</strong>) that were sent a story before they closed, against those
            that were not; 95 % interval and n.
          </>
        }
      >
        <dl className="mt-3 grid gap-4 text-sm sm:grid-cols-2" data-testid="proof-win-rates">
          {(
            [
              ["Sent a story", sent],
              ["Not sent one", notSent],
            ] as const
          ).map(([label, r]) => (
            <div key={label}>
              <dt className="text-slate-500">{label}</dt>
              <dd className="text-lg font-semibold">
                <RateFigure rate={r} judge />
              </dd>
            </div>
          ))}
        </dl>
      </WinLossSection>

      <WinLossSection
        id="proof-gaps"
        title="Gaps: open deals no story fits"
        description={
          <>
            Profiles of open deals where no story reaches {MATCH_FLOOR} points, most open pipeline first.{" "}
            <Link href="/deals?proof=gap&owner=all" className="text-brand-700 underline">
              All deals with a gap
            </Link>
          </>
        }
      >
        {gaps.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600" data-testid="no-gaps">
            Every open deal has a matching story.
          </p>
        ) : (
          <FiguresTable caption="Proof gaps by open pipeline" columns={["Profile", "Open deals", "Open pipeline"]} minWidth="md:min-w-[36rem]" testId="proof-gaps">
            {gaps.map((g) => (
              <tr key={gapLabel(g.profile)} data-testid="proof-gap">
                <th scope="row" className="py-2 pr-3 text-left font-normal">
                  <span className="font-medium text-slate-900">{gapLabel(g.profile)}</span>
                  <span className="block text-xs text-slate-600">
                    {g.dealIds.slice(0, GAP_DEALS_SHOWN).map((id, i) => (
                      <span key={id}>
                        {i > 0 ? ", " : ""}
                        <Link href={`/deals/${id}`} className="text-brand-700 underline">
                          {g.dealNames[i]}
                        </Link>
                      </span>
                    ))}
                    {g.dealIds.length > GAP_DEALS_SHOWN ? ` and ${g.dealIds.length - GAP_DEALS_SHOWN} more` : ""}
                  </span>
                </th>
                <td className="py-2 pr-3 text-right" data-label="Open deals">{dealsCount(g.deals)}</td>
                <td className="py-2 pr-3 text-right" data-label="Open pipeline">
                  {money(g.amount, currency)}
                  {g.withoutAmount > 0 ? <span className="block text-xs text-slate-500">{missingAmountsNote(g)}</span> : null}
                </td>
              </tr>
            ))}
          </FiguresTable>
        )}
      </WinLossSection>

      <WinLossSection
        id="stories"
        title={`The library: ${stories.length} ${stories.length === 1 ? "story" : "stories"}`}
        description={
          <>
            A story matches an open deal by what they share: industry {matchWeights.industry} points, competitor displaced {matchWeights.competitor}, use case {matchWeights.useCase}, objection{" "}
            {matchWeights.objection}, company size {matchWeights.sizeBand}, stage {matchWeights.stage}; {MATCH_FLOOR} points make a match. Sizes:{" "}
            {sizeBands.map((b) => `${sizeBandLabels[b]}: ${sizeBandDefinitions[b]}`).join("; ")}.
          </>
        }
      >
        {stories.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">No stories yet. {canEdit ? "Add the first one below, or import a CSV." : "Marketing adds them here."}</p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100" aria-label="Case studies">
            {stories.map((s) => (
              <li key={s.id} className="py-3 text-sm" data-testid="story">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="min-w-0">
                    <p className="font-medium text-slate-900">
                      {s.url ? (
                        <a href={s.url} className="text-brand-700 underline" target="_blank" rel="noreferrer">
                          {s.title}
                        </a>
                      ) : (
                        s.title
                      )}
                    </p>
                    <p className="text-slate-600">
                      {[s.customerName, s.industry, s.sizeBand ? sizeBandLabels[s.sizeBand] : null, s.useCase, s.competitor ? `displaced ${s.competitor}` : null, s.stageName ? `helps at ${s.stageName}` : null]
                        .filter(Boolean)
                        .join(" · ")}
                    </p>
                    {s.objection ? <p className="text-slate-600">Answers: “{s.objection}”</p> : null}
                  </div>
                  {canEdit ? <DeleteStoryButton id={s.id} version={s.version} title={s.title} /> : null}
                </div>
                {canEdit ? (
                  <details className="mt-2">
                    <summary className="cursor-pointer text-brand-700">Edit {s.title}</summary>
                    <div className="mt-2">
                      <StoryForm story={s} stages={stages} />
                    </div>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </WinLossSection>

      {canEdit ? (
        <div className="mt-6 grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
          <WinLossSection id="add-story" className="" title="Add a story" description="Each field it fills is one more way to match an open deal.">
            <div className="mt-3">
              <StoryForm stages={stages} />
            </div>
          </WinLossSection>
          <WinLossSection id="import-stories" className="" title="Import stories" description="A CSV with a header row: every row is added, or none and each problem is listed.">
            <div className="mt-3">
              <ImportStoriesForm />
            </div>
          </WinLossSection>
        </div>
      ) : null}
    </>
  );
});
