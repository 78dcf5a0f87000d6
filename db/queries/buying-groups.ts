import "server-only";
import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import type { Database, DatabaseOrTransaction } from "@/db/index";
import { accounts, auditLog, contacts, opportunities, opportunityContacts, pipelineStages, users } from "@/db/schema";
import { notifyTier1Stakeholder } from "@/lib/notifications/events";
import { canEditDealMap, canMakeMapEdit, mapEditChangesAccount } from "@/lib/auth/permissions";
import { buyingGroupRoleInfo, suggestRoleFromTitle, type BuyingGroupRole, type ContactStatus, type EngagementLevel, type MapChange, type MapEditKind } from "@/lib/domain/buying-group";
import { ConflictError, ForbiddenMapEditError, MapConflictError, NotFoundError } from "@/lib/errors";
import { recordMapTouch } from "./engagement";

/** The audit entities of map edits: an account's map (entity_id = account id) and a deal's (entity_id = opportunity id). */
export const BUYING_GROUP_AUDIT = "buying_group";
export const DEAL_BUYING_GROUP_AUDIT = "deal_buying_group";

/** A contact on a map: on an account's map every contact of the account, on a deal's map those on the deal. */
export interface MapContact {
  id: number;
  name: string;
  title: string | null;
  email: string | null;
  role: BuyingGroupRole | null;
  status: ContactStatus;
  engagementLevel: EngagementLevel;
  lastTouchAt: Date | null;
  gapAction: string | null;
}

export interface DealMap {
  id: number;
  name: string;
  amount: string | null;
  stage: string;
  ownerId: number | null;
  ownerName: string | null;
  version: number;
  contacts: MapContact[];
}

export interface AccountMap {
  account: { id: number; name: string; ownerId: number | null; ownerName: string | null; version: number };
  contacts: MapContact[];
  /** The open deals, each with the map of the contacts on it. */
  deals: DealMap[];
}

/**
 * A deal's map shows the later of the deal row's own last touch and the contact's: a touch of the
 * person is a touch on every deal they are on.
 */
export const dealMemberLastTouch = sql<Date | null>`greatest(${opportunityContacts.lastTouchAt}, ${contacts.lastTouchAt})`.mapWith(opportunityContacts.lastTouchAt);

const memberColumns = {
  name: contacts.name,
  title: contacts.title,
  email: contacts.email,
};

/** A deal on a map: the map's own version, and what its heading shows. */
const dealColumns = {
  id: opportunities.id,
  name: opportunities.name,
  amount: opportunities.amount,
  stage: pipelineStages.name,
  ownerId: opportunities.ownerId,
  ownerName: users.name,
  version: opportunities.buyingGroupVersion,
};

const mapAccountColumns = { id: accounts.id, name: accounts.name, ownerId: accounts.ownerId, ownerName: users.name, version: accounts.buyingGroupVersion };

export async function accountBuyingGroup(db: Database, accountId: number): Promise<AccountMap> {
  const [account] = await db
    .select(mapAccountColumns)
    .from(accounts)
    .leftJoin(users, eq(users.id, accounts.ownerId))
    .where(eq(accounts.id, accountId));
  if (!account) throw new NotFoundError(`There is no account #${accountId}.`);
  const members = await db
    .select({
      id: contacts.id,
      ...memberColumns,
      role: contacts.buyingGroupRole,
      status: contacts.status,
      engagementLevel: contacts.engagementLevel,
      lastTouchAt: contacts.lastTouchAt,
      gapAction: contacts.gapAction,
    })
    .from(contacts)
    .where(eq(contacts.accountId, accountId))
    .orderBy(asc(contacts.name), asc(contacts.id));
  const deals = await db
    .select(dealColumns)
    .from(opportunities)
    .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
    .leftJoin(users, eq(users.id, opportunities.ownerId))
    .where(and(eq(opportunities.accountId, accountId), eq(opportunities.status, "open")))
    // Largest first; a deal without an amount after every priced one (descending puts nulls first).
    .orderBy(sql`${opportunities.amount} desc nulls last`, asc(opportunities.id));
  const byDeal = await dealMembers(db, deals.map((d) => d.id));
  return {
    account,
    contacts: members,
    deals: deals.map((deal) => ({ ...deal, contacts: byDeal.get(deal.id) ?? [] })),
  };
}

