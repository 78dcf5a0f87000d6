import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/index";
import { listAssets, waitingSignalFacts } from "@/db/queries/content-assets";
import { picksOf } from "@/db/queries/asset-picks";
import { ACTIONS_PAGE, actionCounts, automationLog } from "@/db/queries/automations";
import { measureAutomation } from "@/lib/automations/deployment-plan";
import { changeText } from "@/lib/reports/ai-agent-deployment-plan";
import { getSetting } from "@/db/queries/settings";
import { formatLabels, funnelStageLabels, type AssetFormat } from "@/lib/automations/content-assets";
import { funnelStageOf, noFitReason, pickAsset, signalPerson } from "@/lib/automations/content-personalizer";
import { can } from "@/lib/auth/permissions";
import { buyingGroupRoleInfo, type BuyingGroupRole } from "@/lib/domain/buying-group";
import { defaultSignalTypes } from "@/lib/domain/signal-types";
import { formatCount, formatWhen } from "@/lib/format";
import { todayIn } from "@/lib/metrics/period";
import { FiguresTable, RateFigure, WinLossSection } from "../../win-loss/figures";
import { ActionLogTable, AutomationHeader, ImpactSection } from "../automation-header";
import { AssetForm, DeleteAssetButton, ImportAssetsForm } from "./asset-forms";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Content Personalizer" };

const signalLabel = (key: string) => defaultSignalTypes.find((t) => t.key === key)?.label ?? key;
const list = (values: readonly string[], label: (v: string) => string = (v) => v) => (values.length === 0 ? "Any" : values.map(label).join(", "));

