import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { BackLink } from "@/components/ui/back-link";
import { Badge } from "@/components/ui/card";
import { ChangeList } from "@/components/ui/change-list";
import { Pager } from "@/components/ui/pager";
import { getDb, type Database } from "@/db/index";
import { accountReadiness } from "@/db/queries/account-signals";
import { touchCredits, type AttributionBasis } from "@/db/queries/attribution";
import { dealBuyingGroup, type MapContact } from "@/db/queries/buying-groups";
import { dealStages } from "@/db/queries/deals";
import { dealStalls } from "@/db/queries/stalls";
import { dealProof, type DealProof } from "@/db/queries/proof";
import { dealAnswers, dealExists, dealFacts, dealHistory, dealStageStays, type DealFacts } from "@/db/queries/deal";
import { getSetting } from "@/db/queries/settings";
import type { PublicUser } from "@/db/queries/users";
import { dealPicture } from "@/lib/abm/account-map";
import { personalizeGaps } from "@/lib/automations/content-personalizer-run";
import { canEditBuyingGroup, canEditDealMap, canEditDeal } from "@/lib/auth/permissions";
import { stageTimeline } from "@/lib/deals/timeline";
import { creditByChannel, creditTouches } from "@/lib/deals/touch-credit";
import { channelInfo } from "@/lib/domain/channels";
import { forecastCategoryLabels, type ForecastCategory, type OpportunityChangeField } from "@/lib/domain/forecast-categories";
import { forecastCategoryOf } from "@/lib/metrics/forecast";
import { formatAmount, formatDate, formatDays, formatPercent, formatWhen } from "@/lib/format";
import { RecordVersionProvider } from "@/lib/hooks/use-record-version";
import { parseRecordId } from "@/lib/http/record-id";
import { todayIn } from "@/lib/metrics/period";
import { parsePage, single, type Params } from "@/lib/velocity/request";
import { guardedPage } from "@/app/_guard/guarded-page";
import { CoverageScore, GapList } from "../../accounts/[id]/gap-list";
import { MapEditor, type EditorContact } from "../../accounts/[id]/map-editor";
import { ReadinessSection } from "../../accounts/[id]/readiness-section";
import { ForecastCategorySelect } from "../../forecast/forecast-category-select";
import { stallInfo, type StallPattern } from "@/lib/win-loss/stalls";
import { CloseReasonsEditor } from "./close-reasons-editor";
import { StallTacticButton } from "./stall-tactic-button";
import { ProofSentButton } from "./proof-sent-button";
import { NextStepEditor, NextStepSet } from "./next-step-editor";
import { DealProfileEditor } from "./deal-profile-editor";
import { StageTimeline } from "./stage-timeline";
import { ChannelCredits, TouchCredits } from "./touch-credits";

export const metadata: Metadata = { title: "Deal" };

const statusBadge = { open: { tone: "brand", text: "Open" }, won: { tone: "success", text: "Won" }, lost: { tone: "danger", text: "Lost" } } as const;
const threadingBadge = { multi: { tone: "success", text: "Multi-threaded" }, partial: { tone: "warning", text: "2 engaged" }, single: { tone: "danger", text: "Single-threaded" } } as const;
const toEditor = (c: MapContact): EditorContact => ({ ...c, lastTouchAt: c.lastTouchAt ? new Date(c.lastTouchAt).toISOString() : null });

const TOUCHES_PER_PAGE = 25;

const labelsOf = (taxonomy: readonly { label: string }[]) => taxonomy.map((e) => e.label);

/**
 * Which conversion the touches are credited for (the deal's creation for pipeline, its win for
 * revenue) and which page of them is listed; a bad value is named with its parameter.
 */
