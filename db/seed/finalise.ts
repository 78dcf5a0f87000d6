/**
 * Fields that summarise activity, filled in once all activity exists: each contact's status,
 * engagement level and last touch, and created-at times that come before everything that
 * references the row (a CRM record exists before the first touch on it).
 */
import { contactStatuses, type ContactStatus } from "@/lib/domain/buying-group";
import { derivedSignalTypes } from "@/lib/domain/signal-types";
import { ENGAGEMENT_WINDOW_DAYS, engagementLevelOf, touchPoints, type TouchCounts } from "@/lib/metrics/engagement";
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

  // Last touch and engagement level by the app's own rule (METRICS.md §5), as of the demo's day, so
  // the daily recompute finds them as they are: the latest touch of any kind, and the touches of
  // each weighted kind in the 90 days before.
  const touchCounts = Array.from({ length: contactCount + 1 }, (): TouchCounts => ({ touchpoint: 0, signal: 0, meeting: 0 }));
  const touch = (id: number | null | undefined, at: number, kind: keyof TouchCounts | null) => {
    if (id == null || at > asOf) return;
    if (at > (lastTouch[id] ?? -Infinity)) lastTouch[id] = at;
    if (kind && at > asOf - ENGAGEMENT_WINDOW_DAYS * DAY) touchCounts[id]![kind]++;
  };

  for (const t of activity.touchpoints) {
    const at = t.occurredAt.getTime();
    seeAccount(t.accountId, at);
    if (t.contactId == null) continue;
    seeContact(t.contactId, at);
    touch(t.contactId, at, "touchpoint");
    if (at >= asOf - 90 * DAY) recentTouches[t.contactId] = (recentTouches[t.contactId] ?? 0) + 1;
  }
  for (const lead of activity.leads) {
    seeContact(lead.contactId, lead.createdAt.getTime());
    seeAccount(lead.accountId, lead.createdAt.getTime());
  }
  for (const signal of activity.signals) {
    seeContact(signal.contactId, signal.occurredAt.getTime());
    seeAccount(signal.accountId, signal.occurredAt.getTime());
    const firstParty = signal.tier !== "external" && !derivedSignalTypes.has(signal.type);
    if (firstParty) touch(signal.contactId, signal.occurredAt.getTime(), "signal");
    if (signal.firstResponseAt) touch(signal.contactId, signal.firstResponseAt.getTime(), null);
    if (signal.meetingBookedAt) touch(signal.contactId, signal.meetingBookedAt.getTime(), null);
  }
  for (const meeting of activity.meetings) {
    seeContact(meeting.contactId, meeting.bookedAt.getTime());
    seeAccount(meeting.accountId, meeting.bookedAt.getTime());
    touch(meeting.contactId, meeting.bookedAt.getTime(), "meeting");
    if (meeting.contactId != null) raise(status, meeting.contactId, 2); // a meeting makes them active
  }
  for (const answer of activity.selfReportedAnswers) seeContact(answer.contactId, answer.enteredAt?.getTime() ?? Infinity);
  for (const opp of pipeline.opportunities) seeAccount(opp.accountId, opp.createdAt.getTime());
  for (const member of pipeline.opportunityContacts) {
    seeContact(member.contactId, member.addedAt?.getTime() ?? Infinity);
    raise(status, member.contactId, contactStatuses.indexOf(member.status as ContactStatus));
    // The rep's last touch recorded on the deal's map is a touch of the person.
    if (member.lastTouchAt) touch(member.contactId, member.lastTouchAt.getTime(), null);
  }

  const openDealAccounts = new Set(pipeline.opportunities.filter((o) => o.status === "open").map((o) => o.accountId));
  for (const contact of book.contacts) {
    const id = contact.id;
    const recent = recentTouches[id] ?? 0;
    // Engaged means two-way interest: more than one touch in the last 90 days.
    raise(status, id, recent >= 2 ? 1 : 0);
    contact.status = contactStatuses[status[id] ?? 0];
    contact.engagementLevel = engagementLevelOf(touchPoints(touchCounts[id]!));
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
