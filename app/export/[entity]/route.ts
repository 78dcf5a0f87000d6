import { z } from "zod";
import { getDb } from "@/db/index";
import { accountExists, csvExports, type ExportOptions } from "@/db/queries/exports";
import { getSetting } from "@/db/queries/settings";
import { apiError } from "@/lib/auth/api-key";
import { hasDealParams } from "@/lib/deals/request";
import { resolveDealsView } from "@/lib/deals/view";
import { resolveLeadsView } from "@/lib/funnel/report";
import { exportEntities, exportFileName, isExportEntity } from "@/lib/export/entities";
import { csvDownloadStream } from "@/lib/export/stream";
import { todayIn } from "@/lib/metrics/period";
import { guardedRoute } from "@/app/_guard/guarded-route";

export const dynamic = "force-dynamic";

// A database id: a positive integer that fits a PostgreSQL integer, written plainly (no "1e3", " 7").
const accountId = z
  .string()
  .regex(/^[1-9]\d{0,9}$/)
  .transform(Number)
  .pipe(z.number().max(2_147_483_647));

/**
 * GET /export/{opportunities|accounts|contacts|buying-groups}[?account=<id> for buying-groups]
 * [?<a /deals list's parameters> for opportunities: that list] [?<a /funnel/leads list's> for leads]:
 * the records as a CSV download (UTF-8 with a byte-order mark, cells a spreadsheet would run as a
 * formula written as text), streamed as the client reads it.
 */
export const GET = guardedRoute<{ entity: string }>("exports:download", async (request, { params, user }) => {
  const { entity } = params;
  if (!isExportEntity(entity)) {
    return apiError(404, `There is no "${entity}" export. Exports: ${exportEntities.join(", ")}.`);
  }
  const db = getDb();
  const exporter = csvExports[entity];

  const search = new URL(request.url).searchParams;
  // A /deals list's parameters narrow the opportunities to exactly that list, read as the page reads them.
  let deals: ExportOptions["deals"];
  if (entity === "opportunities" && hasDealParams(search)) {
    const view = await resolveDealsView(db, Object.fromEntries(search), user, { ownDefault: false });
    if (!view.ok) return apiError(400, view.error, view.parameter);
    deals = { filters: view.request.filters, order: { sort: view.request.sort, descending: view.request.descending }, context: view.context.deal };
  }

  // A funnel lead list's parameters narrow the leads to exactly that list, read as /funnel/leads reads them.
  let leads: ExportOptions["leads"];
  if (entity === "leads" && search.size > 0) {
    const funnel = await resolveLeadsView(db, Object.fromEntries(search));
    if (!funnel.ok) return apiError(400, funnel.error, funnel.parameter);
    leads = { figure: funnel.request.figure, context: funnel.listContext };
  }

  const accountValues = search.getAll("account");
  let account: number | undefined;
  if (accountValues.length > 0) {
    if (!exporter.byAccount) return apiError(400, "Only buying-group maps can be narrowed to one account.", "account");
    const parsed = accountValues.length === 1 ? accountId.safeParse(accountValues[0]) : null;
    if (!parsed?.success) return apiError(400, "account must be one account id: a whole number from 1.", "account");
    if (!(await accountExists(db, parsed.data))) return apiError(404, `There is no account with id ${parsed.data}.`, "account");
    account = parsed.data;
  }

  const { timeZone } = await getSetting(db, "organisation");
  const body = csvDownloadStream(exporter.header, logFailure(exporter.rows(db, { accountId: account, deals, leads }), entity));
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName(entity, todayIn(timeZone))}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});

/** The header is sent before the rows are read: a failure later can only abort the download, so it is logged here. */
async function* logFailure(rows: AsyncGenerator<string[]>, entity: string): AsyncGenerator<string[]> {
  try {
    yield* rows;
  } catch (error) {
    console.error(`CSV export of ${entity} failed mid-stream:`, error);
    throw error;
  }
}
