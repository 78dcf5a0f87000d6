import type { Metadata } from "next";
import Link from "next/link";
import { BackLink } from "@/components/ui/back-link";
import { accountPlay, campaignTaskList } from "@/db/queries/campaigns";
import { ChangeList } from "@/components/ui/change-list";
import { notFound } from "next/navigation";
import { Badge, Card } from "@/components/ui/card";
import { MissingAmounts } from "@/components/ui/missing-amounts";
import { getDb } from "@/db/index";
import { accountExists } from "@/db/queries/exports";
import { parseRecordId } from "@/lib/http/record-id";
import type { MapContact } from "@/db/queries/buying-groups";
import { can, canEditBuyingGroup, canEditDealMap } from "@/lib/auth/permissions";
import { tierInfo, type AbmTier } from "@/lib/domain/abm-tiers";
import { enrolmentStateLabels } from "@/lib/domain/campaign-plays";
import { NotFoundError } from "@/lib/errors";
import { formatAmount, formatCount, formatDate, formatMoney } from "@/lib/format";
import { exportPath } from "@/lib/export/entities";
import { accountPicture } from "@/lib/abm/account-map";
import { CoverageScore, GapList } from "./gap-list";
import { MapEditor, type EditorContact } from "./map-editor";
import { TierForm } from "./tier-form";
import { ReadinessSection } from "./readiness-section";
import { accountReadiness } from "@/db/queries/account-signals";
import { accountFit } from "@/db/queries/icp-fit";
import { FitSection, industryText } from "./fit-section";
import { getSetting } from "@/db/queries/settings";
import { todayIn } from "@/lib/metrics/period";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Account" };

const tierName = (tier: AbmTier | null) => (tier ? `${tierInfo[tier].label} (${tierInfo[tier].motion})` : "No tier");
const threadingBadge = { multi: { tone: "success", text: "Multi-threaded" }, partial: { tone: "warning", text: "2 engaged" }, single: { tone: "danger", text: "Single-threaded" } } as const;

const toEditor = (c: MapContact): EditorContact => ({ ...c, lastTouchAt: c.lastTouchAt ? new Date(c.lastTouchAt).toISOString() : null });