/** The contacts on each of these deals' maps, by deal, each in the deal's own role and status. */
async function dealMembers(db: DatabaseOrTransaction, opportunityIds: number[]): Promise<Map<number, MapContact[]>> {
  const rows = opportunityIds.length
    ? await db
        .select({
          opportunityId: opportunityContacts.opportunityId,
          id: contacts.id,
          ...memberColumns,
          role: opportunityContacts.buyingGroupRole,
          status: opportunityContacts.status,
          engagementLevel: opportunityContacts.engagementLevel,
          lastTouchAt: dealMemberLastTouch,
          gapAction: opportunityContacts.gapAction,
        })
        .from(opportunityContacts)
        .innerJoin(contacts, eq(contacts.id, opportunityContacts.contactId))
        .where(inArray(opportunityContacts.opportunityId, opportunityIds))
        .orderBy(asc(contacts.name), asc(contacts.id))
    : [];
  const byDeal = new Map<number, MapContact[]>();
  for (const { opportunityId, ...member } of rows) byDeal.set(opportunityId, [...(byDeal.get(opportunityId) ?? []), member]);
  return byDeal;
}

/** One deal's map, open or closed, with the account's contacts not on it (who can be put on it). */
export interface DealBuyingGroup {
  deal: DealMap;
  account: AccountMap["account"];
  candidates: { id: number; name: string; title: string | null }[];
}

/**
 * The map of one deal of an account, as the account page shows each open deal's, for any deal with
 * an account (closed ones too). Null when the deal has no account: its map has nobody to draw from.
 */
export async function dealBuyingGroup(db: Database, opportunityId: number): Promise<DealBuyingGroup | null> {
  const [deal] = await db
    .select({ ...dealColumns, accountId: opportunities.accountId })
    .from(opportunities)
    .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
    .leftJoin(users, eq(users.id, opportunities.ownerId))
    .where(eq(opportunities.id, opportunityId));
  if (!deal) throw new NotFoundError(`There is no deal #${opportunityId}.`);
  if (deal.accountId === null) return null;
  const [account] = await db
    .select(mapAccountColumns)
    .from(accounts)
    .leftJoin(users, eq(users.id, accounts.ownerId))
    .where(eq(accounts.id, deal.accountId));
  const [members, everyone] = await Promise.all([
    dealMembers(db, [deal.id]),
    db.select({ id: contacts.id, name: contacts.name, title: contacts.title }).from(contacts).where(eq(contacts.accountId, deal.accountId)).orderBy(asc(contacts.name), asc(contacts.id)),
  ]);
  const { accountId: _, ...dealRow } = deal;
  const onDeal = members.get(deal.id) ?? [];
  const on = new Set(onDeal.map((m) => m.id));
  return { deal: { ...dealRow, contacts: onDeal }, account: account!, candidates: everyone.filter((c) => !on.has(c.id)) };
}

/**
 * One edit of a map: each is saved at once and is one entry of the account's history. On an
 * account's map every kind writes the account's contacts; on a deal's map every kind but "add" writes
 * only the deal's own contacts (opportunity_contacts), and "add" creates a contact of the account too.
 */
export type MapEdit = (
  | { kind: "assign"; contactId: number; role: BuyingGroupRole }
  | { kind: "add"; name: string; title: string | null; role: BuyingGroupRole | null }
  | { kind: "status"; contactId: number; value: ContactStatus }
  | { kind: "engagement"; contactId: number; value: EngagementLevel }
  | { kind: "gapAction"; contactId: number; value: string | null }
  | { kind: "remove"; contactId: number }
) & { kind: MapEditKind };

