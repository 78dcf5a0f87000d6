/**
 * Fields that summarise activity, filled in once all activity exists: each contact's status,
 * engagement level and last touch, and created-at times that come before everything that
 * references the row (a CRM record exists before the first touch on it).
 */
import { contactStatuses, engagementLevels, type ContactStatus, type EngagementLevel } from "@/lib/domain/buying-group";
import { DAY, HOUR, toSecond } from "./calendar";
import type { SeedContext } from "./context";
import type { AccountBook } from "./generate-accounts";
import type { Pipeline } from "./generate-opportunities";
import type { DemoData } from "./types";
import { gapActions } from "./vocabulary";

type Activity = Pick<DemoData, "leads" | "touchpoints" | "signals" | "meetings" | "selfReportedAnswers">;

export function finaliseAccountsAndContacts(ctx: SeedContext, book: AccountBook, pipeline: Pipeline, activity: Activity): void {
  const rng = ctx.rng.fork("finalise");
  const { asOf } = ctx.clock;
  const contactCount = book.contacts.length;
  const accountCount = book.accounts.length;
  const firstSeen = new Float64Array(contactCount + 1).fill(Infinity);
  const lastTouch = new Float64Array(contactCount + 1).fill(-Infinity);
  const recentTouches = new Uint16Array(contactCount + 1);
  const status = new Uint8Array(contactCount + 1);
  const level = new Uint8Array(contactCount + 1);
  const accountFirstSeen = new Float64Array(accountCount + 1).fill(Infinity);

  const seeContact = (id: number | null | undefined, at: number) => {
    if (id != null && at < (firstSeen[id] ?? Infinity)) firstSeen[id] = at;
  };
  const seeAccount = (id: number | null | undefined, at: number) => {
    if (id != null && at < (accountFirstSeen[id] ?? Infinity)) accountFirstSeen[id] = at;
  };
  const raise = (array: Uint8Array, id: number, value: number) => {
    if (value > (array[id] ?? 0)) array[id] = value;
  };

  for (const touch of activity.touchpoints) {
    const at = touch.occurredAt.getTime();
    seeAccount(touch.accountId, at);
    if (touch.contactId == null) continue;
    seeContact(touch.contactId, at);
    if (at > (lastTouch[touch.contactId] ?? -Infinity)) lastTouch[touch.contactId] = at;
    if (at >= asOf - 90 * DAY) recentTouches[touch.contactId] = (recentTouches[touch.contactId] ?? 0) + 1;
  }
  for (const lead of activity.leads) {
    seeContact(lead.contactId, lead.createdAt.getTime());
    seeAccount(lead.accountId, lead.createdAt.getTime());
  }
  for (const signal of activity.signals) {
    seeContact(signal.contactId, signal.occurredAt.getTime());
    seeAccount(signal.accountId, signal.occurredAt.getTime());
  }
  for (const meeting of activity.meetings) {
    seeContact(meeting.contactId, meeting.bookedAt.getTime());
    seeAccount(meeting.accountId, meeting.bookedAt.getTime());
    if (meeting.contactId != null) raise(status, meeting.contactId, 2); // a meeting makes them active
  }
  for (const answer of activity.selfReportedAnswers) seeContact(answer.contactId, answer.enteredAt?.getTime() ?? Infinity);
  for (const opp of pipeline.opportunities) seeAccount(opp.accountId, opp.createdAt.getTime());
  for (const member of pipeline.opportunityContacts) {
    seeContact(member.contactId, member.addedAt?.getTime() ?? Infinity);
    raise(status, member.contactId, contactStatuses.indexOf(member.status as ContactStatus));
    raise(level, member.contactId, engagementLevels.indexOf(member.engagementLevel as EngagementLevel));
    const touched = member.lastTouchAt?.getTime();
    if (touched !== undefined && touched > (lastTouch[member.contactId] ?? -Infinity)) lastTouch[member.contactId] = touched;
  }

  const openDealAccounts = new Set(pipeline.opportunities.filter((o) => o.status === "open").map((o) => o.accountId));
  for (const contact of book.contacts) {
    const id = contact.id;
    const recent = recentTouches[id] ?? 0;
    // Engaged means two-way interest: more than one touch in the last 90 days.
    raise(status, id, recent >= 2 ? 1 : 0);
    raise(level, id, recent === 0 ? 0 : recent <= 2 ? 1 : recent <= 5 ? 2 : 3);
    contact.status = contactStatuses[status[id] ?? 0];
    contact.engagementLevel = engagementLevels[level[id] ?? 0];
    const last = lastTouch[id] ?? -Infinity;
    contact.lastTouchAt = Number.isFinite(last) ? new Date(last) : null;
    contact.gapAction =
      contact.status === "identified" && contact.buyingGroupRole && openDealAccounts.has(contact.accountId)
        ? rng.pick(gapActions[contact.buyingGroupRole])
        : null;
    const seen = firstSeen[id] ?? Infinity;
    const lead = rng.float(1, 72) * HOUR; // drawn for every contact so the stream does not depend on data
    if (seen <= contact.createdAt.getTime()) contact.createdAt = new Date(toSecond(seen - lead));
    contact.updatedAt = new Date(Math.max(contact.createdAt.getTime(), Number.isFinite(last) ? last : 0));
    seeAccount(contact.accountId, contact.createdAt.getTime());
  }

  for (const account of book.accounts) {
    seeAccount(account.id, account.abmTierSetAt?.getTime() ?? Infinity);
    const seen = accountFirstSeen[account.id] ?? Infinity;
    const lead = rng.float(1, 10) * DAY;
    if (seen <= account.createdAt.getTime()) account.createdAt = new Date(toSecond(seen - lead));
    account.updatedAt = new Date(Math.max(account.createdAt.getTime(), account.abmTierSetAt?.getTime() ?? 0));
  }
}
