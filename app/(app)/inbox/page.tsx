import type { Metadata } from "next";
import Link from "next/link";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { getSetting } from "@/db/queries/settings";
import { INBOX_PAGE, inbox } from "@/db/queries/notifications";
import { eventInfo } from "@/lib/domain/notifications";
import { formatWhen } from "@/lib/format";
import { guardedPage } from "@/app/_guard/guarded-page";
import { MarkAllReadButton, MarkReadButton, OpenButton } from "./forms";

export const metadata: Metadata = { title: "Inbox" };

export default guardedPage("notifications:read", async function InboxPage({ user, searchParams }) {
  const db = getDb();
  const beforeParam = typeof searchParams.before === "string" && /^\d{1,10}$/.test(searchParams.before) ? Number(searchParams.before) : undefined;
  const [items, { timeZone }] = await Promise.all([inbox(db, user.id, { before: beforeParam, limit: INBOX_PAGE + 1 }), getSetting(db, "organisation")]);
  const shown = items.slice(0, INBOX_PAGE);
  const older = items.length > INBOX_PAGE ? shown[shown.length - 1]!.id : null;
  const anyUnread = shown.some((n) => n.readAt === null);
  return (
    <>
      <PageHeader
        title="Inbox"
        description={
          <>
            Handoffs, response deadlines, dark roles, new Tier 1 stakeholders, imports and the weekly review, as they happen.{" "}
            <Link href="/settings/notifications" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
              Choose what you get and how
            </Link>
            .
          </>
        }
        actions={anyUnread ? <MarkAllReadButton upTo={shown[0]!.id} /> : null}
      />
      <Card>
        {shown.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="inbox-empty">
            {beforeParam ? "Nothing older." : "Nothing yet. When a signal is routed to you, a deadline nears or a review is ready, it shows here and on the bell."}
          </p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="inbox">
            {shown.map((n) => (
              <li key={n.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between" data-testid="inbox-item" data-unread={n.readAt === null ? "true" : "false"}>
                <div className="min-w-0">
                  <p className={`text-sm ${n.readAt === null ? "font-semibold text-slate-900" : "text-slate-700"}`}>
                    {n.readAt === null ? <span className="mr-1.5 inline-block size-2 rounded-full bg-indigo-600 align-middle" role="img" aria-label="Unread" /> : null}
                    {n.title}
                  </p>
                  <p className="mt-0.5 text-sm break-words text-slate-600">{n.body}</p>
                  <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-500">
                    <Badge>{eventInfo[n.event].label}</Badge>
                    <time dateTime={n.createdAt.toISOString()}>{formatWhen(n.createdAt, timeZone)}</time>
                  </p>
                </div>
                <div className="flex shrink-0 gap-2">
                  {n.link ? <OpenButton id={n.id} label={n.title} /> : null}
                  {n.readAt === null ? <MarkReadButton id={n.id} label={n.title} /> : null}
                </div>
              </li>
            ))}
          </ul>
        )}
        {older || beforeParam ? (
          <nav className="mt-4 flex gap-4 text-sm" aria-label="Older and newer notifications">
            {beforeParam ? (
              <Link href="/inbox" className="font-medium text-indigo-700 hover:underline">
                ← Newest
              </Link>
            ) : null}
            {older ? (
              <Link href={`/inbox?before=${older}`} className="font-medium text-indigo-700 hover:underline">
                Older →
              </Link>
            ) : null}
          </nav>
        ) : null}
      </Card>
    </>
  );
});