export default guardedPage("signals:view", async function ContentPersonalizerPage({ user }) {
  const db = getDb();
  const [{ timeZone }, switches] = await Promise.all([getSetting(db, "organisation"), getSetting(db, "automations")]);
  const state = switches.content_personalizer;
  const today = todayIn(timeZone);
  const editsLibrary = can(user.role, "abm:manage");
  const ownerId = user.role === "sales" ? user.id : null;
  const [assets, waiting, log, logCounts, { windows, effect }] = await Promise.all([
    listAssets(db),
    waitingSignalFacts(db, { ownerId, limit: 20 }),
    automationLog(db, "content_personalizer", { limit: ACTIONS_PAGE }),
    actionCounts(db, "content_personalizer"),
    measureAutomation(db, "content_personalizer", { built: true, ...state }, today, timeZone),
  ]);
  const impact = effect?.kind === "personalizer" ? effect.impact : null;
  const stored = await picksOf(db, waiting.map((s) => s.signalId));
  // A signal routed while the personalizer ran has its stored pick; any other gets the pick it would get now.
  const picks = waiting.map((s) => {
    const kept = stored.get(s.signalId);
    const live = kept ? null : pickAsset(assets, signalPerson(s));
    return { signal: s, stage: funnelStageOf(s.dealStagePosition), kept, pick: kept ? { title: kept.title, url: kept.url, format: null, reasons: kept.reasons } : live && { title: live.asset.title, url: live.asset.url, format: live.asset.format, reasons: live.reasons } };
  });
  const nothingFits = logCounts.byTopic.find((t) => t.topic === null)?.actions ?? 0;
  const mostPicked = logCounts.byTopic.filter((t) => t.topic !== null).slice(0, 8);

  return (
    <>
      <AutomationHeader
        automation="content_personalizer"
        state={state}
        today={today}
        admin={can(user.role, "settings:manage")}
        whileOn="each high-intent signal routed to a rep gets the library's best asset for that person (their role, their stage, their account's industry, the signal they sent, the rival in play, less what they already got), in the rep's queue; each buying-group gap gets one on the account and deal pages and in the orchestration plan."
        whileOff="No pick is made: the picks below are a preview of what it would pick."
      />

      <WinLossSection
        id="picks"
        title={ownerId === null ? "Picks for the signals waiting" : "Picks for your signals waiting"}
        description={`The latest ${formatCount(waiting.length)} high-intent signals without a response, each with the asset that fits the person best and why.`}
      >
        {assets.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600" data-testid="no-assets">
            The library is empty: {editsLibrary ? "add the first asset below, or import a CSV." : "marketing fills it."}
          </p>
        ) : waiting.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">No high-intent signal is waiting for a response.</p>
        ) : (
          <FiguresTable caption="The asset picked for each waiting signal" columns={["Signal", "Person", "Pick", "Why"]} minWidth="md:min-w-[56rem]" testId="asset-picks" textColumns>
            {picks.map(({ signal: s, stage, pick, kept }) => (
              <tr key={s.signalId} data-testid="asset-pick">
                <th scope="row" className="py-2.5 pr-3 font-medium text-slate-800">
                  {signalLabel(s.type)}
                  <span className="block text-xs font-normal text-slate-500">{formatWhen(s.receivedAt, timeZone)}</span>
                </th>
                <td data-label="Person" className="py-2.5 pr-3">
                  {s.contactName ?? "Someone unknown"}
                  <span className="block text-xs text-slate-500">
                    {s.role ? buyingGroupRoleInfo[s.role].label : "No role"} ·{" "}
                    {s.accountId ? (
                      <Link href={`/accounts/${s.accountId}`} className="text-brand-700 underline">
                        {s.accountName}
                      </Link>
                    ) : (
                      "no account"
                    )}{" "}
                    · {funnelStageLabels[stage]}
                  </span>
                </td>
                <td data-label="Pick" className="py-2.5 pr-3">
                  {pick ? (
                    <a href={pick.url} className="text-brand-700 underline" rel="noreferrer noopener" target="_blank">
                      {pick.title}
                    </a>
                  ) : (
                    <span className="text-slate-500">Nothing fits: a gap for the library</span>
                  )}
                  <span className="block text-xs text-slate-500">
                    {kept ? "Picked when it was routed: in the rep's queue" : pick ? `${formatLabels[pick.format as AssetFormat] ?? pick.format ?? ""} · preview` : ""}
                  </span>
                </td>
                <td data-label="Why" className="py-2.5 text-slate-700">{pick ? pick.reasons.join("; ") : noFitReason(s)}</td>
              </tr>
            ))}
          </FiguresTable>
        )}
      </WinLossSection>

      <ImpactSection
        title="Answered with the picked asset, and without"
        windows={windows}
        who="the personalizer"
        counted="High-intent signals received"
        note=" Over the signals answered: with the picked asset against without it, after the switch-on day; each rate with its 95 % interval and n, the difference with its 95 % interval."
      >
        {() =>
          impact ? (
            <>
              <FiguresTable caption="Signals answered with the picked asset and without" columns={["Measure", "Before", "After, with the asset", "After, without", "With − without"]} minWidth="md:min-w-[52rem]" testId="personalizer-impact">
                <tr>
                  <th scope="row" className="py-2.5 pr-3 font-medium text-slate-800">Signals answered</th>
                  <td data-label="Before" className="py-2.5 pr-3 text-right">{formatCount(impact.before.answered)}</td>
                  <td data-label="After, with the asset" className="py-2.5 pr-3 text-right">{formatCount(impact.withAsset.answered)}</td>
                  <td data-label="After, without" className="py-2.5 pr-3 text-right">{formatCount(impact.without.answered)}</td>
                  <td data-label="With − without" className="py-2.5 text-right" />
                </tr>
                <tr>
                  <th scope="row" className="py-2.5 pr-3 font-medium text-slate-800">Replied (another signal from them)</th>
                  <td data-label="Before" className="py-2.5 pr-3 text-right"><RateFigure rate={impact.before.replyRate} noun="signals" /></td>
                  <td data-label="After, with the asset" className="py-2.5 pr-3 text-right"><RateFigure rate={impact.withAsset.replyRate} noun="signals" /></td>
                  <td data-label="After, without" className="py-2.5 pr-3 text-right"><RateFigure rate={impact.without.replyRate} noun="signals" /></td>
                  <td data-label="With − without" className="py-2.5 text-right text-sm" data-testid="reply-change">{changeText(impact.replyChange)}</td>
                </tr>
                <tr>
                  <th scope="row" className="py-2.5 pr-3 font-medium text-slate-800">Meeting with the account</th>
                  <td data-label="Before" className="py-2.5 pr-3 text-right"><RateFigure rate={impact.before.meetingRate} noun="signals" /></td>
                  <td data-label="After, with the asset" className="py-2.5 pr-3 text-right"><RateFigure rate={impact.withAsset.meetingRate} noun="signals" /></td>
                  <td data-label="After, without" className="py-2.5 pr-3 text-right"><RateFigure rate={impact.without.meetingRate} noun="signals" /></td>
                  <td data-label="With − without" className="py-2.5 text-right text-sm" data-testid="meeting-change">{changeText(impact.meetingChange)}</td>
                </tr>
              </FiguresTable>
              <p className="mt-3 text-xs text-slate-500">
                A reply is another signal from the same person (from the account, when the signal named nobody) within the meeting window after the answer; a meeting counts within the meeting window after the signal. Every answered signal&apos;s meeting rate, after against before: {changeText(impact.meetingBeforeAfter)}. Reps choose when to send the asset, so the two groups may differ in more than the asset.
              </p>
            </>
          ) : null
        }
      </ImpactSection>

      <WinLossSection id="actions" title="What it did" description={`${formatCount(logCounts.total)} ${logCounts.total === 1 ? "signal" : "signals"} given a pick, or logged as a gap for the library, in all; the latest, each with why.`}>
        {log.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">{state.enabled ? "Nothing yet: the next routed high-intent signal gets its pick." : "Nothing: it has not run."}</p>
        ) : (
          <>
            <p className="mt-2 text-sm text-slate-700" data-testid="personalizer-counts">
              {mostPicked.length > 0 ? <>Most picked: {mostPicked.map((t) => `${t.topic} (${formatCount(t.actions)})`).join(", ")}. </> : null}
              {nothingFits > 0 ? `Nothing fit ${formatCount(nothingFits)} ${nothingFits === 1 ? "signal" : "signals"}: each is a gap for the library, named below.` : "Every signal so far had an asset that fits."}
            </p>
            <ActionLogTable log={log} timeZone={timeZone} caption="The personalizer's latest picks" />
          </>
        )}
      </WinLossSection>

      <WinLossSection id="library" title="Library" description={`${formatCount(assets.length)} ${assets.length === 1 ? "asset" : "assets"}. Each names whom it suits; a blank list suits anyone.`}>
        {assets.length === 0 ? null : (
          <FiguresTable caption="Content library" columns={["Asset", "Roles", "Stages", "Industries", "Signals", "Competitor", ...(editsLibrary ? ["Edit"] : [])]} minWidth="md:min-w-[64rem]" testId="content-library" textColumns>
            {assets.map((a) => (
              <tr key={a.id} data-testid={`asset-${a.title}`}>
                <th scope="row" className="py-2.5 pr-3 font-medium">
                  <a href={a.url} className="text-brand-700 underline" rel="noreferrer noopener" target="_blank">
                    {a.title}
                  </a>
                  <span className="block text-xs font-normal text-slate-500">{formatLabels[a.format as AssetFormat] ?? a.format}</span>
                </th>
                <td data-label="Roles" className="py-2.5 pr-3">{list(a.roles, (r) => buyingGroupRoleInfo[r as BuyingGroupRole]?.label ?? r)}</td>
                <td data-label="Stages" className="py-2.5 pr-3">{list(a.stages, (s) => funnelStageLabels[s as keyof typeof funnelStageLabels] ?? s)}</td>
                <td data-label="Industries" className="py-2.5 pr-3">{list(a.industries)}</td>
                <td data-label="Signals" className="py-2.5 pr-3">{list(a.signalTypes, signalLabel)}</td>
                <td data-label="Competitor" className="py-2.5 pr-3">{a.competitor ?? "—"}</td>
                {editsLibrary ? (
                  <td data-label="Edit" className="py-2.5 max-md:col-span-full">
                    <details>
                      <summary className="cursor-pointer text-sm text-brand-700 underline">Edit</summary>
                      <div className="mt-2 w-[min(36rem,80vw)] max-md:w-full">
                        <AssetForm
                          asset={{ id: a.id, version: a.version, title: a.title, format: a.format, url: a.url, roles: a.roles.join(", "), stages: a.stages.join(", "), industries: a.industries.join(", "), signalTypes: a.signalTypes.join(", "), competitor: a.competitor ?? "" }}
                        />
                        <div className="mt-2">
                          <DeleteAssetButton id={a.id} version={a.version} title={a.title} />
                        </div>
                      </div>
                    </details>
                  </td>
                ) : null}
              </tr>
            ))}
          </FiguresTable>
        )}
      </WinLossSection>

      {editsLibrary ? (
        <div className="mt-6 grid gap-6 lg:grid-cols-2">
          <WinLossSection id="add-asset" className="" title="Add an asset" description="The link is checked for its form (http:// or https://), not fetched.">
            <div className="mt-3">
              <AssetForm />
            </div>
          </WinLossSection>
          <WinLossSection id="import-assets" className="" title="Import assets" description="A CSV with a header row: every row is added, or none and each problem is listed.">
            <div className="mt-3">
              <ImportAssetsForm />
            </div>
          </WinLossSection>
        </div>
      ) : null}
    </>
  );
});
