import "server-only";
import { and, asc, eq, gt, inArray, isNotNull, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { queryRows, type Database } from "@/db/index";
import { accounts, contacts, opportunities, opportunityContacts, pipelineStages, users } from "@/db/schema";
import { csvCell, type CsvValue } from "@/lib/export/csv";
import type { ExportEntity } from "@/lib/export/entities";
import { reasonShown } from "@/lib/win-loss/reasons";
import type { DealFilters } from "@/lib/deals/request";
import { dealMemberLastTouch } from "./buying-groups";
import { dealIdsInOrder, type DealContext, type DealOrder } from "./deals";
import { leadListFilter, type LeadListContext } from "./funnel-leads";
import type { LeadFigure } from "@/lib/funnel/leads-request";

/**
 * CSV exports of the CRM data, read in keyset-paginated batches (by primary key) so a table of any
 * size streams in bounded memory. Without one snapshot across batches, a row added or removed during
 * a download may or may not appear, but a row that exists throughout appears exactly once.
 * Headers reuse the column names the CSV import recognises where it has one, so an export can be imported again.
 */

export interface ExportOptions {
  /** Buying-group maps only: the maps of one account. */
  accountId?: number;
  /** Opportunities only: the deals of a /deals list, through the list's own filter, in its order. */
  deals?: { filters: DealFilters; order: DealOrder; context: DealContext };
  /** Leads only: the leads behind a funnel figure (/funnel/leads), through the list's own filter. */
  leads?: { figure: LeadFigure; context: LeadListContext };
  /** Rows per query; tests make it small to cross batch boundaries. */
  batchSize?: number;
}

export interface CsvExport {
  header: readonly string[];
  /** Whether `accountId` narrows this export. */
  byAccount: boolean;
  /** The records after the header, cells formatted but not yet escaped for a spreadsheet. */
  rows(db: Database, options?: ExportOptions): AsyncGenerator<string[]>;
}

export const DEFAULT_EXPORT_BATCH = 2000;

type Column<Row> = readonly [header: string, cell: (row: Row) => CsvValue];

interface Batches<Row, Key> {
  fetch(db: Database, after: Key | undefined, limit: number, options: ExportOptions): Promise<Row[]>;
  /** The keyset position of a row, in the order `fetch` sorts by. */
  key(row: Row): Key;
}

async function* keysetRows<Row, Key>(db: Database, batches: Batches<Row, Key>, options: ExportOptions): AsyncGenerator<Row> {
  const limit = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_EXPORT_BATCH));
  let after: Key | undefined;
  for (;;) {
    const batch = await batches.fetch(db, after, limit, options);
    yield* batch;
    if (batch.length < limit) return;
    after = batches.key(batch[batch.length - 1]!);
  }
}

function toCells<Row>(columns: readonly Column<Row>[], row: Row): string[] {
  return columns.map(([, cell]) => csvCell(cell(row)));
}

function csvExport<Row, Key>(columns: readonly Column<Row>[], batches: Batches<Row, Key>, byAccount = false): CsvExport {
  return {
    header: columns.map(([header]) => header),
    byAccount,
    async *rows(db, options = {}) {
      for await (const row of keysetRows(db, batches, options)) yield toCells(columns, row);
    },
  };
}

const afterId = (id: AnyPgColumn, after: number | undefined) => (after === undefined ? undefined : gt(id, after));

// ── Opportunities ─────────────────────────────────────────────────────────────────────────────────
/** Opportunities after `after` by id, or exactly those of `ids` (in no particular order). */
function opportunityBatch(db: Database, after: number | undefined, limit: number, ids?: readonly number[]) {
  return db
    .select({
      id: opportunities.id,
      externalId: opportunities.externalId,
      name: opportunities.name,
      account: accounts.name,
      ownerName: users.name,
      ownerEmail: users.email,
      stage: pipelineStages.name,
      status: opportunities.status,
      amount: opportunities.amount,
      createdAt: opportunities.createdAt,
      qualifiedAt: opportunities.qualifiedAt,
      expectedCloseDate: opportunities.expectedCloseDate,
      closedAt: opportunities.closedAt,
      source: opportunities.source,
      segment: opportunities.segment,
      type: opportunities.type,
      winReason: opportunities.winReason,
      lossReason: opportunities.lossReason,
      competitor: opportunities.competitor,
      winReasonRaw: opportunities.winReasonRaw,
      lossReasonRaw: opportunities.lossReasonRaw,
      competitorRaw: opportunities.competitorRaw,
      nextStep: opportunities.nextStep,
      useCase: opportunities.useCase,
      objection: opportunities.objection,
    })
    .from(opportunities)
    .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
    .leftJoin(accounts, eq(accounts.id, opportunities.accountId))
    .leftJoin(users, eq(users.id, opportunities.ownerId))
    .where(
      and(
        afterId(opportunities.id, after),
        ids === undefined ? undefined : inArray(opportunities.id, [...ids]),
      ),
    )
    .orderBy(asc(opportunities.id))
    .limit(limit);
}
type OpportunityRow = Awaited<ReturnType<typeof opportunityBatch>>[number];

