import type { Metadata } from "next";
import Link from "next/link";
import { InvalidLink } from "@/components/filters/invalid-link";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { breachCounts, breachKinds, breachStates, listBreaches, type Breach, type BreachKind, type BreachState } from "@/db/queries/breaches";
import { slasInForce } from "@/db/queries/definitions";
import { getSetting } from "@/db/queries/settings";
import { findUserById } from "@/db/queries/users";
import { can } from "@/lib/auth/permissions";
import { formatCount, formatDays } from "@/lib/format";
import { slaSeconds } from "@/lib/metrics/funnel";
import { DismissForm } from "./dismiss-form";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "SLA breaches" };

const BREACHES_PER_PAGE = 25;

const kindLabels: Record<BreachKind, string> = {
  mql: "MQLs not routed to sales",
  sql: "SQLs not accepted or rejected",
  opportunity: "Deals whose stage change is overdue",
};
const stateLabels: Record<BreachState, string> = { open: "Open", archived: "Archived", dismissed: "Dismissed" };

function overdue(seconds: number): string {
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400 * 2) return `${(seconds / 3600).toFixed(1)} h`;
  return formatDays(seconds / 86_400);
}

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** A filter link of the page, marked when it is the one in force. */
const filterLink = (current: boolean) =>
  `rounded-md border px-3 py-1.5 text-sm ${current ? "border-brand-600 bg-brand-50 font-medium text-brand-800" : "border-slate-200 bg-white text-slate-700 hover:bg-slate-50"}`;

