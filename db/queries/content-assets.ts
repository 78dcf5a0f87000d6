/**
 * The Content Personalizer's library (content_assets), each change audited and checked against the
 * version it was opened at, and the facts a pick reads about the signals waiting for a response.
 */
import "server-only";
import { asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { queryRows, type Database, type DatabaseOrTransaction } from "@/db/index";
import { auditLog, contentAssets } from "@/db/schema";
import type { AssetInput } from "@/lib/automations/content-assets";
import type { LibraryAsset } from "@/lib/automations/content-personalizer";
import type { BuyingGroupRole } from "@/lib/domain/buying-group";
import { ConflictError, NotFoundError } from "@/lib/errors";

export type AssetRow = LibraryAsset & { version: number; updatedAt: Date };

const columns = {
  id: contentAssets.id,
  title: contentAssets.title,
  format: contentAssets.format,
  url: contentAssets.url,
  roles: contentAssets.roles,
  stages: contentAssets.stages,
  industries: contentAssets.industries,
  signalTypes: contentAssets.signalTypes,
  competitor: contentAssets.competitor,
  version: contentAssets.version,
  updatedAt: contentAssets.updatedAt,
};

export async function listAssets(db: DatabaseOrTransaction): Promise<AssetRow[]> {
  return (await db.select(columns).from(contentAssets).orderBy(asc(contentAssets.title), desc(contentAssets.id))) as AssetRow[];
}

const sameLink = (url: string) => `The library already has an asset at ${url.slice(0, 120)}: edit that one instead.`;

async function linkTaken(db: Database, url: string, except?: number): Promise<boolean> {
  const [row] = await queryRows<{ id: number }>(db, sql`select id from content_assets where lower(url) = lower(${url}) ${except === undefined ? sql`` : sql`and id <> ${except}`} limit 1`);
  return row !== undefined;
}

export async function addAsset(db: Database, fields: AssetInput, userId: number): Promise<AssetRow> {
  if (await linkTaken(db, fields.url)) throw new ConflictError(sameLink(fields.url));
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(contentAssets).values({ ...fields, createdBy: userId }).returning(columns);
    await tx.insert(auditLog).values({ userId, entity: "content_asset", entityId: String(row!.id), field: "created", oldValue: null, newValue: fields.title });
    return row as AssetRow;
  });
}

const fieldNames = ["title", "format", "url", "roles", "stages", "industries", "signalTypes", "competitor"] as const;
const shown = (v: unknown) => (v === null || v === undefined ? null : Array.isArray(v) ? v.join("; ") : String(v));

/** Changes an asset saved at `version`; refused when someone saved it meanwhile. Each changed field is audited. */
export async function updateAsset(db: Database, input: { id: number; version: number; fields: AssetInput }, userId: number): Promise<{ asset: AssetRow; changed: number }> {
  if (await linkTaken(db, input.fields.url, input.id)) throw new ConflictError(sameLink(input.fields.url));
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(contentAssets).where(eq(contentAssets.id, input.id)).for("update");
    if (!current) throw new NotFoundError(`There is no asset #${input.id}; it may have been deleted.`);
    if (current.version !== input.version) throw new ConflictError(`“${current.title}” was changed by someone else since you opened it; reload to see their version.`);
    const changed = fieldNames.filter((f) => shown(current[f]) !== shown(input.fields[f]));
    if (changed.length === 0) return { asset: { ...current, format: current.format } as AssetRow, changed: 0 };
    const [row] = await tx
      .update(contentAssets)
      .set({ ...input.fields, version: current.version + 1, updatedAt: new Date() })
      .where(eq(contentAssets.id, input.id))
      .returning(columns);
    await tx.insert(auditLog).values(changed.map((f) => ({ userId, entity: "content_asset", entityId: String(input.id), field: f, oldValue: shown(current[f]), newValue: shown(input.fields[f]) })));
    return { asset: row as AssetRow, changed: changed.length };
  });
}

export async function deleteAsset(db: Database, input: { id: number; version: number }, userId: number): Promise<string> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(contentAssets).where(eq(contentAssets.id, input.id)).for("update");
    if (!current) throw new NotFoundError(`There is no asset #${input.id}; it may have been deleted already.`);
    if (current.version !== input.version) throw new ConflictError(`“${current.title}” was changed by someone else since you opened it; reload before deleting it.`);
    await tx.delete(contentAssets).where(eq(contentAssets.id, input.id));
    await tx.insert(auditLog).values({ userId, entity: "content_asset", entityId: String(input.id), field: "deleted", oldValue: current.title, newValue: null });
    return current.title;
  });
}