/** Which map: an account's, or with `opportunityId` one of its deals'. */
export interface MapTarget {
  accountId: number;
  opportunityId?: number;
}

const roleLabel = (role: BuyingGroupRole | null) => (role ? buyingGroupRoleInfo[role].label : null);
const MAX_GAP_ACTION = 500;

/** Bumps the map's version if it is still the one loaded; returns the new version, or null when stale. */
async function bumpVersion(t: DatabaseOrTransaction, target: MapTarget, expectedVersion: number): Promise<{ version: number; dealName: string | null } | null> {
  if (target.opportunityId === undefined) {
    const [row] = await t
      .update(accounts)
      .set({ buyingGroupVersion: sql`${accounts.buyingGroupVersion} + 1` })
      .where(and(eq(accounts.id, target.accountId), eq(accounts.buyingGroupVersion, expectedVersion)))
      .returning({ version: accounts.buyingGroupVersion });
    return row ? { version: row.version, dealName: null } : null;
  }
  const [row] = await t
    .update(opportunities)
    .set({ buyingGroupVersion: sql`${opportunities.buyingGroupVersion} + 1` })
    .where(and(eq(opportunities.id, target.opportunityId), eq(opportunities.accountId, target.accountId), eq(opportunities.buyingGroupVersion, expectedVersion)))
    .returning({ version: opportunities.buyingGroupVersion, dealName: opportunities.name });
  return row ?? null;
}

async function currentVersion(t: DatabaseOrTransaction, target: MapTarget): Promise<number> {
  if (target.opportunityId === undefined) {
    const [row] = await t.select({ version: accounts.buyingGroupVersion }).from(accounts).where(eq(accounts.id, target.accountId));
    if (!row) throw new NotFoundError(`There is no account #${target.accountId}.`);
    return row.version;
  }
  const [row] = await t
    .select({ version: opportunities.buyingGroupVersion })
    .from(opportunities)
    .where(and(eq(opportunities.id, target.opportunityId), eq(opportunities.accountId, target.accountId)));
  if (!row) throw new NotFoundError(`There is no deal #${target.opportunityId} on this account.`);
  return row.version;
}

/**
 * Refuses, before anything is written, an edit the actor may not make: account data (every edit of
 * an account's map, and adding a contact through a deal's map) needs the account's owner or an admin;
 * a deal's own contacts need the deal's owner as well. Read from the database, so no caller can
 * vouch for a role or an owner.
 */
async function authoriseEdit(t: DatabaseOrTransaction, target: MapTarget, actorId: number, kind: MapEditKind): Promise<void> {
  const [actor] = await t.select({ id: users.id, role: users.role, active: users.active }).from(users).where(eq(users.id, actorId));
  const owners = await mapOwners(t, target);
  const onDeal = target.opportunityId !== undefined;
  if (actor?.active && canMakeMapEdit(actor, owners, onDeal, kind)) return;
  if (actor?.active && onDeal && canEditDealMap(actor, owners.dealOwnerId, owners.accountOwnerId)) {
    throw new ForbiddenMapEditError(
      "A new contact joins the account, and only the account's owner or an admin adds contacts to it. Put one of the account's contacts on this deal instead.",
    );
  }
  throw new ForbiddenMapEditError(
    onDeal ? "Only the deal's owner, the account's owner and admins edit this deal's map." : "Only the account's owner and admins edit this account's map.",
  );
}

/**
 * Applies one edit if the map is still at `expectedVersion`, bumping the version and writing the
 * history entry in the same transaction. Two saves from one loaded version: the first wins, the
 * second gets a MapConflictError with the first one's change, and nothing of it is written.
 * A deal's edit that also changes the account's data (adding a contact) bumps the account map's
 * version too and writes an entry in its history, so whoever edits the account's map from an older
 * version is told.
 */
