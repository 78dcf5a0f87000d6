/**
 * What each event says and whom it reaches: the handoff, a new Tier 1 stakeholder, an import's end
 * and the weekly review (the SLA and dark-role events are raised by the watch jobs, watch.ts).
 */
import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DatabaseOrTransaction } from "@/db/index";
import { activeUsersWithRoles } from "@/db/queries/notifications";
import { accounts, contacts, users } from "@/db/schema";
import { buyingGroupRoleInfo, type BuyingGroupRole } from "@/lib/domain/buying-group";
import { HANDOFF_BURST_MINUTES } from "@/lib/domain/notifications";
import { wallClock } from "@/lib/import/time-zone";
import { notify } from "./notify";

/**
 * A signal routed to a rep as an immediate handoff: the rep hears of it at once, once per burst of
 * the account's signals (HANDOFF_BURST_MINUTES). In the signal's transaction.
 */
export async function notifyHandoff(
  tx: DatabaseOrTransaction,
  h: { accountId: number; contactId: number | null; typeLabel: string; readiness: number; routedTo: number; dueAt: Date; timeZone: string; at: Date },
): Promise<void> {
  const [account] = await tx.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, h.accountId));
  const [contact] = h.contactId === null ? [] : await tx.select({ name: contacts.name, title: contacts.title }).from(contacts).where(eq(contacts.id, h.contactId));
  const who = contact ? ` from ${contact.name}${contact.title ? ` (${contact.title})` : ""}` : "";
  const due = wallClock(h.dueAt, h.timeZone).time.slice(0, 5);
  await notify(tx, {
    event: "handoff",
    subject: `account:${h.accountId}`,
    burstMinutes: HANDOFF_BURST_MINUTES,
    title: `Immediate handoff: ${account?.name ?? `account #${h.accountId}`} at ${Math.round(h.readiness)}`,
    body: `${h.typeLabel}${who}. Readiness ${Math.round(h.readiness)}: respond by ${due} ${h.timeZone}.`,
    link: `/signals?account=${h.accountId}`,
    recipients: [h.routedTo],
    at: h.at,
  });
}

/** A contact added to the buying group of a Tier 1 account: its owner and the ABM team hear of it (not whoever added it). */
export async function notifyTier1Stakeholder(
  tx: DatabaseOrTransaction,
  s: { accountId: number; name: string; title: string | null; role: BuyingGroupRole | null; actorId: number; dealName: string | null },
): Promise<void> {
  const [account] = await tx
    .select({ name: accounts.name, tier: accounts.abmTier, ownerId: accounts.ownerId, actor: sql<string | null>`(select ${users.name} from ${users} where ${users.id} = ${s.actorId})` })
    .from(accounts)
    .where(eq(accounts.id, s.accountId));
  if (!account || account.tier !== "tier_1") return;
  const recipients = [...(account.ownerId ? [account.ownerId] : []), ...(await activeUsersWithRoles(tx, ["marketing"]))].filter((id) => id !== s.actorId);
  if (recipients.length === 0) return;
  const role = s.role ? buyingGroupRoleInfo[s.role].label : "no role yet";
  await notify(tx, {
    event: "tier1_stakeholder",
    subject: null,
    title: `New stakeholder at ${account.name} (Tier 1)`,
    body: `${s.name}${s.title ? `, ${s.title},` : ""} joined the buying group as ${role}${s.dealName ? ` on ${s.dealName}` : ""}; added by ${account.actor ?? "someone"}.`,
    link: `/accounts/${s.accountId}`,
    recipients,
  });
}

/** An import's dry run or commit ended: whoever started it hears whether it was committed or failed. */
export async function notifyImportEnded(
  db: DatabaseOrTransaction,
  i: { importId: number; fileName: string; run: "dry_run" | "commit"; status: "validated" | "completed" | "failed"; createdBy: number | null; createdRows: number; updatedRows: number; failedRows: number; message: string | null },
): Promise<void> {
  if (i.createdBy === null || i.status === "validated") return;
  const what = i.run === "commit" ? "import" : "dry run";
  await notify(db, {
    event: i.status === "completed" ? "import_finished" : "import_failed",
    subject: null,
    title: i.status === "completed" ? `Import finished: ${i.fileName}` : `The ${what} of ${i.fileName} failed`,
    body:
      i.status === "completed"
        ? `${i.createdRows.toLocaleString("en-US")} created, ${i.updatedRows.toLocaleString("en-US")} updated${i.failedRows ? `, ${i.failedRows.toLocaleString("en-US")} rows left out` : ""}.`
        : (i.message ?? `${i.failedRows.toLocaleString("en-US")} rows have problems; nothing was imported.`),
    link: `/import/${i.importId}`,
    recipients: [i.createdBy],
  });
}

/** The weekly velocity review is archived: the executives (and admins) hear of it. Returns how many people got it. */
export async function notifyWeeklyReview(db: DatabaseOrTransaction, r: { reportId: number; title: string; periodLabel: string }): Promise<number> {
  const raised = await notify(db, {
    event: "weekly_review",
    subject: `report:${r.reportId}`,
    title: r.title,
    body: `The weekly velocity review for ${r.periodLabel} is ready: the four levers, what moved and what to do this week.`,
    link: `/reports/${r.reportId}`,
    recipients: await activeUsersWithRoles(db, ["executive", "admin"]),
  });
  return raised ? raised.inbox : 0;
}