/**
 * Adds every asset of an import in one transaction (all or nothing). A link already in the library,
 * or twice in the file, refuses the import naming the row.
 */
export async function importAssets(db: Database, assets: readonly AssetInput[], userId: number): Promise<{ ok: true; added: number } | { ok: false; errors: { row: number; field: string; message: string }[] }> {
  const errors: { row: number; field: string; message: string }[] = [];
  const seen = new Map<string, number>();
  for (const [i, a] of assets.entries()) {
    const key = a.url.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) errors.push({ row: i + 2, field: "url", message: `the same link as row ${first}` });
    else if (await linkTaken(db, a.url)) errors.push({ row: i + 2, field: "url", message: "already in the library" });
    seen.set(key, i + 2);
  }
  if (errors.length > 0) return { ok: false, errors };
  const added = await db.transaction(async (tx) => {
    const rows = await tx.insert(contentAssets).values(assets.map((a) => ({ ...a, createdBy: userId }))).returning({ id: contentAssets.id });
    await tx.insert(auditLog).values({ userId, entity: "content_asset", entityId: rows.map((r) => r.id).join(","), field: "imported", oldValue: null, newValue: `${rows.length} assets` });
    return rows.length;
  });
  return { ok: true, added };
}

export interface WaitingSignalFacts {
  signalId: number;
  type: string;
  receivedAt: Date;
  accountId: number | null;
  accountName: string | null;
  contactId: number | null;
  contactName: string | null;
  role: BuyingGroupRole | null;
  industry: string | null;
  /** The position of the account's most advanced open deal's stage; null without one. */
  dealStagePosition: number | null;
  competitor: string | null;
  routedTo: number | null;
  /** The assets already sent to this person (to the account, when the signal names nobody). */
  consumed: number[];
}

/** What a pick reads about each signal `where` selects (an alias `s` on signals). */
const signalFactsSelect = (where: SQL, limit: number) => sql`
  select s.id as "signalId", s.type, s.received_at as "receivedAt", s.account_id as "accountId", a.name as "accountName",
      s.contact_id as "contactId", c.name as "contactName", c.buying_group_role as role, a.industry, s.routed_to as "routedTo",
      (select max(ps.position) from opportunities o join pipeline_stages ps on ps.id = o.stage_id where o.account_id = s.account_id and o.status = 'open')::int as "dealStagePosition",
      (select coalesce(o.competitor, o.competitor_raw) from opportunities o where o.account_id = s.account_id and o.status = 'open' and coalesce(o.competitor, o.competitor_raw) is not null order by o.id desc limit 1) as competitor,
      coalesce((select array_agg(distinct p.asset_id) from asset_picks p join signals s2 on s2.id = p.signal_id
          where p.sent_at is not null and p.asset_id is not null
            and (case when s.contact_id is null then s2.account_id = s.account_id else s2.contact_id = s.contact_id end)), '{}') as consumed
    from signals s left join accounts a on a.id = s.account_id left join contacts c on c.id = s.contact_id
    where ${where}
    order by s.received_at desc, s.id desc
    limit ${limit}`;

/** The latest signals waiting for a response (one owner's, or everyone's), with what a pick reads about each. */
export async function waitingSignalFacts(db: Database, { ownerId, limit = 20 }: { ownerId: number | null; limit?: number }): Promise<WaitingSignalFacts[]> {
  return queryRows<WaitingSignalFacts>(
    db,
    signalFactsSelect(sql`s.routed_to is not null and s.first_response_at is null and s.tier = 'high' ${ownerId === null ? sql`` : sql`and s.routed_to = ${ownerId}`}`, limit),
  );
}

/** One signal's pick facts (in the transaction storing it). */
export async function signalPickFacts(db: DatabaseOrTransaction, signalId: number): Promise<WaitingSignalFacts | null> {
  const [row] = await queryRows<WaitingSignalFacts>(db, signalFactsSelect(sql`s.id = ${signalId}`, 1));
  return row ?? null;
}
