import type { Metadata } from "next";
import Link from "next/link";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/index";
import { ACTIONS_PAGE, actionCounts, automationLog } from "@/db/queries/automations";
import { campaignTaskList, enrolmentCounts, enrolmentList } from "@/db/queries/campaigns";
import { getSetting, settingStamp } from "@/db/queries/settings";
import { users } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { tierInfo } from "@/lib/domain/abm-tiers";
import { audienceLabel, channelInfo, enrolledTiers, enrolmentStateLabels, type PlayChannel, type StepAudience } from "@/lib/domain/campaign-plays";
import { roleLabels } from "@/lib/domain/roles";
import { formatCount, formatDate, formatDecimal } from "@/lib/format";
import { measureAutomation } from "@/lib/automations/deployment-plan";
import { changeText } from "@/lib/reports/ai-agent-deployment-plan";
import { todayIn } from "@/lib/metrics/period";
import { FiguresTable, RateFigure, WinLossSection } from "../../win-loss/figures";
import { ActionLogTable, AutomationHeader, ImpactSection } from "../automation-header";
import { CompleteTask } from "./complete-task";
import { PlaysEditor } from "./plays-editor";
import type { MeanDifference } from "@/lib/metrics/statistics";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Campaign Orchestrator" };

const cycle = (days: number | null, n: number) => (days === null ? "—" : `${formatDecimal(days, 1)} days (n = ${formatCount(n)})`);
const daysChange = (c: MeanDifference | null) => (c ? `${c.difference >= 0 ? "+" : "−"}${formatDecimal(Math.abs(c.difference), 1)} days (${c.beyondNoise ? "more than noise" : "within noise"})` : "—");