const opportunityColumns: readonly Column<OpportunityRow>[] = [
  ["Opportunity ID", (o) => o.externalId],
  ["Opportunity Name", (o) => o.name],
  ["Account Name", (o) => o.account],
  ["Owner Name", (o) => o.ownerName],
  ["Owner Email", (o) => o.ownerEmail],
  ["Stage", (o) => o.stage],
  ["Status", (o) => o.status],
  ["Amount", (o) => o.amount],
  ["Created Date", (o) => o.createdAt],
  ["Qualified Date", (o) => o.qualifiedAt],
  ["Expected Close Date", (o) => o.expectedCloseDate],
  ["Closed Date", (o) => o.closedAt],
  ["Source", (o) => o.source],
  ["Segment", (o) => o.segment],
  ["Type", (o) => o.type],
  // The taxonomy's label ("Unmapped: …" while none maps the text), and the text as the CRM gave it.
  ["Win Reason", (o) => reasonShown(o.winReason, o.winReasonRaw)],
  ["Loss Reason", (o) => reasonShown(o.lossReason, o.lossReasonRaw)],
  ["Competitor", (o) => reasonShown(o.competitor, o.competitorRaw)],
  ["Win Reason (as entered)", (o) => o.winReasonRaw],
  ["Loss Reason (as entered)", (o) => o.lossReasonRaw],
  ["Competitor (as entered)", (o) => o.competitorRaw],
  ["Next Step", (o) => o.nextStep],
  ["Use Case", (o) => o.useCase],
  ["Objection", (o) => o.objection],
];

// ── Accounts ──────────────────────────────────────────────────────────────────────────────────────
function accountBatch(db: Database, after: number | undefined, limit: number) {
  return db
    .select({
      id: accounts.id,
      externalId: accounts.externalId,
      name: accounts.name,
      domain: accounts.domain,
      industry: accounts.industry,
      industryRaw: accounts.industryRaw,
      employees: accounts.employees,
      annualRevenue: accounts.annualRevenue,
      country: accounts.country,
      region: accounts.region,
      segment: accounts.segment,
      parentAccountName: accounts.parentAccountName,
      technologies: accounts.technographicTags,
      owner: users.name,
      icpFitScore: accounts.icpFitScore,
      icpFitModel: accounts.icpFitModel,
      icpFitOverrideReason: accounts.icpFitOverrideReason,
      abmTier: accounts.abmTier,
    })
    .from(accounts)
    .leftJoin(users, eq(users.id, accounts.ownerId))
    .where(afterId(accounts.id, after))
    .orderBy(asc(accounts.id))
    .limit(limit);
}
type AccountRow = Awaited<ReturnType<typeof accountBatch>>[number];

const accountColumns: readonly Column<AccountRow>[] = [
  ["Account ID", (a) => a.externalId],
  ["Account Name", (a) => a.name],
  ["Domain", (a) => a.domain],
  ["Industry", (a) => a.industry],
  // The value the CRM gave, before the industry rules: what a re-import of this file reads first.
  ["Industry (as entered)", (a) => a.industryRaw],
  ["Employees", (a) => a.employees],
  ["Annual Revenue", (a) => a.annualRevenue],
  ["Country", (a) => a.country],
  ["Region", (a) => a.region],
  ["Segment", (a) => a.segment],
  ["Parent Account", (a) => a.parentAccountName],
  ["Technologies", (a) => a.technologies.join("; ")],
  ["Account Owner", (a) => a.owner],
  // The fit every figure reads (marketing's override when set), the model's, and the override's reason.
  ["ICP Fit Score", (a) => a.icpFitScore],
  ["ICP Fit (model)", (a) => a.icpFitModel],
  ["ICP Fit Override Reason", (a) => a.icpFitOverrideReason],
  ["ABM Tier", (a) => a.abmTier],
];

// ── Contacts ──────────────────────────────────────────────────────────────────────────────────────
function contactBatch(db: Database, after: number | undefined, limit: number) {
  return db
    .select({
      id: contacts.id,
      externalId: contacts.externalId,
      name: contacts.name,
      email: contacts.email,
      title: contacts.title,
      account: accounts.name,
      seniority: contacts.seniority,
      role: contacts.buyingGroupRole,
      status: contacts.status,
      engagement: contacts.engagementLevel,
      lastTouchAt: contacts.lastTouchAt,
    })
    .from(contacts)
    .leftJoin(accounts, eq(accounts.id, contacts.accountId))
    .where(afterId(contacts.id, after))
    .orderBy(asc(contacts.id))
    .limit(limit);
}
type ContactRow = Awaited<ReturnType<typeof contactBatch>>[number];