function touchRequest(params: Params, deal: DealFacts): { basis: AttributionBasis; page: number } | { parameter: string; error: string } {
  const text = single(params, "credit") ?? "pipeline";
  if (text !== "pipeline" && text !== "revenue") return { parameter: "credit", error: `credit must be pipeline or revenue; got "${text}".` };
  if (text === "revenue" && deal.status !== "won") return { parameter: "credit", error: "credit=revenue needs a won deal: only a win converts to revenue." };
  const page = parsePage(params);
  if (!page.ok) return { parameter: page.parameter, error: page.error };
  return { basis: text, page: page.page };
}

/** Everything the page shows, read at one moment. */
async function loadDeal(db: Database, id: number, params: Params) {
  const now = new Date();
  const [organisation, abm, taxonomies, stallSettings, deal] = await Promise.all([
    getSetting(db, "organisation"),
    getSetting(db, "abm"),
    getSetting(db, "reasonTaxonomies"),
    getSetting(db, "stalls"),
    dealFacts(db, id),
  ]);
  const credit = touchRequest(params, deal);
  const [stays, map, touches, answers, history, readiness, stalls, stages] = await Promise.all([
    dealStageStays(db, id, now),
    dealBuyingGroup(db, id),
    "basis" in credit ? touchCredits(db, { opportunityId: id, basis: credit.basis }) : Promise.resolve([]),
    dealAnswers(db, id),
    dealHistory(db, id),
    deal.account ? accountReadiness(db, { accountId: deal.account.id, today: todayIn(organisation.timeZone, now), timeZone: organisation.timeZone }) : Promise.resolve(null),
    deal.status === "open" ? dealStalls(db, id, { now, settings: stallSettings }) : Promise.resolve([]),
    dealStages(db),
  ]);
  const stageName = (stageId: number) => stages.find((st) => st.id === stageId)?.name ?? `stage #${stageId}`;
  const proof = deal.status === "open" ? await dealProof(db, id, stageName) : null;
  const credited = creditTouches(deal.amount, touches);
  const picture = map && dealPicture(map.deal, { now, darkAfterDays: abm.darkAfterDays, content: abm.roleContent });
  // An open deal's gaps name the Content Personalizer's asset for each role, while it is on.
  const gaps = picture && deal.status === "open" ? (await personalizeGaps(db, map.account.id, [{ gaps: picture.gaps, dealId: id }]))[0]! : (picture?.gaps ?? []);
  return {
    deal,
    now,
    credit,
    timeZone: organisation.timeZone,
    currency: organisation.currency,
    darkAfterDays: abm.darkAfterDays,
    taxonomies,
    stalls,
    proof,
    stallRule: (pattern: StallPattern) => stallInfo[pattern].rule(stallSettings, (stageId) => stages.find((st) => st.id === stageId)?.name ?? `stage #${stageId}`),
    timeline: stageTimeline(stays, deal.status),
    map: map && picture && { ...map, deal: { ...picture, gaps } },
    touches: credited,
    channels: creditByChannel(credited),
    answers,
    history,
    readiness,
  };
}

/** A value of the deal's change history as people read it: money, a day, a category's name. */
function changeValue(field: OpportunityChangeField | null, value: string | null, currency: string): string | null {
  if (field === "amount") return formatAmount(value, { currency }, true);
  if (value === null) return null;
  if (field === "expected_close_date") return formatDate(value);
  if (field === "forecast_category") return forecastCategoryLabels[value as ForecastCategory] ?? value;
  return value;
}

function Section({ id, title, description, children }: { id: string; title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id={`${id}-heading`} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      {description ? <p className="mt-1 text-sm text-slate-600">{description}</p> : null}
      {children}
    </section>
  );
}

const Empty = ({ children }: { children: ReactNode }) => <p className="mt-3 rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-600">{children}</p>;

