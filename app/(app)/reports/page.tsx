import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { listArchivedReports } from "@/db/queries/cadence";
import { getSetting } from "@/db/queries/settings";
import { can } from "@/lib/auth/permissions";
import { cadenceKeys, cadences, isCadenceKey } from "@/lib/domain/cadence";
import { formatPeriod, formatWhen } from "@/lib/format";
import { guardedPage } from "@/app/_guard/guarded-page";
import { ScrollRegion } from "@/components/ui/scroll-region";

export const metadata: Metadata = { title: "Reports" };

const size = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);

export default guardedPage("workspace:view", async function ReportsPage({ user }) {
  const db = getDb();
  const readable = cadenceKeys.filter((k) => can(user.role, cadences[k].readPermission));
  const [reports, { timeZone }] = await Promise.all([listArchivedReports(db, readable), getSetting(db, "organisation")]);
  return (
    <>
      <PageHeader
        title="Reports"
        description="The reviews of the refresh cadence, archived by each scheduled run: the weekly velocity audit, the monthly lever, signal, dark-social and win/loss pattern reviews (win-rate-playbook.md), the buying-group audit, the quarterly calibration review and the daily score decay."
      />
      <section aria-labelledby="archive-heading" className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
        <h2 id="archive-heading" className="sr-only">
          Archived reports
        </h2>
        {reports.length === 0 ? (
          <p className="p-5 text-sm text-slate-600">No report archived yet: they appear here after each scheduled run.</p>
        ) : (
          <ScrollRegion label="Archived reports">
            <table className="w-full text-left text-sm">
              <thead className="border-b border-slate-200 bg-slate-50 text-xs font-medium tracking-wide text-slate-500 uppercase">
                <tr>
                  <th scope="col" className="px-4 py-3">
                    Review
                  </th>
                  <th scope="col" className="px-4 py-3">
                    Period
                  </th>
                  <th scope="col" className="px-4 py-3">
                    Archived
                  </th>
                  <th scope="col" className="px-4 py-3 text-right">
                    Size
                  </th>
                  <th scope="col" className="px-4 py-3">
                    <span className="sr-only">Download</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {reports.map((r) => (
                  <tr key={r.id} data-testid={`report-${r.id}`}>
                    <td className="px-4 py-3 font-medium text-slate-900">{isCadenceKey(r.kind) ? cadences[r.kind].label : r.kind}</td>
                    <td className="px-4 py-3 whitespace-nowrap text-slate-700">{r.periodFrom === r.periodTo ? formatPeriod(r.periodFrom, r.periodFrom) : formatPeriod(r.periodFrom, r.periodTo)}</td>
                    <td className="px-4 py-3 whitespace-nowrap text-slate-700">{formatWhen(r.createdAt, timeZone)}</td>
                    <td className="px-4 py-3 text-right whitespace-nowrap text-slate-500 tabular-nums">{size(r.bytes)}</td>
                    <td className="px-4 py-3 text-right">
                      <a href={`/reports/${r.id}`} className="whitespace-nowrap text-brand-700 underline" download={r.fileName}>
                        {r.fileName}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>
    </>
  );
});
