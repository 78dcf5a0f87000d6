import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/index";
import { actionCounts, automationLog } from "@/db/queries/automations";
import { pendingProposals, proposalCounts } from "@/db/queries/role-proposals";
import { measureAutomation } from "@/lib/automations/deployment-plan";
import { getSetting } from "@/db/queries/settings";
import { can, canEditBuyingGroup } from "@/lib/auth/permissions";
import { buyingGroupRoleInfo } from "@/lib/domain/buying-group";
import { formatCount, formatDecimal } from "@/lib/format";
import { mapperImpact } from "@/lib/metrics/mapper-impact";
import { todayIn } from "@/lib/metrics/period";
import { changeText } from "@/lib/reports/ai-agent-deployment-plan";
import { FiguresTable, RateFigure, WinLossSection } from "../../win-loss/figures";
import { ProposalDecision } from "../forms";
import { ActionLogTable, AutomationHeader, ImpactSection } from "../automation-header";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Buying Group Mapper" };

const roles = (v: number | null) => (v === null ? "—" : formatDecimal(v, 2));

export default guardedPage("accounts:view", async function BuyingGroupMapperPage({ user, searchParams }) {
  const db = getDb();
  const [{ timeZone }, switches] = await Promise.all([getSetting(db, "organisation"), getSetting(db, "automations")]);
  const state = switches.buying_group_mapper;
  const today = todayIn(timeZone);
  const admin = can(user.role, "settings:manage");
  const accountParam = typeof searchParams.account === "string" && /^\d{1,9}$/.test(searchParams.account) ? Number(searchParams.account) : undefined;
  // A rep sees the proposals on their own accounts; everyone else sees all of them.
  const ownerId = user.role === "sales" ? user.id : null;
  const [pending, counts, log, logCounts, { windows, effect }] = await Promise.all([
    pendingProposals(db, { ownerId, accountId: accountParam }),
    proposalCounts(db),
    automationLog(db, "buying_group_mapper", { limit: 20 }),
    actionCounts(db, "buying_group_mapper"),
    measureAutomation(db, "buying_group_mapper", { built: true, ...state }, today, timeZone),
  ]);
  const impact = effect?.kind === "mapper" ? effect.impact : mapperImpact([], []);

  return (
    <>
      <AutomationHeader automation="buying_group_mapper" state={state} today={today} admin={admin} whileOn="every hour, each contact with no role on an account with an open deal gets a proposed role, from the title, the seniority and what they did." whileOff="Nothing new is proposed; waiting proposals can still be decided." />

      <WinLossSection
        id="proposals"
        title={ownerId === null ? "Roles to confirm" : "Roles to confirm on your accounts"}
        description={`${formatCount(counts.proposed)} waiting, ${formatCount(counts.accepted)} accepted and ${formatCount(counts.rejected)} rejected in all. Accepting puts the role on the account's map; a rejected role is never proposed again for that contact.`}
      >
        {accountParam !== undefined ? (
          <p className="mt-2 text-sm">
            One account only.{" "}
            <Link href="/automations/buying-group-mapper" className="text-brand-700 underline">
              Show every account
            </Link>
          </p>
        ) : null}
        {pending.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600" data-testid="no-proposals">
            Nothing to confirm{ownerId === null ? "" : " on your accounts"}.
          </p>
        ) : (
          <FiguresTable caption="Proposed roles waiting for a decision" columns={["Contact", "Account", "Proposed role", "Why", "Decision"]} minWidth="md:min-w-[56rem]" testId="role-proposals" textColumns>
            {pending.map((p) => {
              const role = buyingGroupRoleInfo[p.role].label;
              return (
                <tr key={p.id} data-testid={`proposal-${p.contactName}`} data-contact={p.contactName} data-role={role}>
                  <th scope="row" className="py-2.5 pr-3 font-medium text-slate-800">
                    {p.contactName}
                    {p.title ? <span className="block text-xs font-normal text-slate-500">{p.title}</span> : null}
                  </th>
                  <td data-label="Account" className="py-2.5 pr-3">
                    <Link href={`/accounts/${p.accountId}`} className="text-brand-700 underline">
                      {p.accountName}
                    </Link>
                    {ownerId === null && p.ownerName ? <span className="block text-xs text-slate-500">{p.ownerName}</span> : null}
                  </td>
                  <td data-label="Proposed role" className="py-2.5 pr-3">{role}</td>
                  <td data-label="Why" className="py-2.5 pr-3 text-slate-700">{p.reason}</td>
                  <td data-label="Decision" className="py-2.5">
                    {canEditBuyingGroup(user, p.ownerId) ? <ProposalDecision proposalId={p.id} contactName={p.contactName} roleLabel={role} /> : <span className="text-xs text-slate-500">The account&apos;s owner decides</span>}
                  </td>
                </tr>
              );
            })}
          </FiguresTable>
        )}
      </WinLossSection>

      <ImpactSection title="Deal coverage, before and after" windows={windows} who="the mapper">
        {() => (
          <FiguresTable caption="Deal coverage before and after the mapper" columns={["Measure", "Before", "After", "Change"]} minWidth="md:min-w-[40rem]" testId="mapper-impact">
            <tr>
              <th scope="row" className="py-2.5 pr-3 font-medium text-slate-800">Deals closed</th>
              <td data-label="Before" className="py-2.5 pr-3 text-right">{formatCount(impact.before.deals)}</td>
              <td data-label="After" className="py-2.5 pr-3 text-right">{formatCount(impact.after.deals)}</td>
              <td data-label="Change" className="py-2.5 text-right" />
            </tr>
            <tr>
              <th scope="row" className="py-2.5 pr-3 font-medium text-slate-800">People on the maps with a role</th>
              <td data-label="Before" className="py-2.5 pr-3 text-right">
                <RateFigure rate={impact.before.identified} noun="people on the maps" />
              </td>
              <td data-label="After" className="py-2.5 pr-3 text-right">
                <RateFigure rate={impact.after.identified} noun="people on the maps" />
              </td>
              <td data-label="Change" className="py-2.5 text-right text-sm">{changeText(impact.identifiedChange)}</td>
            </tr>
            <tr>
              <th scope="row" className="py-2.5 pr-3 font-medium text-slate-800">Roles engaged per deal</th>
              <td data-label="Before" className="py-2.5 pr-3 text-right">{roles(impact.before.rolesPerDeal)}</td>
              <td data-label="After" className="py-2.5 pr-3 text-right">{roles(impact.after.rolesPerDeal)}</td>
              <td data-label="Change" className="py-2.5 text-right text-sm">
                {impact.rolesChange ? `${impact.rolesChange.difference >= 0 ? "+" : "−"}${formatDecimal(Math.abs(impact.rolesChange.difference), 2)} (${impact.rolesChange.beyondNoise ? "more than noise" : "within noise"})` : "—"}
              </td>
            </tr>
            <tr>
              <th scope="row" className="py-2.5 pr-3 font-medium text-slate-800">Multi-threaded (3+ engaged)</th>
              <td data-label="Before" className="py-2.5 pr-3 text-right">
                <RateFigure rate={impact.before.multiThreaded} noun="deals" judge />
              </td>
              <td data-label="After" className="py-2.5 pr-3 text-right">
                <RateFigure rate={impact.after.multiThreaded} noun="deals" judge />
              </td>
              <td data-label="Change" className="py-2.5 text-right text-sm">{changeText(impact.multiThreadedChange)}</td>
            </tr>
          </FiguresTable>
        )}
      </ImpactSection>

      <WinLossSection id="actions" title="What it did" description={`${formatCount(logCounts.total)} ${logCounts.total === 1 ? "proposal" : "proposals"} made in all. The latest, each with its reason.`}>
        {log.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">{state.enabled ? "No proposal yet: the next hourly run makes some where a contact has no role." : "No proposal: the mapper has not run."}</p>
        ) : (
          <ActionLogTable log={log} timeZone={timeZone} caption="The mapper's latest proposals" />
        )}
      </WinLossSection>
    </>
  );
});