export default guardedPage("funnel:view", async function BreachesPage({ user, searchParams }) {
  const kind = (one(searchParams.kind) || "mql") as BreachKind;
  const state = (one(searchParams.state) || "open") as BreachState;
  const pageText = one(searchParams.page) || "1";
  const page = Number(pageText);
  const ownerText = one(searchParams.owner);
  const ownerId = ownerText === undefined || ownerText === "" ? undefined : Number(ownerText);
  // The funnel page's filters, so a count followed from it lists the same breaches.
  const segment = one(searchParams.segment) || undefined;
  const source = one(searchParams.source) || undefined;
  const funnelFilters = { ...(segment !== undefined ? { segment } : {}), ...(source !== undefined ? { source } : {}) };
  const problem = !breachKinds.includes(kind)
    ? { parameter: "kind", error: `kind must be ${breachKinds.join(", ")}; got "${kind}".` }
    : !breachStates.includes(state)
      ? { parameter: "state", error: `state must be ${breachStates.join(", ")}; got "${state}".` }
      : !(Number.isInteger(page) && page >= 1)
        ? { parameter: "page", error: `page must be a whole number from 1; got "${pageText}".` }
        : ownerId !== undefined && !(/^\d+$/.test(ownerText!) && ownerId >= 1 && ownerId < 2 ** 31)
          ? { parameter: "owner", error: `owner must be a user's id, a whole number from 1; got "${ownerText}".` }
          : null;
  if (problem) {
    return (
      <>
        <PageHeader title="SLA breaches" />
        <InvalidLink parameter={problem.parameter} error={problem.error} href="/funnel/breaches" />
      </>
    );
  }

  const db = getDb();
  const [slas, funnel, owner] = await Promise.all([slasInForce(db), getSetting(db, "funnel"), ownerId === undefined ? null : findUserById(db, ownerId)]);
  const sla = slas[kind];
  const seconds = sla.value === null || sla.unit === null ? null : slaSeconds(sla.value, sla.unit);
  const scope = { kind, seconds: seconds ?? 0, archiveAfterDays: funnel.breachArchiveDays, ownerId, ...funnelFilters };
  const [counts, breaches] =
    seconds === null
      ? [{ open: 0, archived: 0, dismissed: 0 }, [] as Breach[]]
      : await Promise.all([breachCounts(db, scope), listBreaches(db, { ...scope, state, limit: BREACHES_PER_PAGE, offset: (page - 1) * BREACHES_PER_PAGE })]);
  const total = counts[state];
  const pages = Math.max(1, Math.ceil(total / BREACHES_PER_PAGE));
  const href = (k: BreachKind, s: BreachState, p = 1) => {
    const q = new URLSearchParams({ kind: k, state: s, ...funnelFilters });
    if (ownerId !== undefined) q.set("owner", String(ownerId));
    if (p > 1) q.set("page", String(p));
    return `/funnel/breaches?${q.toString()}`;
  };
  const mayDismiss = (b: Breach) => state === "open" || state === "archived" ? can(user.role, "breaches:dismiss") && (user.role === "admin" || b.ownerId === user.id) : false;

  return (
    <>
      <PageHeader
        title="SLA breaches"
        description={
          <>
            Breaches of the SLAs in force now. One overdue by more than {formatCount(funnel.breachArchiveDays)} days is archived; its owner or an admin can dismiss one
            with a reason.{" "}
            {segment !== undefined ? <>Segment <strong>{segment}</strong>. </> : null}
            {source !== undefined ? <>Source <strong>{source}</strong>. </> : null}
            <Link href="/funnel" className="text-brand-700 underline">Back to the funnel</Link>
            {ownerId !== undefined ? (
              <span className="mt-1 block" data-testid="breach-owner">
                Only those owned by <strong>{owner?.id === user.id ? "you" : (owner?.name ?? `user ${ownerId}`)}</strong>.{" "}
                <Link href={`/funnel/breaches?kind=${kind}&state=${state}`} className="text-brand-700 underline">
                  Show everyone&apos;s
                </Link>
              </span>
            ) : null}
          </>
        }
      />
      <nav aria-label="Kind of breach" className="mb-3 flex flex-wrap gap-2">
        {breachKinds.map((k) => (
          <Link
            key={k}
            href={href(k, state)}
            aria-current={k === kind ? "page" : undefined}
            className={filterLink(k === kind)}
          >
            {kindLabels[k]}
          </Link>
        ))}
      </nav>
      <nav aria-label="State" className="mb-4 flex flex-wrap gap-2">
        {breachStates.map((s) => (
          <Link
            key={s}
            href={href(kind, s)}
            aria-current={s === state ? "page" : undefined}
            className={filterLink(s === state)}
          >
            {stateLabels[s]} <span className="tabular-nums">({formatCount(counts[s])})</span>
          </Link>
        ))}
      </nav>

      <section aria-labelledby="list-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="list-heading" className="text-base font-semibold text-slate-900">
          {stateLabels[state]}: {kindLabels[kind]}
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          {seconds === null
            ? "The definition in force has no SLA with a number, so nothing is a breach of it."
            : state === "dismissed"
              ? "Latest dismissal first."
              : `Oldest first. SLA in force: ${sla.text ?? `${sla.value} ${sla.unit}`}.`}
        </p>
        {breaches.length === 0 ? (
          <p className="mt-4 text-sm text-slate-600" data-testid="no-breaches">
            No {stateLabels[state].toLowerCase()} breaches.
          </p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100 text-sm" data-testid="breach-list">
            {breaches.map((b) => {
              const label = b.name ?? `Lead ${b.id}`;
              return (
                <li key={b.subjectId} className="grid gap-2 py-3 md:grid-cols-[minmax(0,1fr)_minmax(0,22rem)] md:items-start" data-testid="breach">
                  <div className="min-w-0">
                    <p className="font-medium break-words text-slate-900">
                      {b.kind === "opportunity" ? (
                        <Link href={`/deals/${b.id}`} className="text-brand-700 hover:underline">
                          {label}
                        </Link>
                      ) : (
                        label
                      )}
                      {b.account ? <span className="font-normal text-slate-600"> · {b.account}</span> : null}
                    </p>
                    <p className="text-slate-600">
                      {b.detail ? <>{b.detail} · </> : null}
                      <span className="text-red-700 tabular-nums">{overdue(b.overdueSeconds)} overdue</span>
                    </p>
                    {b.dismissal ? (
                      <p className="mt-1 break-words text-slate-700" data-testid="dismissal">
                        Dismissed by {b.dismissal.by ?? "a former user"} on {b.dismissal.at.slice(0, 10)}: “{b.dismissal.reason}”
                      </p>
                    ) : null}
                  </div>
                  {mayDismiss(b) ? <DismissForm kind={kind} subjectId={b.subjectId} label={label} /> : null}
                </li>
              );
            })}
          </ul>
        )}
        {pages > 1 ? (
          <nav aria-label="Pages" className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm">
            {page > 1 ? (
              <Link href={href(kind, state, page - 1)} className="text-brand-700 underline">
                Previous
              </Link>
            ) : (
              <span />
            )}
            <span className="text-slate-600 tabular-nums">
              Page {formatCount(page)} of {formatCount(pages)}
            </span>
            {page < pages ? (
              <Link href={href(kind, state, page + 1)} className="text-brand-700 underline">
                Next
              </Link>
            ) : (
              <span />
            )}
          </nav>
        ) : null}
      </section>
    </>
  );
});
