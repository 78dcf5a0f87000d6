/**
 * The Buying Group Mapper's proposals in the database: the contacts it reads (no role yet, on an
 * account with an open deal), the proposals it makes, the rep's accept or reject, and the deal
 * coverage its before and after compare.
 */
import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { queryRows, type Database, type DatabaseOrTransaction } from "@/db/index";
import { accounts, contacts, roleProposals, users } from "@/db/schema";
import { canEditBuyingGroup } from "@/lib/auth/permissions";
import type { BuyingGroupRole, Seniority } from "@/lib/domain/buying-group";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import type { DealCoverage } from "@/lib/metrics/mapper-impact";
import type { Period } from "@/lib/metrics/period";
import type { UserRole } from "@/lib/domain/roles";
import { editBuyingGroup } from "./buying-groups";
import { inPeriod } from "./velocity";

export interface ContactToMap {
  contactId: number;
  name: string;
  title: string | null;
  seniority: Seniority | null;
  accountId: number;
  accountName: string;
  ownerId: number | null;
  signalTypes: string[];
  /** Roles a rep turned down for this contact. */
  rejected: BuyingGroupRole[];
}

/** Contacts with no role on the account's map, on accounts with an open deal, and no proposal waiting. */
export async function contactsToMap(db: DatabaseOrTransaction): Promise<ContactToMap[]> {
  return queryRows<ContactToMap>(
    db,
    sql`select c.id as "contactId", c.name, c.title, c.seniority, a.id as "accountId", a.name as "accountName", a.owner_id as "ownerId",
        coalesce((select array_agg(distinct s.type) from signals s where s.contact_id = c.id), '{}') as "signalTypes",
        coalesce((select array_agg(p.role::text) from role_proposals p where p.contact_id = c.id and p.status = 'rejected'), '{}') as rejected
      from contacts c join accounts a on a.id = c.account_id
      where c.buying_group_role is null
        and exists (select 1 from opportunities o where o.account_id = a.id and o.status = 'open')
        and not exists (select 1 from role_proposals p where p.contact_id = c.id and p.status = 'proposed')
      order by a.id, c.id`,
  );
}

/** Records a proposal once per contact and role: false when that role was proposed before (and perhaps rejected). */
export async function recordProposal(tx: DatabaseOrTransaction, p: { contactId: number; accountId: number; role: BuyingGroupRole; reason: string; at: Date }): Promise<number | null> {
  const [row] = await tx
    .insert(roleProposals)
    .values({ contactId: p.contactId, accountId: p.accountId, role: p.role, reason: p.reason, proposedAt: p.at })
    .onConflictDoNothing({ target: [roleProposals.contactId, roleProposals.role] })
    .returning({ id: roleProposals.id });
  return row?.id ?? null;
}

export interface PendingProposal {
  id: number;
  contactId: number;
  contactName: string;
  title: string | null;
  accountId: number;
  accountName: string;
  ownerId: number | null;
  ownerName: string | null;
  role: BuyingGroupRole;
  reason: string;
  proposedAt: Date;
}

/** Proposals waiting for a decision, newest first: one owner's accounts (a rep's), or all (null). */
export async function pendingProposals(db: Database, { ownerId, accountId, limit = 100 }: { ownerId: number | null; accountId?: number; limit?: number }): Promise<PendingProposal[]> {
  return db
    .select({
      id: roleProposals.id,
      contactId: roleProposals.contactId,
      contactName: contacts.name,
      title: contacts.title,
      accountId: roleProposals.accountId,
      accountName: accounts.name,
      ownerId: accounts.ownerId,
      ownerName: users.name,
      role: roleProposals.role,
      reason: roleProposals.reason,
      proposedAt: roleProposals.proposedAt,
    })
    .from(roleProposals)
    .innerJoin(contacts, eq(contacts.id, roleProposals.contactId))
    .innerJoin(accounts, eq(accounts.id, roleProposals.accountId))
    .leftJoin(users, eq(users.id, accounts.ownerId))
    .where(
      and(
        eq(roleProposals.status, "proposed"),
        sql`${contacts.buyingGroupRole} is null`,
        ownerId === null ? undefined : eq(accounts.ownerId, ownerId),
        accountId === undefined ? undefined : eq(roleProposals.accountId, accountId),
      ),
    )
    .orderBy(desc(roleProposals.proposedAt), desc(roleProposals.id))
    .limit(limit);
}