const contactColumns: readonly Column<ContactRow>[] = [
  ["Contact ID", (c) => c.externalId],
  ["Name", (c) => c.name],
  ["Email", (c) => c.email],
  ["Job Title", (c) => c.title],
  ["Account Name", (c) => c.account],
  ["Seniority", (c) => c.seniority],
  ["Buying-Group Role", (c) => c.role],
  ["Status", (c) => c.status],
  ["Engagement", (c) => c.engagement],
  ["Last Touch", (c) => c.lastTouchAt],
];

// ── Buying-group maps: the account-level map (contacts with a role), then each deal's ─────────────
interface BuyingGroupRow {
  account: string | null;
  opportunity: string | null;
  role: string | null;
  contact: string;
  title: string | null;
  email: string | null;
  status: string;
  engagement: string;
  lastTouchAt: Date | null;
  gapAction: string | null;
}

const buyingGroupColumns: readonly Column<BuyingGroupRow>[] = [
  ["Account Name", (r) => r.account],
  ["Opportunity Name", (r) => r.opportunity],
  ["Buying-Group Role", (r) => r.role],
  ["Contact Name", (r) => r.contact],
  ["Job Title", (r) => r.title],
  ["Email", (r) => r.email],
  ["Status", (r) => r.status],
  ["Engagement", (r) => r.engagement],
  ["Last Touch", (r) => r.lastTouchAt],
  ["Gap Action", (r) => r.gapAction],
];

const accountMapBatches: Batches<BuyingGroupRow & { id: number }, number> = {
  async fetch(db, after, limit, { accountId }) {
    const rows = await db
      .select({
        id: contacts.id,
        account: accounts.name,
        role: contacts.buyingGroupRole,
        contact: contacts.name,
        title: contacts.title,
        email: contacts.email,
        status: contacts.status,
        engagement: contacts.engagementLevel,
        lastTouchAt: contacts.lastTouchAt,
        gapAction: contacts.gapAction,
      })
      .from(contacts)
      .leftJoin(accounts, eq(accounts.id, contacts.accountId))
      .where(
        and(
          isNotNull(contacts.buyingGroupRole),
          accountId === undefined ? undefined : eq(contacts.accountId, accountId),
          afterId(contacts.id, after),
        ),
      )
      .orderBy(asc(contacts.id))
      .limit(limit);
    return rows.map((row) => ({ ...row, opportunity: null }));
  },
  key: (row) => row.id,
};

type DealKey = readonly [opportunityId: number, contactId: number];

const dealMapBatches: Batches<BuyingGroupRow & { opportunityId: number; contactId: number }, DealKey> = {
  fetch(db, after, limit, { accountId }) {
    return db
      .select({
        opportunityId: opportunityContacts.opportunityId,
        contactId: opportunityContacts.contactId,
        account: accounts.name,
        opportunity: opportunities.name,
        role: opportunityContacts.buyingGroupRole,
        contact: contacts.name,
        title: contacts.title,
        email: contacts.email,
        status: opportunityContacts.status,
        engagement: opportunityContacts.engagementLevel,
        lastTouchAt: dealMemberLastTouch,
        gapAction: opportunityContacts.gapAction,
      })
      .from(opportunityContacts)
      .innerJoin(opportunities, eq(opportunities.id, opportunityContacts.opportunityId))
      .innerJoin(contacts, eq(contacts.id, opportunityContacts.contactId))
      // The deal's account: a contact may sit at a partner or parent company.
      .leftJoin(accounts, eq(accounts.id, opportunities.accountId))
      .where(
        and(
          accountId === undefined ? undefined : eq(opportunities.accountId, accountId),
          after === undefined
            ? undefined
            : sql`(${opportunityContacts.opportunityId}, ${opportunityContacts.contactId}) > (${after[0]}, ${after[1]})`,
        ),
      )
      .orderBy(asc(opportunityContacts.opportunityId), asc(opportunityContacts.contactId))
      .limit(limit);
  },
  key: (row) => [row.opportunityId, row.contactId],
};

const accountMaps = csvExport(buyingGroupColumns, accountMapBatches);
const dealMaps = csvExport(buyingGroupColumns, dealMapBatches);

