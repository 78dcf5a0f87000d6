import type { Metadata } from "next";
import Link from "next/link";
import { RateIntervalChart } from "@/components/charts/rate-interval";
import { Alert } from "@/components/ui/alert";
import { getDb } from "@/db/index";
import { ACTIONS_PAGE, actionCounts, automationLog } from "@/db/queries/automations";
import { getSetting } from "@/db/queries/settings";
import { isRival } from "@/lib/automations/competitive-alerts";
import { measureAutomation } from "@/lib/automations/deployment-plan";
import { can } from "@/lib/auth/permissions";
import { winLossDealsHref } from "@/lib/deals/drill-down";
import { formatCount, formatWhen } from "@/lib/format";
import type { Rate } from "@/lib/metrics/abm";
import { pointsText } from "@/lib/reports/ai-agent-deployment-plan";
import { competitorImpact, type CompetitorImpactRow } from "@/lib/metrics/competitor-impact";
import { todayIn, type Period } from "@/lib/metrics/period";
import { DealsFigure, FiguresTable, RateFigure, WinLossSection } from "../../win-loss/figures";
import { BattlecardForm } from "../forms";
import { AutomationHeader, ImpactSection } from "../automation-header";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Competitive Alert Monitor" };



function ChangeCell({ row }: { row: CompetitorImpactRow }) {
  if (!row.change) return <span title="a window closed no deal against it">—</span>;
  const { difference, interval, beyondNoise } = row.change;
  return (
    <span className="tabular-nums">
      <span className={beyondNoise ? (difference > 0 ? "font-medium text-emerald-700" : "font-medium text-red-700") : "text-slate-800"}>{pointsText(difference)}</span>
      <span className="block text-xs text-slate-500">
        {pointsText(interval.low)} to {pointsText(interval.high)}
      </span>
      <span className="block text-xs text-slate-600" data-testid="noise">
        {beyondNoise ? "more than noise" : "within noise"}
      </span>
    </span>
  );
}

/** A window's win rate, opening the deals it counts (one rival's, or every rival's). */
function WindowRate({ rate, competitor, href, when }: { rate: Rate; competitor: string | null; href: string; when: "before" | "after" }) {
  if (rate.n === 0) return <RateFigure rate={rate} judge />;
  return (
    <DealsFigure href={href} label={`${rate.n} deals closed ${when} against ${competitor ?? "every rival"}: open them`}>
      <RateFigure rate={rate} judge />
    </DealsFigure>
  );
}

