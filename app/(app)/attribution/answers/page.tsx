import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Badge, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { ANSWERS_PER_PAGE, listAnswers, unansweredDemoRequests, type AnswerFilters as Filters, type AnswerRow } from "@/db/queries/answers";
import { getSetting } from "@/db/queries/settings";
import { can } from "@/lib/auth/permissions";
import { channelInfo, channels, type Channel } from "@/lib/domain/channels";
import { formatCount, formatWhen } from "@/lib/format";
import { single, type Params } from "@/lib/velocity/request";
import { AttributionNav } from "../attribution-nav";
import { AnswerEntry } from "./answer-entry";
import { AnswerFilters } from "./answer-filters";
import { ChannelPicker } from "./channel-picker";
import { DeleteAnswer } from "./delete-answer";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Self-reported answers" };

const REVIEW_SHOWN = 10;
const WAITING_SHOWN = 12;

/** Reads the list's filters from the link, naming a bad parameter. */
function parseFilters(params: Params): { ok: true; filters: Filters } | { ok: false; parameter: string; error: string } {
  const channel = single(params, "channel");
  if (channel !== undefined && !channels.includes(channel as Channel)) return { ok: false, parameter: "channel", error: `channel must be one of ${channels.join(", ")}; got "${channel}".` };
  const by = single(params, "by");
  if (by !== undefined && by !== "rules" && by !== "hand") return { ok: false, parameter: "by", error: `by must be rules or hand; got "${by}".` };
  const page = single(params, "page") ?? "1";
  if (!/^[1-9]\d{0,5}$/.test(page)) return { ok: false, parameter: "page", error: `page must be a whole number from 1; got "${page}".` };
  return { ok: true, filters: { q: single(params, "q"), channel: channel as Channel | undefined, by: by as Filters["by"], page: Number(page) } };
}

