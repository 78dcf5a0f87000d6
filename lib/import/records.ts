/**
 * Rows of the exports other than opportunities, read into what the app stores: Salesforce's
 * opportunity history (one row per stage change), accounts and contacts.
 */
import { suggestRoleFromTitle, type BuyingGroupRole } from "@/lib/domain/buying-group";
import type { CsvRecord } from "./csv";
import { RowReader, type RowContext, type RowResult } from "./rows";

export interface ImportedStageChange {
  opportunityExternalId: string;
  stageId: number;
  changedAt: Date;
}

export function readStageChangeRow(
  record: CsvRecord,
  ctx: RowContext & { stageMap: Readonly<Record<string, number | null>> },
): RowResult<ImportedStageChange> {
  const r = new RowReader(record, ctx);
  if (r.ragged) return { ok: false, errors: r.errors };
  const opportunityExternalId = r.required("opportunityId", "The opportunity ID");
  const stageName = r.required("stage", "The stage");
  const stageId = stageName ? ctx.stageMap[stageName] : undefined;
  if (stageName && (stageId === undefined || stageId === null)) r.fail("stage", `"${stageName}" is not mapped to a stage of the pipeline`);
  const changed = r.cell("changedAt") ? r.date("changedAt") : (r.fail("changedAt", "The date of the change is required"), null);
  return r.result(() => ({ opportunityExternalId, stageId: stageId!, changedAt: changed!.instant }));
}

export interface ImportedAccount {
  externalId: string;
  name: string;
  domain: string | null;
  industry: string | null;
  employees: number | null;
  segment: string | null;
  owner: string | null;
}

/** "https://www.Acme.com/about" → "acme.com". */
export function normaliseDomain(text: string): string | null {
  const host = text.trim().toLowerCase().replace(/^[a-z]+:\/\//, "").replace(/^www\./, "").split(/[/?#:]/)[0] ?? "";
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ? host : null;
}

export function readAccountRow(record: CsvRecord, ctx: RowContext): RowResult<ImportedAccount> {
  const r = new RowReader(record, ctx);
  if (r.ragged) return { ok: false, errors: r.errors };
  const externalId = r.required("externalId", "The account ID");
  const name = r.required("name", "The name");
  const domainText = r.cell("domain");
  const domain = domainText ? normaliseDomain(domainText) : null;
  if (domainText && !domain) r.fail("domain", "is not a web domain such as acme.com");
  const employees = r.count("employees", "The number of employees");
  return r.result(() => ({
    externalId,
    name,
    domain,
    industry: r.text("industry"),
    employees,
    segment: r.text("segment"),
    owner: r.text("owner"),
  }));
}

export interface ImportedContact {
  externalId: string;
  name: string;
  email: string | null;
  title: string | null;
  account: string | null;
  /** What the job title suggests; set only on contacts that have no role yet. */
  suggestedRole: BuyingGroupRole | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function readContactRow(record: CsvRecord, ctx: RowContext): RowResult<ImportedContact> {
  const r = new RowReader(record, ctx);
  if (r.ragged) return { ok: false, errors: r.errors };
  const externalId = r.required("externalId", "The contact ID");
  const name = r.cell("name") || [r.cell("firstName"), r.cell("lastName")].filter(Boolean).join(" ");
  if (!name) r.fail(r.has("name") ? "name" : "lastName", "The name (or first and last name) is required");
  const email = r.text("email")?.toLowerCase() ?? null;
  if (email && !EMAIL.test(email)) r.fail("email", "is not an email address");
  const title = r.text("title");
  return r.result(() => ({ externalId, name, email, title, account: r.text("account"), suggestedRole: suggestRoleFromTitle(title) }));
}