// ── Leads ─────────────────────────────────────────────────────────────────────────────────────────
interface LeadExportRow {
  id: number;
  externalId: string | null;
  name: string | null;
  email: string | null;
  account: string | null;
  ownerName: string | null;
  source: string | null;
  isDemoRequest: boolean;
  createdAt: string;
  mqlAt: string | null;
  sqlAt: string | null;
  opportunityAt: string | null;
  wonAt: string | null;
  inferred: string;
}

function leadBatch(db: Database, after: number | undefined, limit: number, { leads }: ExportOptions = {}) {
  const iso = (column: string) => sql.raw(`to_char(l.${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);
  // An inferred date is left blank, as the CRM gave it: a re-import infers it again rather than taking it as given.
  const given = (column: string, stage: string) => sql`case when ${sql.raw(`'${stage}'`)} = any(l.inferred_stages) then null else ${iso(column)} end`;
  return queryRows<LeadExportRow>(
    db,
    sql`
      select l.id, l.external_id as "externalId", c.name, c.email, a.name as "account", u.name as "ownerName", l.source, l.is_demo_request as "isDemoRequest",
        ${iso("created_at")} as "createdAt", ${given("mql_at", "mql")} as "mqlAt", ${given("sql_at", "sql")} as "sqlAt",
        ${given("opportunity_at", "opportunity")} as "opportunityAt", ${iso("won_at")} as "wonAt", array_to_string(l.inferred_stages, ' ') as "inferred"
      from leads l
      left join contacts c on c.id = l.contact_id
      left join accounts a on a.id = l.account_id
      left join users u on u.id = l.owner_id
      where ${after === undefined ? sql`true` : sql`l.id > ${after}`} and ${leads === undefined ? sql`true` : leadListFilter(leads.figure, leads.context)}
      order by l.id
      limit ${limit}
    `,
  );
}

const leadColumns: readonly Column<LeadExportRow>[] = [
  ["Lead ID", (l) => l.externalId ?? String(l.id)],
  ["Name", (l) => l.name],
  ["Email", (l) => l.email],
  ["Company", (l) => l.account],
  ["Owner Name", (l) => l.ownerName],
  ["Lead Source", (l) => l.source],
  ["Demo Request", (l) => l.isDemoRequest],
  ["Created Date", (l) => l.createdAt],
  ["MQL Date", (l) => l.mqlAt],
  ["SQL Date", (l) => l.sqlAt],
  ["Opportunity Date", (l) => l.opportunityAt],
  ["Won Date", (l) => l.wonAt],
  // Stages whose date was inferred from a later one (METRICS.md §2); their date columns are blank.
  ["Inferred Stages", (l) => l.inferred],
];

/**
 * A /deals list's rows in the list's order: its ids read at once (one integer a deal), then the
 * deals a batch at a time, put back in that order.
 */
async function* dealListRows(db: Database, deals: NonNullable<ExportOptions["deals"]>, batchSize = DEFAULT_EXPORT_BATCH): AsyncGenerator<string[]> {
  const ids = await dealIdsInOrder(db, deals.filters, deals.order, deals.context);
  const size = Math.max(1, Math.floor(batchSize));
  for (let i = 0; i < ids.length; i += size) {
    const batch = ids.slice(i, i + size);
    const byId = new Map((await opportunityBatch(db, undefined, batch.length, batch)).map((o) => [o.id, o]));
    // A deal deleted since the ids were read is left out.
    for (const id of batch) {
      const row = byId.get(id);
      if (row) yield toCells(opportunityColumns, row);
    }
  }
}

/** The header and records of each export, in one place. */
export const csvExports: Record<ExportEntity, CsvExport> = {
  opportunities: {
    header: opportunityColumns.map(([header]) => header),
    byAccount: false,
    async *rows(db, options = {}) {
      if (options.deals) yield* dealListRows(db, options.deals, options.batchSize);
      else for await (const row of keysetRows<OpportunityRow, number>(db, { fetch: (d, after, limit) => opportunityBatch(d, after, limit), key: (o) => o.id }, options)) yield toCells(opportunityColumns, row);
    },
  },
  accounts: csvExport(accountColumns, { fetch: accountBatch, key: (a) => a.id }),
  contacts: csvExport(contactColumns, { fetch: contactBatch, key: (c) => c.id }),
  leads: csvExport(leadColumns, { fetch: leadBatch, key: (l) => l.id }),
  "buying-groups": {
    header: accountMaps.header,
    byAccount: true,
    async *rows(db, options = {}) {
      yield* accountMaps.rows(db, options);
      yield* dealMaps.rows(db, options);
    },
  },
};

/** Whether an account exists, so a map filtered by a wrong id is refused rather than empty. */
export async function accountExists(db: Database, accountId: number): Promise<boolean> {
  const [row] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId));
  return row !== undefined;
}
