import "server-only";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/index";
import { accounts, auditLog, contacts, users } from "@/db/schema";
import { buyingGroupRoleInfo, suggestRoleFromTitle, type BuyingGroupRole, type ContactStatus, type EngagementLevel } from "@/lib/domain/buying-group";
import { ConflictError, NotFoundError } from "./users";

/** The audit entity of buying-group edits; entity_id is the account id. */
export const BUYING_GROUP_AUDIT = "buying_group";

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

export interface AccountMap {
  account: { id: number; name: string; ownerId: number | null; ownerName: string | null; version: number };
  contacts: MapContact[];
}

export async function accountBuyingGroup(db: Database, accountId: number): Promise<AccountMap> {
  const [account] = await db
    .select({ id: accounts.id, name: accounts.name, ownerId: accounts.ownerId, ownerName: users.name, version: accounts.buyingGroupVersion })
    .from(accounts)
    .leftJoin(users, eq(users.id, accounts.ownerId))
    .where(eq(accounts.id, accountId));
  if (!account) throw new NotFoundError(`There is no account #${accountId}.`);
  const members = await db
    .select({
      id: contacts.id,
      name: contacts.name,
      title: contacts.title,
      email: contacts.email,
      role: contacts.buyingGroupRole,
      status: contacts.status,
      engagementLevel: contacts.engagementLevel,
      lastTouchAt: contacts.lastTouchAt,
      gapAction: contacts.gapAction,
    })
    .from(contacts)
    .where(eq(contacts.accountId, accountId))
    .orderBy(asc(contacts.name), asc(contacts.id));
  return { account, contacts: members };
}

/** One edit of an account's map: each is saved at once and is one entry of the account's history. */
export type MapEdit =
  | { kind: "assign"; contactId: number; role: BuyingGroupRole }
  | { kind: "add"; name: string; title: string | null; role: BuyingGroupRole | null }
  | { kind: "status"; contactId: number; value: ContactStatus }
  | { kind: "engagement"; contactId: number; value: EngagementLevel }
  | { kind: "gapAction"; contactId: number; value: string | null }
  | { kind: "remove"; contactId: number };

export interface MapChange {
  at: Date;
  by: string | null;
  what: string;
  from: string | null;
  to: string | null;
}

/** Someone saved the map since it was loaded: nothing was written, and this is what they changed. */
export class MapConflictError extends ConflictError {
  constructor(readonly changes: MapChange[]) {
    super(
      `Someone changed this map since you loaded it: ${changes.map((c) => `${c.by ?? "someone"} set ${c.what} to ${c.to ?? "nothing"}`).join("; ")}. Nothing was saved; reload to see their change.`,
    );
  }
}

const roleLabel = (role: BuyingGroupRole | null) => (role ? buyingGroupRoleInfo[role].label : null);

/**
 * Applies one edit if the map is still at `expectedVersion`, bumping the version and writing the
 * history entry in the same transaction. Two saves from one loaded version: the first wins, the
 * second gets a MapConflictError with the first one's change, and nothing of it is written.
 */
export async function editBuyingGroup(db: Database, { accountId, expectedVersion, edit, actorId }: { accountId: number; expectedVersion: number; edit: MapEdit; actorId: number }): Promise<{ version: number; contactId: number }> {
  if (edit.kind === "add" && !edit.name.trim()) throw new ConflictError("Enter the contact's name.");
  return db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    const [bumped] = await t
      .update(accounts)
      .set({ buyingGroupVersion: sql`${accounts.buyingGroupVersion} + 1` })
      .where(and(eq(accounts.id, accountId), eq(accounts.buyingGroupVersion, expectedVersion)))
      .returning({ version: accounts.buyingGroupVersion });
    if (!bumped) {
      const [account] = await t.select({ version: accounts.buyingGroupVersion }).from(accounts).where(eq(accounts.id, accountId));
      if (!account) throw new NotFoundError(`There is no account #${accountId}.`);
      throw new MapConflictError(await mapHistory(t, accountId, Math.max(1, account.version - expectedVersion)));
    }

    let contactId: number;
    let entry: { what: string; from: string | null; to: string | null };
    if (edit.kind === "add") {
      const name = edit.name.trim();
      const role = edit.role ?? suggestRoleFromTitle(edit.title);
      const [created] = await t.insert(contacts).values({ accountId, name, title: edit.title?.trim() || null, buyingGroupRole: role }).returning({ id: contacts.id });
      contactId = created!.id;
      entry = { what: `${name}`, from: null, to: `added as ${roleLabel(role) ?? "no role"}${edit.title ? ` (${edit.title.trim()})` : ""}` };
    } else {
      const [contact] = await t.select().from(contacts).where(eq(contacts.id, edit.contactId));
      if (!contact || contact.accountId !== accountId) throw new NotFoundError("That contact is not on this account.");
      contactId = contact.id;
      const set = (values: Partial<typeof contacts.$inferInsert>) =>
        t.update(contacts).set({ ...values, version: sql`${contacts.version} + 1`, updatedAt: sql`now()` }).where(eq(contacts.id, contact.id));
      switch (edit.kind) {
        case "assign":
          await set({ buyingGroupRole: edit.role });
          entry = { what: `${contact.name}'s role`, from: roleLabel(contact.buyingGroupRole), to: roleLabel(edit.role) };
          break;
        case "remove":
          await set({ buyingGroupRole: null });
          entry = { what: `${contact.name}'s role`, from: roleLabel(contact.buyingGroupRole), to: null };
          break;
        case "status":
          await set({ status: edit.value });
          entry = { what: `${contact.name}'s status`, from: contact.status, to: edit.value };
          break;
        case "engagement":
          await set({ engagementLevel: edit.value });
          entry = { what: `${contact.name}'s engagement`, from: contact.engagementLevel, to: edit.value };
          break;
        case "gapAction":
          await set({ gapAction: edit.value?.trim() || null });
          entry = { what: `${contact.name}'s gap action`, from: contact.gapAction, to: edit.value?.trim() || null };
          break;
      }
    }
    await t.insert(auditLog).values({ userId: actorId, entity: BUYING_GROUP_AUDIT, entityId: String(accountId), field: entry.what, oldValue: entry.from, newValue: entry.to });
    return { version: bumped.version, contactId };
  });
}

/** The latest edits of an account's map, newest first. */
export async function mapHistory(db: Database, accountId: number, limit = 50): Promise<MapChange[]> {
  const rows = await db
    .select({ at: auditLog.at, by: users.name, what: auditLog.field, from: auditLog.oldValue, to: auditLog.newValue })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(and(eq(auditLog.entity, BUYING_GROUP_AUDIT), eq(auditLog.entityId, String(accountId))))
    .orderBy(desc(auditLog.id))
    .limit(limit);
  return rows;
}