function AnswerTable({ rows, editable, caption, timeZone }: { rows: AnswerRow[]; editable: boolean; caption: string; timeZone: string }) {
  // A table from the small breakpoint up; on a phone each answer is a block: who, when, the words, the channel.
  return (
    <div className="relative sm:overflow-x-auto">
      <table className="w-full text-sm sm:min-w-[46rem]">
        <caption className="sr-only">{caption}</caption>
        <thead className="max-sm:sr-only">
          <tr className="border-b border-slate-200 text-xs text-slate-500">
            <th scope="col" className="py-2 pr-3 text-left font-medium">Lead</th>
            <th scope="col" className="py-2 pr-3 text-left font-medium">Answer</th>
            <th scope="col" className="py-2 pr-3 text-left font-medium">Channel</th>
            <th scope="col" className="py-2 text-left font-medium">Entered</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className="border-b border-slate-100 align-top last:border-0 max-sm:grid max-sm:grid-cols-[minmax(0,1fr)_auto] max-sm:gap-x-3 max-sm:py-2.5">
              <td className="py-2 pr-3 max-sm:py-0">
                <span className="font-medium text-slate-900">{row.name ?? (row.leadId ? `Lead #${row.leadId}` : "—")}</span>
                <span className="block text-xs [overflow-wrap:anywhere] text-slate-500">{[row.email, row.company].filter(Boolean).join(" · ") || (row.name ? "" : "no contact on the lead")}</span>
              </td>
              <td className="max-w-md py-2 pr-3 break-words text-slate-800 max-sm:col-span-2 max-sm:row-start-2 max-sm:max-w-none max-sm:py-1">“{row.answer}”</td>
              <td className="py-2 pr-3 max-sm:col-span-2 max-sm:row-start-3 max-sm:py-0">
                {editable ? (
                  <ChannelPicker key={`${row.id}-${row.version}`} id={row.id} version={row.version} channel={row.channel} overridden={row.overridden} label={`${row.name ?? "this lead"}'s answer`} />
                ) : (
                  <span className="inline-flex flex-wrap items-center gap-1">
                    <Badge tone={row.channel === "other" ? "warning" : "neutral"}>{channelInfo[row.channel].label}</Badge>
                    {row.overridden ? <span className="text-xs text-slate-500">by hand</span> : null}
                  </span>
                )}
              </td>
              <td className="py-2 text-xs whitespace-nowrap text-slate-600 max-sm:col-start-2 max-sm:row-start-1 max-sm:py-0 max-sm:text-right">
                <time dateTime={row.enteredAt}>{formatWhen(row.enteredAt, timeZone)}</time>
                <span className="block">{row.enteredBy ?? "demo form"}</span>
                {editable ? <DeleteAnswer key={`${row.id}-${row.version}`} id={row.id} version={row.version} label={`${row.name ?? "this lead"}'s answer “${row.answer.slice(0, 40)}”`} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default guardedPage("attribution:view", async function AnswersPage({ user, searchParams: params }) {
  const editable = can(user.role, "answers:manage");
  const parsed = parseFilters(params);
  const db = getDb();
  const [queue, { rules }, { timeZone }, waiting] = await Promise.all([
    listAnswers(db, { review: true }),
    getSetting(db, "answerRules"),
    getSetting(db, "organisation"),
    editable ? unansweredDemoRequests(db, { limit: WAITING_SHOWN }) : null,
  ]);
  const header = (
    <>
      <PageHeader
        title="Self-reported answers"
        description={
          <>
            What buyers wrote in “How did you hear about us?”, kept word for word and mapped to a channel by the{" "}
            <Link href="/attribution/answers/rules" className="text-brand-700 underline">
              answer rules
            </Link>
            . {editable ? "Set a channel by hand where the rules get it wrong; rule changes leave it." : "Marketing and admins enter and correct them."}
          </>
        }
      />
      <AttributionNav current="/attribution/answers" badges={{ "/attribution/answers": queue.total }} />
    </>
  );
  if (!parsed.ok) {
    return (
      <>
        {header}
        <Alert tone="error" title={`The ${parsed.parameter} in this link is not valid`}>
          {parsed.error}{" "}
          <Link href="/attribution/answers" className="underline">
            Show all answers
          </Link>
          .
        </Alert>
      </>
    );
  }
  const { filters } = parsed;
  const list = await listAnswers(db, filters);
  const pages = Math.max(1, Math.ceil(list.total / ANSWERS_PER_PAGE));
  const pageHref = (page: number) => {
    const next = new URLSearchParams();
    for (const key of ["q", "channel", "by"] as const) if (filters[key]) next.set(key, String(filters[key]));
    if (page > 1) next.set("page", String(page));
    return `/attribution/answers?${next.toString()}#answers`;
  };

  return (
    <>
      {header}
      <div className="space-y-6">
        {editable ? <AnswerEntry rules={rules} /> : null}

        {waiting && waiting.total > 0 ? (
          <section aria-labelledby="waiting-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <details>
              <summary className="cursor-pointer">
                <h2 id="waiting-heading" className="inline text-base font-semibold text-slate-900">
                  Demo requests waiting for an answer <span className="font-normal text-slate-500">· {formatCount(waiting.total)}</span>
                </h2>
                <p className="mt-1 text-sm text-slate-600">
                  Every one answered raises the capture rate. {formatCount(waiting.withEmail)} have a contact email to ask; the newest {Math.min(WAITING_SHOWN, waiting.withEmail)} are below.
                </p>
              </summary>
              <ul className="mt-3 divide-y divide-slate-100 text-sm" data-testid="waiting-list">
                {waiting.rows.map((r) => (
                  <li key={r.leadId} className="flex flex-wrap items-baseline justify-between gap-x-3 py-1.5">
                    <span>
                      <span className="font-medium text-slate-900">{r.name}</span> <span className="text-slate-600" data-testid="waiting-email">{r.email}</span>
                      {r.company ? <span className="text-slate-500"> · {r.company}</span> : null}
                    </span>
                    <span className="text-xs text-slate-500">
                      requested <time dateTime={r.createdAt}>{formatWhen(r.createdAt, timeZone)}</time>
                    </span>
                  </li>
                ))}
              </ul>
            </details>
          </section>
        ) : null}

        <section aria-labelledby="review-heading" className="rounded-lg border border-amber-200 bg-white p-5 shadow-sm">
          <h2 id="review-heading" className="text-base font-semibold text-slate-900">
            Review queue <span className="font-normal text-slate-500">· {formatCount(queue.total)} the rules could not map</span>
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            {queue.total === 0
              ? "Every answer has a channel. New answers no rule recognises land here."
              : editable
                ? "Choose the channel each buyer meant, or add a phrase to the answer rules so answers like it map themselves."
                : "Answers still filed under Other."}
          </p>
          {queue.total > 0 ? (
            <div className="mt-3" data-testid="review-queue">
              <AnswerTable rows={queue.rows.slice(0, REVIEW_SHOWN)} editable={editable} caption="Answers waiting for a channel" timeZone={timeZone} />
              {queue.total > REVIEW_SHOWN ? (
                <p className="mt-2 text-sm">
                  <Link href="/attribution/answers?channel=other&by=rules#answers" className="text-brand-700 underline">
                    All {formatCount(queue.total)} in the queue
                  </Link>
                </p>
              ) : null}
            </div>
          ) : null}
        </section>

        <section id="answers" aria-labelledby="answers-heading" className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <h2 id="answers-heading" className="text-base font-semibold text-slate-900">
              All answers <span className="font-normal text-slate-500">· {formatCount(list.total)}</span>
            </h2>
            <AnswerFilters />
          </div>
          <div className="mt-4">
            {list.total === 0 ? (
              <p className="text-sm text-slate-600">
                {filters.q || filters.channel || filters.by ? "No answer matches these filters." : "No answers yet. Add them above, or import them on the Import page."}
              </p>
            ) : list.rows.length === 0 ? (
              <p className="text-sm text-slate-600">This page is past the last answer.</p>
            ) : (
              <AnswerTable rows={list.rows} editable={editable} caption="Answers, newest first" timeZone={timeZone} />
            )}
          </div>
          {pages > 1 ? (
            <nav aria-label="Pages" className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm">
              <span className="text-slate-600">
                {formatCount((filters.page! - 1) * ANSWERS_PER_PAGE + 1)}–{formatCount(Math.min(list.total, filters.page! * ANSWERS_PER_PAGE))} of {formatCount(list.total)}
              </span>
              <span className="flex items-center gap-2">
                {filters.page! > 1 ? (
                  <Link href={pageHref(filters.page! - 1)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">
                    ← Previous
                  </Link>
                ) : null}
                <span className="text-slate-600">
                  Page {filters.page} of {formatCount(pages)}
                </span>
                {filters.page! < pages ? (
                  <Link href={pageHref(filters.page! + 1)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">
                    Next →
                  </Link>
                ) : null}
              </span>
            </nav>
          ) : null}
        </section>
      </div>
    </>
  );
});