export default guardedPage("signals:view", async function CompetitiveAlertsPage({ user, searchParams }) {
  const db = getDb();
  const [{ timeZone }, switches, { cards }, taxonomies] = await Promise.all([getSetting(db, "organisation"), getSetting(db, "automations"), getSetting(db, "battlecards"), getSetting(db, "reasonTaxonomies")]);
  const state = switches.competitive_alert_monitor;
  const today = todayIn(timeZone);
  const admin = can(user.role, "settings:manage");
  const editsCards = can(user.role, "abm:manage");
  const before = typeof searchParams.before === "string" && /^\d{1,10}$/.test(searchParams.before) ? Number(searchParams.before) : undefined;

  const [log, counts, { windows, effect }] = await Promise.all([
    automationLog(db, "competitive_alert_monitor", { before }),
    actionCounts(db, "competitive_alert_monitor"),
    measureAutomation(db, "competitive_alert_monitor", { built: true, ...state }, today, timeZone),
  ]);
  // Rivals only: the status quo and an in-house build are met by other plays.
  const impact = effect?.kind === "competitors" ? effect.impact : competitorImpact([], []);
  const dealsIn = (period: Period, competitor: string | null) => winLossDealsHref({ preset: "custom", period, filters: {} }, competitor === null ? { rivals: true } : { competitor });
  const rivals = taxonomies.competitor.map((c) => c.label).filter(isRival);
  const orphanCards = cards.filter((c) => !rivals.includes(c.competitor));

  return (
    <>
      <AutomationHeader automation="competitive_alert_monitor" state={state} today={today} admin={admin} whileOn="competitor signals alert the account's owner as they arrive; open deals naming a competitor are checked every 5 minutes." whileOff="Nothing is alerted while it is off; what it did stays below." />

      <ImpactSection title="Win rate against each rival, before and after" windows={windows} who="the monitor" note=" Each rate with its 95 % interval and n; the change with its 95 % interval.">
        {(windows) =>
          impact.total.before.n + impact.total.after.n > 0 ? (
          <>
            <FiguresTable caption="Win rate against each competitor before and after the monitor" columns={["Competitor", "Before", "After", "Change"]} minWidth="md:min-w-[40rem]" testId="competitor-impact">
              {[...impact.rows, impact.total].map((row) => (
                <tr key={row.competitor ?? "all"} className={row.competitor === null ? "font-medium" : ""}>
                  <th scope="row" className="py-2.5 pr-3 font-medium text-slate-800">
                    {row.competitor ?? "Every rival"}
                  </th>
                  <td data-label="Before" className="py-2.5 pr-3 text-right">
                    <WindowRate rate={row.before} competitor={row.competitor} href={dealsIn(windows.before, row.competitor)} when="before" />
                  </td>
                  <td data-label="After" className="py-2.5 pr-3 text-right">
                    <WindowRate rate={row.after} competitor={row.competitor} href={dealsIn(windows.after, row.competitor)} when="after" />
                  </td>
                  <td data-label="Change" className="py-2.5 text-right">
                    <ChangeCell row={row} />
                  </td>
                </tr>
              ))}
            </FiguresTable>
            <div className="mt-5">
              <RateIntervalChart
                caption="Win rate with its 95 % interval, before and after, for each competitor"
                rows={impact.rows.flatMap((r) => [
                  { label: `${r.competitor} · before`, rate: r.before },
                  { label: `${r.competitor} · after`, rate: r.after },
                ])}
              />
            </div>
            <p className="mt-3 text-xs text-slate-500">
              A deal counts against the competitor it records (the taxonomy&apos;s label, else the CRM&apos;s text); the status quo and an in-house build are not rivals the monitor alerts on, so they are left out. The after window is recent: its deals may still be closing. Other changes in the same months (pricing, people) move these rates too.
            </p>
          </>
        ) : (
          <Alert tone="info" title="No deal naming a competitor closed in either window">
            The comparison fills in as deals that record a competitor close.
          </Alert>
          )
        }
      </ImpactSection>

      <WinLossSection id="cards" title="Battlecards" description="The link and notes each alert carries for its competitor. Marketing keeps them current.">
        <ul className="mt-3 grid gap-4 md:grid-cols-2" data-testid="battlecards">
          {[...rivals, ...orphanCards.map((c) => c.competitor)].map((competitor) => {
            const card = cards.find((c) => c.competitor === competitor) ?? null;
            return (
              <li key={competitor} className="rounded-md border border-slate-200 p-4" data-testid={`battlecard-${competitor}`}>
                <h3 className="text-sm font-semibold text-slate-900">{competitor}</h3>
                {editsCards ? (
                  <div className="mt-2">
                    <BattlecardForm competitor={competitor} url={card?.url ?? null} notes={card?.notes ?? ""} />
                  </div>
                ) : card ? (
                  <div className="mt-1 text-sm text-slate-700">
                    {card.url ? (
                      <a href={card.url} className="text-brand-700 underline" rel="noopener noreferrer" target="_blank">
                        Open the battlecard
                      </a>
                    ) : null}
                    {card.notes ? <p className="mt-1 whitespace-pre-line">{card.notes}</p> : null}
                  </div>
                ) : (
                  <p className="mt-1 text-sm text-slate-500">No battlecard yet.</p>
                )}
              </li>
            );
          })}
        </ul>
      </WinLossSection>

      <WinLossSection id="actions" title="What it did" description={`${formatCount(counts.total)} ${counts.total === 1 ? "alert" : "alerts"} in all${counts.byTopic.length ? `: ${counts.byTopic.map((t) => `${t.topic ?? "none"} ${formatCount(t.actions)}`).join(", ")}` : ""}. Newest first, each with its reason.`}>
        {log.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">{state.enabled ? "No alert yet: the next competitor signal or deal naming a competitor raises one." : "No alert: the monitor has not run."}</p>
        ) : (
          <FiguresTable caption="The monitor's alerts, newest first" columns={["When", "About", "Competitor", "Alerted", "Why"]} minWidth="md:min-w-[52rem]" testId="automation-actions" textColumns>
            {log.map((a) => (
              <tr key={a.id}>
                <th scope="row" className="py-2.5 pr-3 font-normal whitespace-nowrap text-slate-700">
                  {formatWhen(a.at, timeZone)}
                </th>
                <td data-label="About" className="py-2.5 pr-3">
                  {a.opportunityId ? (
                    <Link href={`/deals/${a.opportunityId}`} className="text-brand-700 underline">
                      {a.opportunityName ?? `Deal #${a.opportunityId}`}
                    </Link>
                  ) : a.accountId ? (
                    <Link href={`/accounts/${a.accountId}`} className="text-brand-700 underline">
                      {a.accountName ?? `Account #${a.accountId}`}
                    </Link>
                  ) : (
                    "—"
                  )}
                </td>
                <td data-label="Competitor" className="py-2.5 pr-3">{a.topic ?? "—"}</td>
                <td data-label="Alerted" className="py-2.5 pr-3">{a.userName ?? "—"}</td>
                <td data-label="Why" className="py-2.5 text-slate-700">{a.reason}</td>
              </tr>
            ))}
          </FiguresTable>
        )}
        {log.length === ACTIONS_PAGE ? (
          <p className="mt-3 text-sm">
            <Link href={`/automations/competitive-alerts?before=${log[log.length - 1]!.id}#actions-heading`} className="text-brand-700 underline">
              Older alerts
            </Link>
          </p>
        ) : null}
      </WinLossSection>
    </>
  );
});
