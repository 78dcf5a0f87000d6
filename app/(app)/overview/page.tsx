import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { getDb, type Database } from "@/db/index";
import { countAccounts } from "@/db/queries/accounts";
import { listAnswers, unansweredDemoRequests } from "@/db/queries/answers";
import { breachCounts, type BreachKind } from "@/db/queries/breaches";
import { getSetting } from "@/db/queries/settings";
import { waitingSignalCounts } from "@/db/queries/signals";
import { countActiveUsers } from "@/db/queries/users";
import { tasksDue } from "@/db/queries/campaigns";
import { todayIn } from "@/lib/metrics/period";
import { workspaceSummary } from "@/db/queries/workspace";
import { can } from "@/lib/auth/permissions";
import type { UserRole } from "@/lib/domain/roles";
import { formatChange, formatCount, formatDashboardMoney, formatDate, formatValue } from "@/lib/format";
import { stepName } from "@/lib/funnel/bottleneck-words";
import { breachScopeInForce, buildFunnelReport, resolveFunnelView } from "@/lib/funnel/report";
import { factsNeeded, overviewTiles, type FactValue, type TileFact } from "@/lib/overview/tiles";
import { dealActionCounts } from "@/lib/deals/view";
import { buildVelocityReport, resolveVelocityView } from "@/lib/velocity/report";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Overview" };

type Facts = Partial<Record<TileFact, FactValue>>;

/** The open breaches of one kind (a rep's own), as the breaches list counts them. */
async function openBreaches(db: Database, kind: BreachKind, ownerId: number | undefined): Promise<number> {
  const scope = await breachScopeInForce(db, kind);
  return scope === null ? 0 : (await breachCounts(db, { ...scope, ownerId })).open;
}

async function velocityFacts(db: Database): Promise<Facts> {
  const view = await resolveVelocityView(db, { period: "this_quarter" });
  if (!view.ok) return {};
  const report = await buildVelocityReport(db, view.request, view.context);
  const currency = report.organisation.currency;
  const { velocity, winRate } = report.current;
  const change = report.deltas.velocity;
  return {
    velocity: {
      text: velocity.value === null ? "—" : formatValue(velocity.value, { kind: "moneyPerDay", currency }),
      note: change.value === null ? `No change to show against ${report.previous.label}` : `${change.value > 0 ? "▲" : change.value < 0 ? "▼" : "■"} ${formatChange(change.value)} vs ${report.previous.label}`,
    },
    winRate: { text: winRate.value === null ? "—" : formatValue(winRate.value, { kind: "percent" }), note: `${formatCount(report.sample.won + report.sample.lost)} deals closed` },
    openPipeline: { text: formatDashboardMoney(report.pipeline.open, { currency }), note: `${formatCount(report.pipeline.amounts.open.deals)} open deals` },
  };
}

async function funnelFacts(db: Database, period: "this_quarter" | "this_week", mode: "cohort" | "flow"): Promise<Facts> {
  const view = await resolveFunnelView(db, { period, mode });
  if (!view.ok) return {};
  const report = await buildFunnelReport(db, view.request, view.context);
  if (mode === "flow") return { mqlsThisWeek: report.flow.mql };
  const step = report.bottleneck.bottleneck;
  return { bottleneck: step ? { text: stepName(step), note: "The step with the longest wait" } : { text: "None yet", note: "No step has had time to measure" } };
}

/** Fetches only the facts the role's tiles name; a rep's are their own. */
async function overviewFacts(db: Database, role: UserRole, userId: number): Promise<Facts> {
  const needed = factsNeeded(role);
  const ownerId = role === "sales" ? userId : undefined;
  const { tierRules } = needed.has("accountsActiveIntent") || needed.has("accountsWithoutChampion") || needed.has("tier1ActiveIntent") ? await getSetting(db, "abm") : { tierRules: null };
  const loaders: Partial<Record<TileFact, () => Promise<Facts>>> = {
    signalsWaiting: async () => {
      const counts = await waitingSignalCounts(db, { userId: ownerId ?? null, now: new Date() });
      return { signalsWaiting: counts.waiting, signalsOverdue: counts.overdue };
    },
    accountsActiveIntent: async () => ({ accountsActiveIntent: await countAccounts(db, tierRules!, { ownerId, intent: "active" }) }),
    accountsWithoutChampion: async () => ({ accountsWithoutChampion: await countAccounts(db, tierRules!, { ownerId, champion: "none" }) }),
    tier1ActiveIntent: async () => ({ tier1ActiveIntent: await countAccounts(db, tierRules!, { tier: "tier_1", intent: "active" }) }),
    breachesMql: async () => ({ breachesMql: await openBreaches(db, "mql", ownerId) }),
    breachesSql: async () => ({ breachesSql: await openBreaches(db, "sql", ownerId) }),
    breachesOpportunity: async () => ({ breachesOpportunity: await openBreaches(db, "opportunity", ownerId) }),
    velocity: () => velocityFacts(db),
    bottleneck: () => funnelFacts(db, "this_quarter", "cohort"),
    mqlsThisWeek: () => funnelFacts(db, "this_week", "flow"),
    answersToReview: async () => ({ answersToReview: (await listAnswers(db, { review: true })).total }),
    demoRequestsWaiting: async () => ({ demoRequestsWaiting: (await unansweredDemoRequests(db, { limit: 1 })).total }),
    activeUsers: async () => ({ activeUsers: await countActiveUsers(db) }),
    campaignTasksDue: async () => ({ campaignTasksDue: await tasksDue(db, userId, todayIn((await getSetting(db, "organisation")).timeZone)) }),
  };
  const parts = await Promise.all([...needed].flatMap((fact) => (loaders[fact] ? [loaders[fact]()] : [])));
  return Object.assign({}, ...parts) as Facts;
}

