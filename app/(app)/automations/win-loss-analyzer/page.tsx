import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/index";
import { ACTIONS_PAGE, actionCounts, automationLog } from "@/db/queries/automations";
import { listArchivedReports, scheduleSettings } from "@/db/queries/cadence";
import { getSetting } from "@/db/queries/settings";
import { measureAutomation } from "@/lib/automations/deployment-plan";
import { can } from "@/lib/auth/permissions";
import { closedInWindowHref } from "@/lib/deals/drill-down";
import { analyzerCadence } from "@/lib/domain/automations";
import { cadences, cronOf, nextRunAt } from "@/lib/domain/cadence";
import { formatCount, formatPeriod, formatWhen } from "@/lib/format";
import { analyzerImpact } from "@/lib/metrics/analyzer-impact";
import type { Rate } from "@/lib/metrics/abm";
import { todayIn, type Period } from "@/lib/metrics/period";
import { changeText } from "@/lib/reports/ai-agent-deployment-plan";
import { FiguresTable, RateFigure, WinLossSection } from "../../win-loss/figures";
import { ActionLogTable, AutomationHeader, ImpactSection } from "../automation-header";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Win/Loss Analyzer" };

/** A window's rate, opening the deals it counts (`label` says which, to a screen reader, after the figure). */
function WindowRate({ rate, href, label }: { rate: Rate; href: string; label: string }) {
  if (rate.n === 0) return <RateFigure rate={rate} />;
  return (
    <Link href={href} className="text-brand-700 underline hover:text-brand-800">
      <RateFigure rate={rate} />
      <span className="sr-only"> ({label})</span>
    </Link>
  );
}