/** Proposals decided and waiting, in all. */
export async function proposalCounts(db: Database): Promise<Record<"proposed" | "accepted" | "rejected", number>> {
  const rows = await queryRows<{ status: "proposed" | "accepted" | "rejected"; n: number }>(db, sql`select status, count(*)::int as n from role_proposals group by status`);
  return { proposed: 0, accepted: 0, rejected: 0, ...Object.fromEntries(rows.map((r) => [r.status, r.n])) };
}

/**
 * The rep's decision. Accepting puts the role on the account's map (the map's own check, version and
 * history); rejecting keeps the proposal so the role is never proposed again. A proposal decided
 * meanwhile, or whose contact got a role meanwhile, is refused, not decided twice.
 */
export async function decideProposal(db: Database, { id, accept, actor, now = new Date() }: { id: number; accept: boolean; actor: { id: number; role: UserRole }; now?: Date }): Promise<{ accountId: number; contactName: string; role: BuyingGroupRole }> {
  // One transaction: the decision and the role on the map land together, or neither does.
  return db.transaction(async (tx) => {
    const [p] = await tx
      .select({ accountId: roleProposals.accountId, contactId: roleProposals.contactId, role: roleProposals.role, status: roleProposals.status, ownerId: accounts.ownerId, contactName: contacts.name, contactRole: contacts.buyingGroupRole, mapVersion: accounts.buyingGroupVersion })
      .from(roleProposals)
      .innerJoin(accounts, eq(accounts.id, roleProposals.accountId))
      .innerJoin(contacts, eq(contacts.id, roleProposals.contactId))
      .where(eq(roleProposals.id, id));
    if (!p) throw new NotFoundError("That proposal does not exist.");
    if (!canEditBuyingGroup(actor, p.ownerId)) throw new ForbiddenError("Only the account's owner and admins decide its proposals.");
    if (p.status !== "proposed") throw new ConflictError(`This proposal was already ${p.status}.`);
    if (p.contactRole !== null) throw new ConflictError(`${p.contactName} got a role on the map meanwhile; the proposal no longer applies.`);
    const [claimed] = await tx
      .update(roleProposals)
      .set({ status: accept ? "accepted" : "rejected", decidedBy: actor.id, decidedAt: now })
      .where(and(eq(roleProposals.id, id), eq(roleProposals.status, "proposed")))
      .returning({ id: roleProposals.id });
    if (!claimed) throw new ConflictError("This proposal was decided by someone else meanwhile.");
    if (accept) await editBuyingGroup(tx, { accountId: p.accountId, expectedVersion: p.mapVersion, edit: { kind: "assign", contactId: p.contactId, role: p.role }, actorId: actor.id, now });
    return { accountId: p.accountId, contactName: p.contactName, role: p.role };
  });
}

/** Each deal closed in a window: the people on its map and those with a role, the roles with someone Engaged or Active, and how many are. */
export async function closedDealCoverage(db: Database, window: Period & { timeZone: string }): Promise<DealCoverage[]> {
  return queryRows<DealCoverage>(
    db,
    sql`select
        (select count(*) from opportunity_contacts oc where oc.opportunity_id = o.id)::int as contacts,
        (select count(*) from opportunity_contacts oc where oc.opportunity_id = o.id and oc.buying_group_role is not null)::int as "withRole",
        (select count(distinct oc.buying_group_role) from opportunity_contacts oc
          where oc.opportunity_id = o.id and oc.status in ('engaged', 'active') and oc.buying_group_role is not null)::int as roles,
        (select count(*) from opportunity_contacts oc where oc.opportunity_id = o.id and oc.status in ('engaged', 'active'))::int as engaged
      from opportunities o
      where o.status in ('won', 'lost') and ${inPeriod(sql`o.closed_at`, window)}`,
  );
}
