import type { Metadata } from "next";
import Link from "next/link";
import { ExportLinks } from "@/components/exports/export-links";
import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { listImportJobs } from "@/db/queries/imports";
import { entityLabels, formatLabels, type ImportEntity, type ImportFormat } from "@/lib/import/formats";
import { RollbackButton } from "./history-actions";
import { ImportStatusBadge } from "./status-badge";
import { UploadForm } from "./upload-form";
import { guardedPage } from "@/app/_guard/guarded-page";
import { ScrollRegion } from "@/components/ui/scroll-region";

export const metadata: Metadata = { title: "Import" };

const when = (d: Date) => d.toLocaleString("en-US", { month: "short", day: "numeric", year: "numeric", hour: "numeric", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" });
const n = (v: number) => v.toLocaleString("en-US");

export default guardedPage("imports:manage", async function ImportPage() {
  const jobs = await listImportJobs(getDb());
  return (
    <>
      <PageHeader
        title="Import"
        description="Bring in your CRM's history: export opportunities (and their stage history), accounts or contacts from Salesforce or HubSpot and drop the file here. Rows are matched on their CRM id, so next week's export updates instead of duplicating."
      />
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <Card title="Import history" description="Every import, who ran it and what it changed. A completed import can be rolled back." className="min-w-0">
          {jobs.length === 0 ? (
            <p className="text-sm text-slate-600">No imports yet. Upload an export on the right; you will see what was recognised and check every row before anything is written.</p>
          ) : (
            <ScrollRegion label="Imports" className="-mx-5 px-5">
              <table className="w-full text-left text-sm sm:min-w-[44rem]">
                <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th scope="col" className="py-2 pr-3 font-medium">File</th>
                    <th scope="col" className="hidden py-2 pr-3 font-medium sm:table-cell">Status</th>
                    <th scope="col" className="hidden py-2 pr-3 text-right font-medium sm:table-cell">New</th>
                    <th scope="col" className="hidden py-2 pr-3 text-right font-medium sm:table-cell">Updated</th>
                    <th scope="col" className="hidden py-2 pr-3 text-right font-medium sm:table-cell">Unchanged</th>
                    <th scope="col" className="hidden py-2 pr-3 text-right font-medium sm:table-cell">Failed</th>
                    <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {jobs.map((j) => (
                    <tr key={j.id} data-testid={`import-${j.id}`}>
                      <td className="py-2.5 pr-3 align-top">
                        <Link href={`/import/${j.id}`} className="font-medium text-brand-700 hover:underline">
                          #{j.id} {j.fileName}
                        </Link>
                        <p className="text-xs text-slate-500">
                          {entityLabels[j.entity as ImportEntity] ?? j.entity} · {formatLabels[j.format as ImportFormat] ?? j.format} · {n(j.totalRows)} rows
                        </p>
                        <p className="text-xs text-slate-500">
                          {when(j.createdAt)} by {j.createdByName ?? "the command line"}
                          {j.rolledBackAt ? ` · rolled back ${when(j.rolledBackAt)}${j.rolledBackByName ? ` by ${j.rolledBackByName}` : ""}` : ""}
                        </p>
                        {/* On a phone the counts follow the file instead of filling columns. */}
                        <p className="mt-1 flex flex-wrap items-center gap-x-2 text-xs text-slate-600 sm:hidden">
                          <ImportStatusBadge status={j.status} />
                          {n(j.createdRows)} new · {n(j.updatedRows)} updated · {n(j.unchangedRows)} unchanged · {n(j.failedRows)} failed
                        </p>
                      </td>
                      <td className="hidden py-2.5 pr-3 align-top sm:table-cell">
                        <ImportStatusBadge status={j.status} />
                      </td>
                      <td className="hidden py-2.5 pr-3 text-right align-top tabular-nums sm:table-cell">{n(j.createdRows)}</td>
                      <td className="hidden py-2.5 pr-3 text-right align-top tabular-nums sm:table-cell">{n(j.updatedRows)}</td>
                      <td className="hidden py-2.5 pr-3 text-right align-top tabular-nums sm:table-cell">{n(j.unchangedRows)}</td>
                      <td className={`hidden py-2.5 pr-3 text-right align-top tabular-nums sm:table-cell ${j.failedRows ? "font-medium text-red-700" : ""}`}>{n(j.failedRows)}</td>
                      <td className="py-2.5 text-right align-top">{j.status === "completed" ? <RollbackButton id={j.id} fileName={j.fileName} compact /> : null}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </Card>
        <div className="order-first space-y-6 lg:order-none">
          <Card title="Upload a file">
            <UploadForm />
          </Card>
          <Card title="Export" description="CSV files that open safely in a spreadsheet.">
            <ExportLinks />
          </Card>
        </div>
      </div>
    </>
  );
});