export default guardedPage("accounts:view", async function CampaignOrchestratorPage({ user }) {
  const db = getDb();
  const [{ timeZone }, switches, plays, stamp] = await Promise.all([getSetting(db, "organisation"), getSetting(db, "automations"), getSetting(db, "campaignPlays"), settingStamp(db, "campaignPlays")]);
  const state = switches.campaign_orchestrator;
  const today = todayIn(timeZone);
  const editsPlays = can(user.role, "abm:manage");
  // A rep works their own tasks; everyone else sees the team's.
  const ownerId = user.role === "sales" ? user.id : undefined;
  const [tasks, enrolments, counts, log, logCounts, people, { windows, effect }] = await Promise.all([
    campaignTaskList(db, { ownerId, state: "open", limit: 100 }),
    enrolmentList(db, { limit: 100 }),
    enrolmentCounts(db),
    automationLog(db, "campaign_orchestrator", { limit: ACTIONS_PAGE }),
    actionCounts(db, "campaign_orchestrator"),
    editsPlays ? db.select({ id: users.id, name: users.name, role: users.role }).from(users).where(eq(users.active, true)).orderBy(users.name) : Promise.resolve([]),
    measureAutomation(db, "campaign_orchestrator", { built: true, ...state }, today, timeZone),
  ]);
  const impact = effect?.kind === "orchestrator" ? effect.impact : null;
  const tiers = enrolledTiers(plays);
  const owners = [
    { value: "account_owner", label: "The account's owner" },
    { value: "webhook", label: "Webhook (ads and e-mail tools)" },
    ...people.map((p) => ({ value: `user:${p.id}`, label: `${p.name} (${roleLabels[p.role]})` })),
  ];

  return (
    <>
      <AutomationHeader
        automation="campaign_orchestrator"
        state={state}
        today={today}
        admin={can(user.role, "settings:manage")}
        whileOn={`every hour it enrols the accounts of ${tiers.length === 0 ? "the tiers marketing enrols (none yet)" : tiers.map((t) => tierInfo[t].label).join(", ")} and takes each play one step further: a task for its owner on its day, paused by a meeting, pulled in by fresh high intent, at most ${plays.touchCap} touches per contact a week.`}
        whileOff="No account is enrolled and no step is tasked; stopped plays and their tasks stay below."
      />

      <WinLossSection
        id="tasks"
        title={ownerId === undefined ? "Open tasks" : "Your tasks"}
        description={`${ownerId === undefined ? `${formatCount(counts.openTasks)} open in all` : `${formatCount(tasks.length)} open for you`}. Each step of a play becomes a task for its owner on its day, with the reason it is due; a webhook step goes to the ads and e-mail tools.`}
      >
        {tasks.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600" data-testid="no-tasks">
            {state.enabled ? `No open task${ownerId === undefined ? "" : " for you"}: the next steps come on their days.` : "No open task: the orchestrator is off."}
          </p>
        ) : (
          <FiguresTable caption="Open tasks of the Campaign Orchestrator" columns={["Due", "Account", "Step", "What", "Why", "Done"]} minWidth="md:min-w-[64rem]" testId="campaign-tasks" textColumns>
            {tasks.map((t) => (
              <tr key={t.id} data-testid="campaign-task" data-account={t.accountName}>
                <th scope="row" className={`py-2.5 pr-3 font-medium whitespace-nowrap ${t.dueOn < today ? "text-red-700" : "text-slate-800"}`}>
                  {formatDate(t.dueOn)}
                </th>
                <td data-label="Account" className="py-2.5 pr-3">
                  <Link href={`/accounts/${t.accountId}`} className="text-brand-700 underline">
                    {t.accountName}
                  </Link>
                  <span className="block text-xs text-slate-500">{tierInfo[t.tier].label}</span>
                </td>
                <td data-label="Step" className="py-2.5 pr-3">
                  {t.step + 1}. {channelInfo[t.channel as PlayChannel]?.label ?? t.channel}
                  <span className="block text-xs text-slate-500">to {t.contactName ?? audienceLabel(t.audience as StepAudience)}</span>
                </td>
                <td data-label="What" className="py-2.5 pr-3 text-slate-800">
                  {t.action}
                  {ownerId === undefined ? <span className="block text-xs text-slate-500">{t.ownerName ?? "No owner"}</span> : null}
                </td>
                <td data-label="Why" className="py-2.5 pr-3 text-slate-700">{t.reason}</td>
                <td data-label="Done" className="py-2.5">
                  {t.ownerId === user.id || user.role === "admin" ? <CompleteTask taskId={t.id} label={`${t.accountName}, step ${t.step + 1}`} /> : <span className="text-xs text-slate-500">Its owner marks it</span>}
                </td>
              </tr>
            ))}
          </FiguresTable>
        )}
      </WinLossSection>

      <ImpactSection
        title="The enrolled accounts, before and after, and against the rest"
        windows={windows}
        who="the orchestrator"
        counted="Measured over"
        note=" The same accounts in both windows: those it enrolled; the accounts it never enrolled, over the after window, are the comparison. Enrolled accounts were chosen by tier, so the comparison shows the tier as well as the play."
      >
        {() =>
          impact ? (
            <FiguresTable
              caption="The enrolled accounts before and after the orchestrator, and against the accounts it never enrolled"
              columns={["Measure", "Before", "After", "Change", "Never enrolled, after", "Enrolled − never"]}
              minWidth="md:min-w-[64rem]"
              testId="orchestrator-impact"
            >
              <tr>
                <th scope="row" className="py-2.5 pr-3 font-medium text-slate-800">Accounts</th>
                <td data-label="Before" className="py-2.5 pr-3 text-right">{formatCount(impact.before.accounts)}</td>
                <td data-label="After" className="py-2.5 pr-3 text-right">{formatCount(impact.after.accounts)}</td>
                <td data-label="Change" className="py-2.5 pr-3 text-right" />
                <td data-label="Never enrolled, after" className="py-2.5 pr-3 text-right">{formatCount(impact.notEnrolled.accounts)}</td>
                <td data-label="Enrolled − never" className="py-2.5 text-right" />
              </tr>
              <tr>
                <th scope="row" className="py-2.5 pr-3 font-medium text-slate-800">Engaged (a contact touched or met)</th>
                <td data-label="Before" className="py-2.5 pr-3 text-right"><RateFigure rate={impact.before.engagement} noun="accounts" /></td>
                <td data-label="After" className="py-2.5 pr-3 text-right"><RateFigure rate={impact.after.engagement} noun="accounts" /></td>
                <td data-label="Change" className="py-2.5 pr-3 text-right text-sm">{changeText(impact.engagementChange)}</td>
                <td data-label="Never enrolled, after" className="py-2.5 pr-3 text-right"><RateFigure rate={impact.notEnrolled.engagement} noun="accounts" /></td>
                <td data-label="Enrolled − never" className="py-2.5 text-right text-sm" data-testid="engagement-vs-not">{changeText(impact.engagementVsNot)}</td>
              </tr>
              <tr>
                <th scope="row" className="py-2.5 pr-3 font-medium text-slate-800">With an opportunity created</th>
                <td data-label="Before" className="py-2.5 pr-3 text-right"><RateFigure rate={impact.before.opportunities} noun="accounts" /></td>
                <td data-label="After" className="py-2.5 pr-3 text-right"><RateFigure rate={impact.after.opportunities} noun="accounts" /></td>
                <td data-label="Change" className="py-2.5 pr-3 text-right text-sm">{changeText(impact.opportunitiesChange)}</td>
                <td data-label="Never enrolled, after" className="py-2.5 pr-3 text-right"><RateFigure rate={impact.notEnrolled.opportunities} noun="accounts" /></td>
                <td data-label="Enrolled − never" className="py-2.5 text-right text-sm">{changeText(impact.opportunitiesVsNot)}</td>
              </tr>
              <tr>
                <th scope="row" className="py-2.5 pr-3 font-medium text-slate-800">Cycle of the deals won</th>
                <td data-label="Before" className="py-2.5 pr-3 text-right">{cycle(impact.before.cycleDays, impact.before.wonDeals)}</td>
                <td data-label="After" className="py-2.5 pr-3 text-right">{cycle(impact.after.cycleDays, impact.after.wonDeals)}</td>
                <td data-label="Change" className="py-2.5 pr-3 text-right text-sm">{daysChange(impact.cycleChange)}</td>
                <td data-label="Never enrolled, after" className="py-2.5 pr-3 text-right">{cycle(impact.notEnrolled.cycleDays, impact.notEnrolled.wonDeals)}</td>
                <td data-label="Enrolled − never" className="py-2.5 text-right text-sm">{daysChange(impact.cycleVsNot)}</td>
              </tr>
            </FiguresTable>
          ) : null
        }
      </ImpactSection>

      <WinLossSection
        id="plays"
        title="Plays"
        description={`Each tier's steps, in days from the account's enrolment (a step after a pause keeps its spacing from the one before). A contact gets at most ${plays.touchCap} touches a week; a meeting pauses a play for ${plays.pauseDays} days.${editsPlays ? "" : " Marketing edits them."}`}
      >
        {editsPlays ? (
          <PlaysEditor plays={plays} loadedAt={stamp.updatedAt} owners={owners} />
        ) : (
          <div className="mt-3 space-y-4">
            {(Object.keys(plays.tiers) as (keyof typeof plays.tiers)[]).map((tier) => (
              <FiguresTable key={tier} caption={`${tierInfo[tier].label} play${plays.tiers[tier].enrolled ? " (enrolled)" : ""}`} columns={["Day", "Channel", "To", "What"]} minWidth="md:min-w-[40rem]" testId={`play-${tier}`} textColumns>
                {plays.tiers[tier].steps.map((s, i) => (
                  <tr key={i}>
                    <th scope="row" className="py-2 pr-3 font-normal whitespace-nowrap">Day {s.day}</th>
                    <td data-label="Channel" className="py-2 pr-3">{channelInfo[s.channel].label}</td>
                    <td data-label="To" className="py-2 pr-3">{audienceLabel(s.audience)}</td>
                    <td data-label="What" className="py-2">{s.action}</td>
                  </tr>
                ))}
              </FiguresTable>
            ))}
          </div>
        )}
      </WinLossSection>

      <WinLossSection
        id="enrolments"
        title="Enrolled accounts"
        description={`${formatCount(counts.active)} running, ${formatCount(counts.paused)} paused, ${formatCount(counts.completed)} completed and ${formatCount(counts.stopped)} stopped. One play runs on an account at a time.`}
      >
        {enrolments.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">No account enrolled yet.</p>
        ) : (
          <FiguresTable caption="Accounts in a play" columns={["Account", "Play", "Enrolled", "State", "Steps tasked"]} minWidth="md:min-w-[48rem]" testId="campaign-enrolments" textColumns>
            {enrolments.map((e) => (
              <tr key={e.id}>
                <th scope="row" className="py-2.5 pr-3 font-medium">
                  <Link href={`/accounts/${e.accountId}`} className="text-brand-700 underline">
                    {e.accountName}
                  </Link>
                </th>
                <td data-label="Play" className="py-2.5 pr-3">{tierInfo[e.tier].label}</td>
                <td data-label="Enrolled" className="py-2.5 pr-3 whitespace-nowrap">{formatDate(e.enrolledOn)}</td>
                <td data-label="State" className="py-2.5 pr-3">
                  {enrolmentStateLabels[e.state]}
                  {e.stateReason ? <span className="block text-xs text-slate-500">{e.stateReason}</span> : null}
                </td>
                <td data-label="Steps tasked" className="py-2.5">
                  {formatCount(e.tasked)} of {formatCount(plays.tiers[e.tier].steps.length)} ({formatCount(e.done)} done)
                </td>
              </tr>
            ))}
          </FiguresTable>
        )}
      </WinLossSection>

      <WinLossSection id="actions" title="What it did" description={`${formatCount(logCounts.total)} ${logCounts.total === 1 ? "action" : "actions"} in all. The latest, each with its reason.`}>
        {log.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">Nothing yet.</p>
        ) : (
          <ActionLogTable log={log} timeZone={timeZone} caption="The orchestrator's latest actions" />
        )}
      </WinLossSection>
    </>
  );
});
