import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/index";
import { listAssets, waitingSignalFacts } from "@/db/queries/content-assets";
import { getSetting } from "@/db/queries/settings";
import { formatLabels, funnelStageLabels, type AssetFormat } from "@/lib/automations/content-assets";
import { funnelStageOf, pickAsset } from "@/lib/automations/content-personalizer";
import { can } from "@/lib/auth/permissions";
import { buyingGroupRoleInfo, type BuyingGroupRole } from "@/lib/domain/buying-group";
import { defaultSignalTypes } from "@/lib/domain/signal-types";
import { formatCount, formatWhen } from "@/lib/format";
import { todayIn } from "@/lib/metrics/period";
import { FiguresTable, WinLossSection } from "../../win-loss/figures";
import { AutomationHeader } from "../automation-header";
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
  const [assets, waiting] = await Promise.all([listAssets(db), waitingSignalFacts(db, { ownerId, limit: 20 })]);
  const picks = waiting.map((s) => ({
    signal: s,
    stage: funnelStageOf(s.dealStagePosition),
    pick: pickAsset(assets, { role: s.role, stage: funnelStageOf(s.dealStagePosition), industry: s.industry, signalType: s.type, competitor: s.competitor, consumed: new Set() }),
  }));

  return (
    <>
      <AutomationHeader
        automation="content_personalizer"
        state={state}
        today={today}
        admin={can(user.role, "settings:manage")}
        whileOn="each high-intent signal waiting for a response gets the library's best asset for that person: their role, their stage, their account's industry, the signal they sent and the rival in play."
        whileOff="The picks below are a preview: the library is read the same way once it runs."
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
            {picks.map(({ signal: s, stage, pick }) => (
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
                    <a href={pick.asset.url} className="text-brand-700 underline" rel="noreferrer noopener" target="_blank">
                      {pick.asset.title}
                    </a>
                  ) : (
                    <span className="text-slate-500">Nothing fits: a gap for the library</span>
                  )}
                  {pick ? <span className="block text-xs text-slate-500">{formatLabels[pick.asset.format as AssetFormat] ?? pick.asset.format}</span> : null}
                </td>
                <td data-label="Why" className="py-2.5 text-slate-700">{pick ? pick.reasons.join("; ") : "No asset names this person's role, stage or industry, or their signal."}</td>
              </tr>
            ))}
          </FiguresTable>
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
