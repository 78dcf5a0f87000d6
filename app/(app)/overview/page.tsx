import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { workspaceSummary } from "@/db/queries/workspace";
import { waitingSignalCounts } from "@/db/queries/signals";
import { can } from "@/lib/auth/permissions";
import { formatCount, formatDate, formatMoney, missingAmountsNote } from "@/lib/format";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Overview" };

export default guardedPage("workspace:view", async function OverviewPage({ user }) {
  const ownOnly = user.role === "sales";
  const [summary, queue] = await Promise.all([
    workspaceSummary(getDb(), ownOnly ? { ownerId: user.id } : {}),
    can(user.role, "signals:respond") ? waitingSignalCounts(getDb(), { userId: ownOnly ? user.id : null, now: new Date() }) : null,
  ]);
  const empty = summary.accounts === 0 && summary.openOpportunities + summary.wonOpportunities + summary.lostOpportunities === 0;

  const tiles = [
    { label: "Accounts", value: formatCount(summary.accounts) },
    { label: "Contacts", value: formatCount(summary.contacts) },
    { label: "Open opportunities", value: formatCount(summary.openOpportunities) },
    {
      label: "Open pipeline",
      value: formatMoney(summary.openPipeline),
      hint: "Sum of the amount of open opportunities that have one.",
      note: missingAmountsNote({ deals: summary.openOpportunities, withoutAmount: summary.openWithoutAmount }, { kind: "open" }),
    },
    { label: "Won opportunities", value: formatCount(summary.wonOpportunities) },
    { label: "Lost opportunities", value: formatCount(summary.lostOpportunities) },
    { label: "Leads", value: formatCount(summary.leads) },
    { label: "Intent signals", value: formatCount(summary.signals) },
  ];

  return (
    <>
      <PageHeader
        title={ownOnly ? `Your book, ${user.name.split(" ")[0]}` : "Workspace overview"}
        description={
          ownOnly
            ? "The accounts and deals you own."
            : summary.firstActivity && summary.lastActivity
              ? `Opportunities created from ${formatDate(summary.firstActivity)} to ${formatDate(summary.lastActivity)}.`
              : "What this workspace holds."
        }
      />
      {queue && queue.waiting > 0 ? (
        <Link
          href="/signals"
          className={`mb-6 flex flex-wrap items-center justify-between gap-2 rounded-lg border p-4 text-sm shadow-sm ${queue.overdue > 0 ? "border-red-200 bg-red-50 text-red-900" : "border-amber-200 bg-amber-50 text-amber-900"}`}
        >
          <span>
            <strong className="font-semibold">
              {formatCount(queue.waiting)} signal{queue.waiting === 1 ? "" : "s"} waiting for {ownOnly ? "you" : "a rep"}
            </strong>
            {queue.overdue > 0 ? `, ${formatCount(queue.overdue)} past the response SLA` : ", all within the response SLA"}
          </span>
          <span className="font-medium underline">Open the queue →</span>
        </Link>
      ) : null}
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
        <dl className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
          {tiles.map((tile) => (
            <div key={tile.label} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <dt className="text-sm text-slate-600">{tile.label}</dt>
              <dd className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">{tile.value}</dd>
              {tile.hint ? <dd className="mt-1 text-xs text-slate-500">{tile.hint}</dd> : null}
              {"note" in tile && tile.note ? <dd className="mt-1 text-xs text-amber-800">{tile.note}.</dd> : null}
            </div>
          ))}
        </dl>
      )}
      {can(user.role, "users:manage") ? (
        <p className="mt-6 text-sm text-slate-600">
          Manage who can sign in on the <Link className="text-brand-700 underline" href="/admin/users">Users</Link> page.
        </p>
      ) : null}
    </>
  );
});