export async function editBuyingGroup(
  db: DatabaseOrTransaction,
  { expectedVersion, edit, actorId, now = new Date(), ...target }: MapTarget & { expectedVersion: number; edit: MapEdit; actorId: number; now?: Date },
): Promise<{ version: number; contactId: number }> {
  if (edit.kind === "add" && !edit.name.trim()) throw new ConflictError("Enter the contact's name.");
  if (edit.kind === "add" && edit.name.trim().length > 200) throw new ConflictError("A name has at most 200 characters.");
  if (edit.kind === "gapAction" && (edit.value?.trim().length ?? 0) > MAX_GAP_ACTION) throw new ConflictError(`A gap action has at most ${MAX_GAP_ACTION} characters.`);
  const onDeal = target.opportunityId !== undefined;
  const changesAccount = mapEditChangesAccount(edit.kind, onDeal);
  return db.transaction(async (t) => {
    await authoriseEdit(t, target, actorId, edit.kind);
    const bumped = await bumpVersion(t, target, expectedVersion);
    if (!bumped) {
      const version = await currentVersion(t, target);
      throw new MapConflictError(await mapHistory(t, target.accountId, { only: target, limit: Math.max(1, version - expectedVersion) }));
    }
    // The deal's editor loaded the deal's version, not the account's: the account's moves on regardless.
    if (onDeal && changesAccount) {
      await t.update(accounts).set({ buyingGroupVersion: sql`${accounts.buyingGroupVersion} + 1` }).where(eq(accounts.id, target.accountId));
    }

    let contactId: number;
    let entry: { what: string; from: string | null; to: string | null };
    if (edit.kind === "add") {
      const name = edit.name.trim();
      const title = edit.title?.trim() || null;
      const role = edit.role ?? suggestRoleFromTitle(title);
      const [created] = await t.insert(contacts).values({ accountId: target.accountId, name, title, buyingGroupRole: role }).returning({ id: contacts.id });
      contactId = created!.id;
      if (onDeal) await t.insert(opportunityContacts).values({ opportunityId: target.opportunityId!, contactId, buyingGroupRole: role });
      entry = { what: name, from: null, to: `added as ${roleLabel(role) ?? "no role"}${title ? ` (${title})` : ""}` };
      await notifyTier1Stakeholder(t, { accountId: target.accountId, name, title, role, actorId, dealName: bumped.dealName });
    } else {
      const [contact] = await t.select().from(contacts).where(eq(contacts.id, edit.contactId));
      if (!contact || contact.accountId !== target.accountId) throw new NotFoundError("That contact is not on this account.");
      contactId = contact.id;
      const member = onDeal
        ? (
            await t
              .select()
              .from(opportunityContacts)
              .where(and(eq(opportunityContacts.opportunityId, target.opportunityId!), eq(opportunityContacts.contactId, contact.id)))
          )[0]
        : { buyingGroupRole: contact.buyingGroupRole, status: contact.status, engagementLevel: contact.engagementLevel, gapAction: contact.gapAction };
      if (!member && edit.kind !== "assign") throw new NotFoundError(`${contact.name} is not on this deal.`);
      const set = async (values: Partial<typeof opportunityContacts.$inferInsert>) => {
        if (!onDeal) {
          await t.update(contacts).set({ ...values, version: sql`${contacts.version} + 1`, updatedAt: sql`now()` }).where(eq(contacts.id, contact.id));
        } else if (member) {
          await t
            .update(opportunityContacts)
            .set(values)
            .where(and(eq(opportunityContacts.opportunityId, target.opportunityId!), eq(opportunityContacts.contactId, contact.id)));
        } else {
          await t.insert(opportunityContacts).values({ opportunityId: target.opportunityId!, contactId: contact.id, ...values });
        }
      };
      switch (edit.kind) {
        case "assign":
          await set({ buyingGroupRole: edit.role });
          entry = { what: `${contact.name}'s role`, from: member ? roleLabel(member.buyingGroupRole) : null, to: roleLabel(edit.role) };
          break;
        case "remove":
          if (onDeal) {
            await t.delete(opportunityContacts).where(and(eq(opportunityContacts.opportunityId, target.opportunityId!), eq(opportunityContacts.contactId, contact.id)));
          } else {
            await set({ buyingGroupRole: null });
          }
          entry = { what: `${contact.name}'s role`, from: roleLabel(member!.buyingGroupRole), to: null };
          break;
        case "status":
          await set({ status: edit.value });
          // A rep marking someone engaged or active has just been in touch with them.
          if (edit.value !== "identified") await recordMapTouch(t, contact.id, now);
          entry = { what: `${contact.name}'s status`, from: member!.status, to: edit.value };
          break;
        case "engagement":
          await set({ engagementLevel: edit.value });
          // On the account's map the level is the contact's: the rep's setting holds until later touches raise it
          // (METRICS.md §5). A deal's map keeps its own level for that deal.
          if (!onDeal) await t.update(contacts).set({ engagementSetLevel: edit.value, engagementSetAt: now }).where(eq(contacts.id, contact.id));
          if (edit.value !== "none") await recordMapTouch(t, contact.id, now);
          entry = { what: `${contact.name}'s engagement`, from: member!.engagementLevel, to: edit.value };
          break;
        case "gapAction":
          await set({ gapAction: edit.value?.trim() || null });
          entry = { what: `${contact.name}'s gap action`, from: member!.gapAction, to: edit.value?.trim() || null };
          break;
      }
    }
    await t.insert(auditLog).values({
      userId: actorId,
      entity: onDeal ? DEAL_BUYING_GROUP_AUDIT : BUYING_GROUP_AUDIT,
      entityId: String(onDeal ? target.opportunityId : target.accountId),
      field: bumped.dealName ? `${bumped.dealName}: ${entry.what}` : entry.what,
      oldValue: entry.from,
      newValue: entry.to,
    });
    if (onDeal && changesAccount) {
      await t.insert(auditLog).values({ userId: actorId, entity: BUYING_GROUP_AUDIT, entityId: String(target.accountId), field: entry.what, oldValue: entry.from, newValue: entry.to });
    }
    return { version: bumped.version, contactId };
  });
}