export default guardedPage("velocity:view", async function WinLossAnalyzerPage({ user }) {
  const db = getDb();
  const [{ timeZone }, switches, schedules] = await Promise.all([getSetting(db, "organisation"), getSetting(db, "automations"), scheduleSettings(db)]);
  const state = switches.win_loss_analyzer;
  const schedule = schedules[analyzerCadence];
  const today = todayIn(timeZone);
  const admin = can(user.role, "settings:manage");
  const [reports, log, logCounts, { windows, effect }] = await Promise.all([
    listArchivedReports(db, [analyzerCadence], { limit: 24 }),
    automationLog(db, "win_loss_analyzer", { limit: ACTIONS_PAGE }),
    actionCounts(db, "win_loss_analyzer"),
    measureAutomation(db, "win_loss_analyzer", { built: true, ...state }, today, timeZone),
  ]);
  const impact = effect?.kind === "analyzer" ? effect.impact : analyzerImpact({ won: 0, lost: 0, lostWithReason: 0 }, { won: 0, lost: 0, lostWithReason: 0 });
  const nextRun = schedule.enabled ? nextRunAt(cronOf(analyzerCadence, schedule.time), timeZone, new Date()) : null;
  const side = (when: "before" | "after", period: Period) => {
    const s = impact[when];
    return {
      winRate: <WindowRate rate={s.winRate} href={closedInWindowHref(period)} label={`${s.winRate.n} deals closed ${when}: open them`} />,
      reasons: <WindowRate rate={s.reasonsRecorded} href={closedInWindowHref(period, "lostWithoutReason")} label={`${s.reasonsRecorded.n - s.reasonsRecorded.hits} deals lost ${when} without a reason: open them`} />,
    };
  };

  return (
    <>
      <AutomationHeader
        automation="win_loss_analyzer"
        state={state}
        today={today}
        admin={admin}
        whileOn={`on the 1st of each month it writes the win/loss pattern report of the month before and archives it here and under Reports.`}
        whileOff="No monthly report is written; the reports it archived stay here."
      />

      <WinLossSection
        id="schedule"
        title="When it runs"
        description={`${cadences[analyzerCadence].frequency} at ${schedule.time} (${timeZone}), over the month before: every deal closed that month, not a sample.`}
      >
        <p className="mt-2 text-sm text-slate-700" data-testid="analyzer-next-run">
          {nextRun ? `Next report: ${formatWhen(nextRun, timeZone)}.` : "Not scheduled while it is off."}{" "}
          {can(user.role, "jobs:manage") ? (
            <Link href="/admin/jobs#job-monthly_win_loss_review" className="text-brand-700 underline">
              Change its time or run it now on the Jobs page
            </Link>
          ) : null}
        </p>
        <p className="mt-1 text-sm text-slate-600">
          Each report reads like{" "}
          <Link href="/win-loss?period=last_month" className="text-brand-700 underline">
            last month on /win-loss
          </Link>
          : why deals were won and lost, win rate by group, the competitors, where deals die, and the stall tactics with their effect.
        </p>
      </WinLossSection>

      <WinLossSection id="archive" title="Reports it archived" description={reports.length === 0 ? "None yet." : `The latest ${formatCount(reports.length)}, newest first.`}>
        {reports.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600" data-testid="no-reports">
            {state.enabled ? "The first report is written on the 1st of next month." : "No report: switch the analyzer on to have one each month."}
          </p>
        ) : (
          <FiguresTable caption="The win/loss pattern reports it archived" columns={["Month", "Archived", "Report"]} minWidth="md:min-w-[36rem]" testId="analyzer-reports" textColumns>
            {reports.map((r) => (
              <tr key={r.id}>
                <th scope="row" className="py-2.5 pr-3 font-medium text-slate-800">{formatPeriod(r.periodFrom, r.periodTo)}</th>
                <td data-label="Archived" className="py-2.5 pr-3 text-slate-700">{formatWhen(r.createdAt, timeZone)}</td>
                <td data-label="Report" className="py-2.5">
                  <a href={`/reports/${r.id}`} className="text-brand-700 underline">
                    {r.fileName}
                  </a>
                </td>
              </tr>
            ))}
          </FiguresTable>
        )}
      </WinLossSection>

      <ImpactSection title="Win rate and loss reasons, before and after" windows={windows} who="the analyzer" note=" Each rate with its 95 % interval and n; the change with its 95 % interval.">
        {(windows) => (
          <>
            <FiguresTable caption="Win rate and loss reasons before and after the analyzer" columns={["Measure", "Before", "After", "Change"]} minWidth="md:min-w-[40rem]" testId="analyzer-impact">
              <tr>
                <th scope="row" className="py-2.5 pr-3 font-medium text-slate-800">Win rate</th>
                <td data-label="Before" className="py-2.5 pr-3 text-right">{side("before", windows.before).winRate}</td>
                <td data-label="After" className="py-2.5 pr-3 text-right">{side("after", windows.after).winRate}</td>
                <td data-label="Change" className="py-2.5 text-right text-sm">{changeText(impact.winRateChange)}</td>
              </tr>
              <tr>
                <th scope="row" className="py-2.5 pr-3 font-medium text-slate-800">Lost deals with a loss reason</th>
                <td data-label="Before" className="py-2.5 pr-3 text-right">{side("before", windows.before).reasons}</td>
                <td data-label="After" className="py-2.5 pr-3 text-right">{side("after", windows.after).reasons}</td>
                <td data-label="Change" className="py-2.5 text-right text-sm">{changeText(impact.reasonsChange)}</td>
              </tr>
            </FiguresTable>
            <p className="mt-3 text-xs text-slate-500">
              A loss reason counts when the deal records one (the taxonomy&apos;s label, or the CRM&apos;s text). A lost deal&apos;s figure opens the lost deals still without a reason. The after window is recent: its deals may still be closing, and other changes in the same months move these rates too.
            </p>
          </>
        )}
      </ImpactSection>

      <WinLossSection id="actions" title="What it did" description={`${formatCount(logCounts.total)} ${logCounts.total === 1 ? "report" : "reports"} written in all. The latest, each with what the month showed.`}>
        {log.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">No report written yet.</p>
        ) : (
          <ActionLogTable log={log} timeZone={timeZone} caption="The analyzer's latest runs" account={false} />
        )}
      </WinLossSection>
    </>
  );
});