export default guardedPage("workspace:view", async function OverviewPage({ user }) {
  const db = getDb();
  const ownOnly = user.role === "sales";
  const summary = await workspaceSummary(db, ownOnly ? { ownerId: user.id } : {});
  const empty = summary.accounts === 0 && summary.openOpportunities + summary.wonOpportunities + summary.lostOpportunities === 0;
  const [tiles, actions] = empty
    ? [[], []]
    : await Promise.all([overviewTiles(user.role, user.id, await overviewFacts(db, user.role, user.id)), ownOnly ? dealActionCounts(db, user.id) : []]);

  return (
    <>
      <PageHeader
        title={ownOnly ? `Your book, ${user.name.split(" ")[0]}` : "Workspace overview"}
        description={
          ownOnly
            ? "What waits for you this week, in the accounts and deals you own. Each figure opens its list."
            : `${user.role === "executive" ? "Where the pipeline stands this quarter" : "What needs acting on this week"}. Each figure opens the list behind it.${
                summary.firstActivity && summary.lastActivity ? ` Data from ${formatDate(summary.firstActivity)} to ${formatDate(summary.lastActivity)}.` : ""
              }`
        }
      />
      {empty ? (
        <Card title={ownOnly ? "You own no accounts yet" : "No data yet"}>
          <p className="text-sm text-slate-600">
            {ownOnly
              ? "Ask your RevOps admin to assign accounts to you, or to import your CRM data."
              : can(user.role, "users:manage")
                ? "Import your CRM exports to see your pipeline here, or run npm run db:seed on an empty database to load demo data."
                : "Your RevOps admin has not imported any CRM data yet."}
          </p>
        </Card>
      ) : (
        <ul className="grid grid-cols-1 gap-3 min-[420px]:grid-cols-2 sm:gap-4 lg:grid-cols-3" data-testid="overview-tiles">
          {tiles.map((tile) => (
            <li key={tile.fact}>
              <Link
                href={tile.href}
                data-testid={`tile-${tile.fact}`}
                className={`flex h-full flex-col rounded-lg border bg-white p-4 shadow-sm hover:border-brand-500 focus-visible:outline-2 focus-visible:outline-brand-600 ${tile.attention ? "border-amber-300" : "border-slate-200"}`}
              >
                <span className="text-sm text-slate-600">{tile.label}</span>
                <span className="mt-1 text-2xl font-semibold tracking-tight break-words text-slate-900" data-testid="tile-figure">
                  {tile.figure}
                </span>
                {tile.note ? <span className="mt-1 text-xs text-slate-600">{tile.note}</span> : null}
                <span className="mt-auto pt-2 text-xs font-medium text-brand-700 underline">{tile.opens} →</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {actions.length > 0 ? (
        <section aria-labelledby="deal-actions-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm" data-testid="deal-actions">
          <h2 id="deal-actions-heading" className="text-base font-semibold text-slate-900">
            Your deals needing action
          </h2>
          <p className="mt-1 text-sm text-slate-600">Your open deals by what they need, and your lost deals without a reason. Each count opens exactly those deals.</p>
          <ul className="mt-3 divide-y divide-slate-100">
            {actions.map((a) => (
              <li key={a.action}>
                <Link href={a.href} className="flex items-baseline gap-3 py-2 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600" data-testid={`deal-action-${a.action}`}>
                  <span className={`w-10 shrink-0 text-right text-lg font-semibold tabular-nums ${a.count > 0 ? "text-amber-800" : "text-slate-500"}`} data-testid="deal-action-count">
                    {formatCount(a.count)}
                  </span>
                  <span className="min-w-0">
                    <span className="font-medium text-brand-700 underline">{a.label}</span>
                    <span className="block text-xs text-slate-600">{a.hint}</span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
});