/**
 * The latest edits, newest first: of the account's map and all its deals' maps (the account's
 * history), or of exactly one map with `only`.
 */
export async function mapHistory(db: DatabaseOrTransaction, accountId: number, { only, limit = 50 }: { only?: MapTarget; limit?: number } = {}): Promise<MapChange[]> {
  const entry = (entity: string, id: number) => and(eq(auditLog.entity, entity), eq(auditLog.entityId, String(id)));
  const where = only
    ? only.opportunityId !== undefined
      ? entry(DEAL_BUYING_GROUP_AUDIT, only.opportunityId)
      : entry(BUYING_GROUP_AUDIT, only.accountId)
    : or(
        entry(BUYING_GROUP_AUDIT, accountId),
        and(eq(auditLog.entity, DEAL_BUYING_GROUP_AUDIT), sql`${auditLog.entityId} in (select id::text from opportunities where account_id = ${accountId})`),
      );
  return db
    .select({ at: auditLog.at, by: users.name, what: auditLog.field, from: auditLog.oldValue, to: auditLog.newValue })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(limit);
}

/** Who owns the map's account and deal, for the edit permission. */
export async function mapOwners(db: DatabaseOrTransaction, target: MapTarget): Promise<{ accountOwnerId: number | null; dealOwnerId: number | null }> {
  const [account] = await db.select({ ownerId: accounts.ownerId }).from(accounts).where(eq(accounts.id, target.accountId));
  if (!account) throw new NotFoundError(`There is no account #${target.accountId}.`);
  if (target.opportunityId === undefined) return { accountOwnerId: account.ownerId, dealOwnerId: null };
  const [deal] = await db
    .select({ ownerId: opportunities.ownerId })
    .from(opportunities)
    .where(and(eq(opportunities.id, target.opportunityId), eq(opportunities.accountId, target.accountId)));
  if (!deal) throw new NotFoundError(`There is no deal #${target.opportunityId} on this account.`);
  return { accountOwnerId: account.ownerId, dealOwnerId: deal.ownerId };
}