function Fact({ term, wide, children }: { term: string; wide?: boolean; children: ReactNode }) {
  return (
    <div className={`min-w-0 ${wide ? "col-span-2 md:col-span-4" : ""}`}>
      <dt className="text-xs font-medium text-slate-600">{term}</dt>
      <dd className="mt-0.5 text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}

/** A reason as the taxonomy files it, with the CRM's own words when they differ. */
function Reason({ filed, raw }: { filed: string | null; raw: string | null }) {
  if (filed === null && raw === null) return <span className="text-slate-500">—</span>;
  return (
    <>
      {filed ?? <span className="text-slate-600">Not filed yet</span>}
      {raw !== null && raw !== filed ? <span className="block text-xs text-slate-600">As recorded: “{raw}”</span> : null}
    </>
  );
}

export default guardedPage<{ id: string }>("deals:view", async function DealPage({ user, params, searchParams }) {
  const page = await loadDeal(getDb(), parseRecordId(params.id)!, searchParams);
  const { deal, timeZone, currency } = page;
  const day = (at: Date) => formatDate(todayIn(timeZone, at));
  const blank = <span className="text-slate-500">—</span>;
  const status = statusBadge[deal.status];

  return (
    <>
      {deal.account ? <BackLink href={`/accounts/${deal.account.id}`} label={deal.account.name} /> : <BackLink href="/deals" label="Deals" />}
      <div className="mb-6">
        <h1 className="text-2xl font-semibold tracking-tight break-words text-slate-900">{deal.name}</h1>
        <p className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-600">
          <Badge tone={status.tone}>{status.text}</Badge>
          <span>{deal.stage.name}</span>
          <span aria-hidden="true">·</span>
          <span className="tabular-nums">{formatAmount(deal.amount, { currency })}</span>
          <span aria-hidden="true">·</span>
          {deal.account ? (
            <Link href={`/accounts/${deal.account.id}`} className="text-brand-700 underline">
              {deal.account.name}
            </Link>
          ) : (
            <span>No account</span>
          )}
          <span aria-hidden="true">·</span>
          <span>{deal.owner ? `Owner: ${deal.owner.name}` : "No owner"}</span>
        </p>
      </div>

      {deal.status === "lost" && deal.lossReason === null && deal.lossReasonRaw === null ? (
        <div className="mb-4" data-testid="missing-loss-reason">
          <Alert tone="warning" title="Lost without a reason">
            The Closed Lost definition requires a reason code.{" "}
            {canEditDeal(user, deal.owner?.id ?? null) ? "Record why it was lost, and against whom, under Facts." : `${deal.owner?.name ?? "Its owner"} or an admin records it.`}
          </Alert>
        </div>
      ) : null}

      <Section id="facts" title="Facts">
        {/* The editors below share the deal's version: a save by one is the version the next saves against. */}
        <RecordVersionProvider version={deal.version}>
        <dl className="mt-4 grid grid-cols-2 gap-x-6 gap-y-4 md:grid-cols-4">
          <Fact term="Amount">{deal.amount === null ? <span className="text-amber-800">No amount</span> : formatAmount(deal.amount, { currency }, true)}</Fact>
          <Fact term="Stage">
            {deal.stage.name} <span className="text-slate-600">({formatPercent(deal.stage.probability / 100, {}, 0)} probability)</span>
          </Fact>
          <Fact term="Status">{status.text}</Fact>
          <Fact term="Owner">{deal.owner?.name ?? <span className="text-slate-500">No owner</span>}</Fact>
          <Fact term="Account">
            {deal.account ? (
              <Link href={`/accounts/${deal.account.id}`} className="text-brand-700 underline">
                {deal.account.name}
              </Link>
            ) : (
              <span className="text-slate-500">No account</span>
            )}
          </Fact>
          <Fact term="Created">{day(deal.createdAt)}</Fact>
          <Fact term="Qualified">{deal.qualifiedAt ? day(deal.qualifiedAt) : blank}</Fact>
          <Fact term="Expected close">{deal.expectedCloseDate ? formatDate(deal.expectedCloseDate) : blank}</Fact>
          <Fact term="Closed">{deal.closedAt ? day(deal.closedAt) : blank}</Fact>
          <Fact term="Source">{deal.source ?? blank}</Fact>
          <Fact term="Segment">{deal.segment ?? blank}</Fact>
          <Fact term="Type">{deal.type ?? blank}</Fact>
          {page.proof && canEditDeal(user, deal.owner?.id ?? null) ? (
            <Fact term="What the deal is about" wide>
              <DealProfileEditor dealId={deal.id} useCase={deal.useCase} objection={deal.objection} suggestions={page.proof.vocabulary} version={deal.version} />
            </Fact>
          ) : (
            <>
              <Fact term="Use case">{deal.useCase ?? blank}</Fact>
              <Fact term="Main objection">{deal.objection ?? blank}</Fact>
            </>
          )}
          {deal.status !== "open" && canEditDeal(user, deal.owner?.id ?? null) ? (
            <Fact term={`Why it was ${deal.status}`} wide>
              <CloseReasonsEditor
                dealId={deal.id}
                kind={deal.status === "lost" ? "loss" : "win"}
                reason={{ labels: labelsOf(page.taxonomies[deal.status === "lost" ? "loss" : "win"]), current: deal.status === "lost" ? { label: deal.lossReason, raw: deal.lossReasonRaw } : { label: deal.winReason, raw: deal.winReasonRaw } }}
                competitor={{ labels: labelsOf(page.taxonomies.competitor), current: { label: deal.competitor, raw: deal.competitorRaw } }}
                version={deal.version}
              />
            </Fact>
          ) : (
            <>
              <Fact term={deal.status === "lost" ? "Loss reason" : "Win reason"}>
                {deal.status === "lost" ? <Reason filed={deal.lossReason} raw={deal.lossReasonRaw} /> : <Reason filed={deal.winReason} raw={deal.winReasonRaw} />}
              </Fact>
              <Fact term="Competitor">
                <Reason filed={deal.competitor} raw={deal.competitorRaw} />
              </Fact>
            </>
          )}
          <Fact term="Forecast category">
            {deal.status === "open" && canEditDeal(user, deal.owner?.id ?? null) ? (
              <ForecastCategorySelect dealId={deal.id} dealName={deal.name} category={deal.forecastCategory} derived={forecastCategoryOf({ status: "open", category: null, stageProbability: deal.stage.probability })} version={deal.version} />
            ) : (
              <>
                {forecastCategoryLabels[forecastCategoryOf({ status: deal.status, category: deal.forecastCategory, stageProbability: deal.stage.probability })]}
                {deal.status === "open" && deal.forecastCategory === null ? <span className="text-slate-600"> (by stage)</span> : null}
              </>
            )}
          </Fact>
          <Fact term="Next step" wide>
            {deal.status === "open" && canEditDeal(user, deal.owner?.id ?? null) ? (
              <NextStepEditor dealId={deal.id} nextStep={deal.nextStep} setAt={deal.nextStepUpdatedAt?.toISOString() ?? null} version={deal.version} timeZone={timeZone} />
            ) : (
              <>
                {deal.nextStep !== null ? <span className="whitespace-pre-line">{deal.nextStep}</span> : <span className={deal.status === "open" ? "text-amber-800" : "text-slate-500"}>No next step</span>}
                <NextStepSet at={deal.nextStepUpdatedAt?.toISOString() ?? null} timeZone={timeZone} />
              </>
            )}
          </Fact>
        </dl>
        </RecordVersionProvider>
      </Section>

      {deal.status === "open" ? <StallsSection page={page} canEdit={canEditDeal(user, deal.owner?.id ?? null)} /> : null}
      {page.proof ? <ProofSection page={page} proof={page.proof} canEdit={canEditDeal(user, deal.owner?.id ?? null)} /> : null}

      <Section
        id="stages"
        title="Stage history"
        description={
          page.timeline.rows.length > 0 ? (
            <>
              Days in each stage against the days the stage expects before a change is due (the mark on each bar).
              {page.timeline.totalDays !== null ? ` ${formatDays(page.timeline.totalDays)} in stages in all` : ""}
              {page.timeline.overdueStages > 0 ? `; ${page.timeline.overdueStages} ${page.timeline.overdueStages === 1 ? "stage" : "stages"} over the expected days.` : "."}
            </>
          ) : undefined
        }
      >
        {page.timeline.rows.length === 0 ? (
          <Empty>No stage history recorded for this deal: it is in {deal.stage.name} now. Import the opportunity history to see its stages.</Empty>
        ) : (
          <StageTimeline timeline={page.timeline} day={day} />
        )}
      </Section>

      <DealMapSection page={page} user={user} />

      {page.readiness ? (
        <ReadinessSection readiness={page.readiness} timeZone={timeZone} />
      ) : (
        <Section id="readiness" title="Pipeline readiness">
          <Empty>This deal has no account, so there are no account signals or score to show.</Empty>
        </Section>
      )}

      <TouchesSection page={page} id={deal.id} />

      <Section id="answers" title="How they heard about us" description="The buyers' answers to “How did you hear about us?”, word for word, and the channel each is filed under.">
        {page.answers.length === 0 ? (
          <Empty>No self-reported answer from this deal&apos;s lead or the contacts on its map.</Empty>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100 text-sm" aria-label="Self-reported answers">
            {page.answers.map((a) => (
              <li key={a.id} className="py-2">
                <p className="text-slate-900">“{a.answer}”</p>
                <p className="mt-0.5 flex flex-wrap items-center gap-2 text-xs text-slate-600">
                  <Badge tone="brand">{channelInfo[a.channel].label}</Badge>
                  {a.overridden ? <span>filed by hand</span> : null}
                  {a.contactName ? <span>{a.contactName}</span> : null}
                  <span>{day(a.enteredAt)}</span>
                </p>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="history" title="History">
        {page.history.length === 0 ? (
          <Empty>No changes recorded yet. Changes of its amount, close date, stage, status, forecast category and next step, edits of its map and dismissed stage-update breaches appear here.</Empty>
        ) : (
          <ChangeList changes={page.history.map((h) => ({ ...h, from: changeValue(h.field, h.from, currency), to: changeValue(h.field, h.to, currency) }))} label="Deal history" when={(at) => formatWhen(at, timeZone)} />
        )}
      </Section>
    </>
  );
}, {
  // A missing or malformed id is a 404, answered before anything of the page is sent.
  exists: async ({ id }) => {
    const dealId = parseRecordId(id);
    return dealId !== null && (await dealExists(getDb(), dealId));
  },
});

type DealPage = Awaited<ReturnType<typeof loadDeal>>;

/** The playbook's stall patterns the open deal shows, each with its tactic and what to send; its owner marks a tactic done. */
function StallsSection({ page, canEdit }: { page: DealPage; canEdit: boolean }) {
  const { stalls, deal } = page;
  return (
    <Section
      id="stalls"
      title="Stalls and tactics"
      description={
        <>
          The playbook&apos;s stall patterns this deal shows now, and what answers each.{" "}
          <Link href="/deals?stall=any&owner=all" className="text-brand-700 underline">
            All stalled deals
          </Link>
        </>
      }
    >
      {stalls.length === 0 ? (
        <Empty>No stall pattern: the deal is moving.</Empty>
      ) : (
        <ul className="mt-3 space-y-3" aria-label={`Stalls of ${deal.name}`}>
          {stalls.map((s) => {
            const info = stallInfo[s.pattern];
            return (
              <li key={s.pattern} className="rounded-md border border-amber-200 bg-amber-50/60 p-3 text-sm" data-testid="stall">
                <p className="font-semibold text-slate-900">{info.label}</p>
                <p className="mt-0.5 text-slate-700">{page.stallRule(s.pattern)}</p>
                <p className="mt-2 text-slate-900">
                  <span className="font-medium">Tactic: </span>
                  {info.tactic}
                </p>
                <p className="mt-1 text-slate-700">
                  <span className="font-medium">Send: </span>
                  {info.assets.join("; ")}
                </p>
                {s.doneAt ? (
                  <p className="mt-1 text-xs text-emerald-800">
                    Tactic done {formatWhen(s.doneAt, page.timeZone)}
                    {s.doneBy ? ` by ${s.doneBy}` : ""}
                  </p>
                ) : null}
                {canEdit ? <StallTacticButton dealId={deal.id} pattern={s.pattern} label={info.label} /> : null}
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}

/** The case studies that fit the open deal best, with why; its owner logs one as sent. */
function ProofSection({ page, proof, canEdit }: { page: DealPage; proof: DealProof; canEdit: boolean }) {
  const { deal } = page;
  return (
    <Section
      id="proof"
      title="Matched proof"
      description={
        <>
          The customer stories that share most with this deal (industry, size, use case, competitor, objection, stage).{" "}
          <Link href="/win-loss/proof" className="text-brand-700 underline">
            The library
          </Link>
        </>
      }
    >
      {proof.gap ? (
        <Empty>
          No story fits this deal yet: it is listed as a gap for marketing on the library page.
          {canEdit && (deal.useCase === null || deal.objection === null) ? " Recording its use case and main objection under Facts lets more stories match." : null}
        </Empty>
      ) : (
        <ul className="mt-3 space-y-3" aria-label={`Stories matched to ${deal.name}`}>
          {proof.matches.map((m) => (
            <li key={m.story.id} className="rounded-md border border-slate-200 p-3 text-sm" data-testid="matched-story">
              <p className="font-semibold text-slate-900">
                {m.story.title} <span className="font-normal text-slate-500">· {m.score} points</span>
              </p>
              <ul className="mt-1 list-disc pl-5 text-slate-700">
                {m.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
              {m.lastSent ? (
                <p className="mt-1 text-xs text-emerald-800" data-testid="proof-sent">
                  Sent {formatWhen(m.lastSent.sentAt, page.timeZone)}
                  {m.lastSent.sentBy ? ` by ${m.lastSent.sentBy}` : ""}
                </p>
              ) : null}
              {canEdit ? <ProofSentButton dealId={deal.id} storyId={m.story.id} title={m.story.title} /> : null}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

/** The deal's owner and the account's, named once when they are one person. */
const editors = (dealOwner: string, accountOwner: string) => (dealOwner === accountOwner ? dealOwner : `${dealOwner}, ${accountOwner}`);

/** The deal's own buying-group map: its owner, the account's owner and admins edit it (canEditDealMap). */
function DealMapSection({ page, user }: { page: DealPage; user: PublicUser }) {
  const { map, deal } = page;
  if (!map) {
    return (
      <Section id="map" title="Buying-group map">
        <Empty>This deal has no account, so it has no buying group to map: its contacts come from its account.</Empty>
      </Section>
    );
  }
  const canEdit = canEditDealMap(user, deal.owner?.id ?? null, map.account.ownerId);
  const threading = threadingBadge[map.deal.threading];
  return (
    <Section
      id="map"
      title="Buying-group map"
      description={
        canEdit
          ? "Each change is saved as you make it and recorded in the history below."
          : `You can read this map; ${editors(deal.owner?.name ?? "the deal's owner", map.account.ownerName ?? "the account's owner")} and admins edit it.`
      }
    >
      <div className="mt-3 flex flex-wrap items-start gap-6">
        <div className="w-full max-w-xs">
          <CoverageScore coverage={map.deal.coverage} />
        </div>
        <Badge tone={threading.tone}>{threading.text}</Badge>
      </div>
      <div className="mt-4">
        <MapEditor
          accountId={map.account.id}
          opportunityId={deal.id}
          version={map.deal.version}
          contacts={map.deal.contacts.map(toEditor)}
          candidates={map.candidates}
          canEdit={canEdit}
          canAddContacts={canEditBuyingGroup(user, map.account.ownerId)}
          darkAfterDays={page.darkAfterDays}
          now={page.now.getTime()}
          label={`Buying-group map of the deal ${deal.name}`}
        />
      </div>
      <details className="mt-3">
        <summary className="cursor-pointer text-sm font-medium text-slate-700">Gaps on this deal ({map.deal.gaps.length})</summary>
        <div className="mt-2">
          <GapList gaps={map.deal.gaps} empty="No gaps on this deal." />
        </div>
      </details>
    </Section>
  );
}

/** The touches credited for the deal's creation (pipeline) or its win (revenue), per model: by channel, then one by one. */
function TouchesSection({ page, id }: { page: DealPage; id: number }) {
  const { deal, credit, touches, channels, currency } = page;
  const request = "basis" in credit ? credit : null;
  const problem = "error" in credit ? credit : null;
  const link = (basis: AttributionBasis, pageNumber = 1) => {
    const query = new URLSearchParams();
    if (basis !== "pipeline") query.set("credit", basis);
    if (pageNumber > 1) query.set("page", String(pageNumber));
    return `/deals/${id}${query.size ? `?${query}` : ""}`;
  };
  const choice = (value: AttributionBasis, text: string) => (
    <Link
      href={link(value)}
      scroll={false}
      aria-current={request?.basis === value ? "true" : undefined}
      className={`rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap ${request?.basis === value ? "bg-white text-brand-700 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
    >
      {text}
    </Link>
  );
  const conversion = request?.basis === "revenue" ? "its win" : "its creation";
  const shown = request ? touches.slice((request.page - 1) * TOUCHES_PER_PAGE, request.page * TOUCHES_PER_PAGE) : [];
  return (
    <Section
      id="touches"
      title="Touches and credit"
      description={`The touches of the account's contacts up to ${conversion}, and what each attribution model credits to each: the same models as the attribution page.`}
    >
      {deal.status === "won" ? (
        <nav aria-label="Credit for" className="mt-3 inline-flex rounded-lg bg-slate-100 p-1">
          {choice("pipeline", "Pipeline (at creation)")}
          {choice("revenue", "Revenue (at the win)")}
        </nav>
      ) : null}
      {problem || !request ? (
        <div className="mt-3">
          <Alert tone="error" title={`The ${problem?.parameter} in this link is not valid`}>
            {problem?.error}{" "}
            <Link href={`/deals/${id}`} className="underline">
              Show the deal&apos;s first touches
            </Link>
            .
          </Alert>
        </div>
      ) : touches.length === 0 ? (
        <Empty>No touches recorded before {conversion}: the deal is unattributed{deal.account ? "" : " (it has no account, so no contacts to touch)"}.</Empty>
      ) : (
        <>
          {deal.amount === null ? <p className="mt-3 text-sm text-amber-800">This deal has no amount: each model&apos;s share is shown, and no money is credited.</p> : null}
          <h3 className="mt-4 text-sm font-semibold text-slate-900">By channel</h3>
          <ChannelCredits channels={channels} currency={currency} label={`Credit of ${deal.name} by channel`} />
          <h3 className="mt-6 text-sm font-semibold text-slate-900">Touch by touch, first to last</h3>
          {shown.length === 0 ? (
            <Empty>
              There are only {touches.length} touches.{" "}
              <Link href={link(request.basis)} className="underline">
                Show the first page
              </Link>
              .
            </Empty>
          ) : (
            <TouchCredits touches={shown} currency={currency} when={(at) => formatWhen(at, page.timeZone)} label={`Touches of ${deal.name} and their credit`} />
          )}
          <Pager label="Pages of touches" page={request.page} pageSize={TOUCHES_PER_PAGE} total={touches.length} noun="touches" href={(n) => link(request.basis, n)} />
        </>
      )}
    </Section>
  );
}