export default guardedPage<{ id: string }>("accounts:view", async function AccountPage({ user, params }) {
  const id = parseRecordId(params.id);
  if (id === null) notFound();
  let picture;
  try {
    picture = await accountPicture(getDb(), id);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const { account, map, history, settings: abm, gaps } = picture;
  const { timeZone } = await getSetting(getDb(), "organisation");
  const [readiness, fit, play, playTasks] = await Promise.all([
    accountReadiness(getDb(), { accountId: id, today: todayIn(timeZone), timeZone }),
    accountFit(getDb(), id),
    accountPlay(getDb(), id),
    campaignTaskList(getDb(), { accountId: id, state: "open", limit: 10 }),
  ]);
  const now = picture.asOf;
  const accountCoverage = picture.coverage;
  const canEditAccount = canEditBuyingGroup(user, map.account.ownerId);
  const currency = picture.currency;
  const unassigned = map.contacts.filter((c) => c.role === null).map(({ id, name, title }) => ({ id, name, title }));

  return (
    <>
      <BackLink href="/accounts" label="Accounts" />
      <div className="mb-6 flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{account.name}</h1>
          <p className="mt-1 text-sm text-slate-600">
            {[account.domain, account.segment, industryText(fit), account.ownerName ? `Owner: ${account.ownerName}` : "No owner"].filter(Boolean).join(" · ")}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <a href={exportPath("buying-groups", { accountId: id })} className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">
            Map (CSV)
          </a>
          <a href={`/accounts/${id}/orchestration`} download className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
            Orchestration plan (.md)
          </a>
        </div>
      </div>

      <div className="grid gap-4 lg:grid-cols-3 [&>*]:min-w-0">
        <Card title="Coverage score" description="Roles of the buying group with a contact, out of 5.">
          <CoverageScore coverage={accountCoverage} />
        </Card>
        <Card title="ABM tier">
          <p className="flex flex-wrap items-center gap-2">
            <Badge tone={account.tier ? "brand" : "neutral"}>{tierName(account.tier)}</Badge>
            {account.tier !== account.suggestedTier ? <span className="text-xs text-amber-800">Rules suggest {tierName(account.suggestedTier)}</span> : <span className="text-xs text-slate-500">As the rules suggest</span>}
          </p>
          <div className="mt-3">
            <h3 className="text-xs font-medium text-slate-600">Why the rules suggest {account.suggestedTier ? tierInfo[account.suggestedTier].label : "no tier"}</h3>
            <ul className="mt-1 list-disc space-y-0.5 pl-5 text-sm text-slate-700" data-testid="tier-reasons">
              {picture.tierReasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          </div>
          {account.tierReason ? (
            <p className="mt-2 text-sm text-slate-700">
              <span className="text-xs font-medium text-slate-600">Note when the tier was set: </span>“{account.tierReason}”
              <span className="block text-xs text-slate-500">
                {account.tierSetBy ? `Set by ${account.tierSetBy}` : "Set"}
                {account.tierSetAt ? ` on ${account.tierSetAt.toISOString().slice(0, 10)}` : ""}
              </span>
            </p>
          ) : null}
          <dl className="mt-3 grid grid-cols-3 gap-2 text-center text-xs text-slate-600">
            <div>
              <dt>ICP fit</dt>
              <dd className="text-lg font-semibold text-slate-900">{account.icpFit ?? "—"}</dd>
            </div>
            <div>
              <dt>Intent</dt>
              <dd className="text-lg font-semibold text-slate-900">{Math.round(account.intent)}</dd>
            </div>
            <div>
              <dt>Known champion</dt>
              <dd className="text-lg font-semibold text-slate-900" title={picture.champions.length > 0 ? picture.champions.join(", ") : "Nobody in the Champion role is engaged"}>
                {picture.champions.length > 0 ? "Yes" : "None"}
              </dd>
            </div>
          </dl>
          {can(user.role, "abm:manage") ? <TierForm key={`${account.tier}-${account.tierReason}`} accountId={id} tier={account.tier} suggested={account.suggestedTier} /> : null}
        </Card>
        <Card title="Open pipeline">
          <p className="text-3xl font-semibold text-slate-900 tabular-nums">{formatMoney(account.openPipeline, { currency })}</p>
          <p className="mt-1 text-sm text-slate-600">{formatCount(account.openDeals)} open deals, each with its own map below.</p>
          <MissingAmounts count={{ deals: account.openDeals, withoutAmount: account.openWithoutAmount }} kind="open" className="mt-1 text-sm text-amber-800" />
        </Card>
      </div>

      <FitSection fit={fit} currency={currency} timeZone={timeZone} canOverride={can(user.role, "abm:manage")} />

      <ReadinessSection readiness={readiness} timeZone={timeZone} />

      <section aria-labelledby="map-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="map-heading" className="text-base font-semibold text-slate-900">
          Buying-group map
        </h2>
        <p className="mt-1 mb-4 text-sm text-slate-600">
          {canEditAccount
            ? "Each change is saved as you make it and recorded in the history below."
            : `You can read this map; ${map.account.ownerName ?? "the account's owner"} and admins edit it.`}
        </p>
        <MapEditor
          accountId={id}
          version={map.account.version}
          contacts={map.contacts.map(toEditor)}
          candidates={unassigned}
          canEdit={canEditAccount}
          darkAfterDays={abm.darkAfterDays}
          now={now.getTime()}
          label={`Buying-group map of ${account.name}`}
        />
      </section>

      <section aria-labelledby="gaps-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="gaps-heading" className="text-base font-semibold text-slate-900">
          Gap analysis
        </h2>
        <p className="mt-1 mb-3 text-sm text-slate-600">Missing roles, roles not yet engaged, and roles with no touch in {abm.darkAfterDays} days, each with what to do and what to send.</p>
        <GapList gaps={gaps} empty="Every role is identified, engaged and touched recently." />
      </section>

      {play ? (
        <section aria-labelledby="play-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm" data-testid="account-play">
          <h2 id="play-heading" className="text-base font-semibold text-slate-900">
            Campaign play
          </h2>
          <p className="mt-1 text-sm text-slate-700">
            The {tierInfo[play.tier].label} play since {formatDate(play.enrolledOn)}: {enrolmentStateLabels[play.state].toLowerCase()}
            {play.stateReason ? ` (${play.stateReason})` : ""}; {formatCount(play.tasked)} {play.tasked === 1 ? "step" : "steps"} tasked, {formatCount(play.done)} done.{" "}
            <Link href="/automations/campaign-orchestrator#enrolments" className="text-brand-700 underline">
              Every play
            </Link>
          </p>
          {playTasks.length > 0 ? (
            <ul className="mt-3 divide-y divide-slate-100 text-sm">
              {playTasks.map((t) => (
                <li key={t.id} className="py-2">
                  <span className="font-medium text-slate-800">
                    Step {t.step + 1}, due {formatDate(t.dueOn)}:
                  </span>{" "}
                  {t.action} <span className="text-slate-500">({t.ownerName ?? "no owner"}; {t.reason})</span>
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="deals-heading" className="mt-6">
        <h2 id="deals-heading" className="text-base font-semibold text-slate-900">
          Open deals
        </h2>
        {map.deals.length === 0 ? (
          <p className="mt-2 rounded-md border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">No open deals on this account.</p>
        ) : (
          picture.deals.map((deal) => {
            const dealCoverage = deal.coverage;
            const dealThreading = threadingBadge[deal.threading];
            const onDeal = new Set(deal.contacts.map((c) => c.id));
            return (
              <article key={deal.id} aria-labelledby={`deal-${deal.id}`} className="mt-3 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div>
                    <h3 id={`deal-${deal.id}`} className="font-semibold text-slate-900">
                      <Link href={`/deals/${deal.id}`} className="text-brand-700 hover:underline">
                        {deal.name}
                      </Link>
                    </h3>
                    <p className="text-sm text-slate-600">
                      {deal.stage} · {formatAmount(deal.amount, { currency })} · {deal.ownerName ?? "No owner"}
                    </p>
                  </div>
                  <div className="flex flex-wrap items-center gap-2 text-sm">
                    <Badge tone={dealThreading.tone}>{dealThreading.text}</Badge>
                    <span className="text-slate-600 tabular-nums">
                      {dealCoverage.identified} identified · {dealCoverage.engaged} engaged · {dealCoverage.active} active of 5
                    </span>
                  </div>
                </div>
                <div className="mt-3">
                  <MapEditor
                    accountId={id}
                    opportunityId={deal.id}
                    version={deal.version}
                    contacts={deal.contacts.map(toEditor)}
                    candidates={map.contacts.filter((c) => !onDeal.has(c.id)).map(({ id, name, title }) => ({ id, name, title }))}
                    canEdit={canEditDealMap(user, deal.ownerId, map.account.ownerId)}
                    canAddContacts={canEditAccount}
                    darkAfterDays={abm.darkAfterDays}
                    now={now.getTime()}
                    label={`Buying-group map of the deal ${deal.name}`}
                  />
                </div>
                <details className="mt-3">
                  <summary className="cursor-pointer text-sm font-medium text-slate-700">Gaps on this deal ({deal.gaps.length})</summary>
                  <div className="mt-2">
                    <GapList gaps={deal.gaps} empty="No gaps on this deal." />
                  </div>
                </details>
              </article>
            );
          })
        )}
      </section>

      <section aria-labelledby="history-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="history-heading" className="text-base font-semibold text-slate-900">
          History
        </h2>
        {history.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">No edits yet. Changes to this account&apos;s map and its deals&apos; maps appear here.</p>
        ) : (
          <ChangeList changes={history.map((h) => ({ ...h, at: new Date(h.at) }))} label="Map history" when={(at) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`} />
        )}
      </section>
    </>
  );
}, {
  // A missing or malformed id is a 404, answered before anything of the page is sent.
  exists: async ({ id }) => {
    const accountId = parseRecordId(id);
    return accountId !== null && (await accountExists(getDb(), accountId));
  },
});
