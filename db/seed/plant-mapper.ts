/**
 * The Buying Group Mapper in the demo (issue 22): switched on MAPPER_DAYS before the as-of day,
 * between the lead router and the Competitive Alert Monitor, as the playbook sequences them. Its
 * proposals are what its own rule (lib/automations/role-proposals.ts) makes for the contacts without
 * a role on accounts with an open deal, waiting for their reps, and logged.
 *
 * The planted effect: since the switch-on day, reps have been confirming the roles it proposes, so
 * deals closed since carry a role for more of the people engaged on them. On those deals, a contact
 * Engaged or Active on the map with no role gets the role the rule gives them, at a rate that leaves
 * some unconfirmed. Statuses, and so the multi-threaded share, stay as they were.
 */
import { proposeRole } from "@/lib/automations/role-proposals";
import { buyingGroupRoleInfo } from "@/lib/domain/buying-group";
import { DAY, HOUR, MINUTE, isoDay } from "./calendar";
import type { SeedContext } from "./context";
import type { AccountBook } from "./generate-accounts";
import type { Pipeline } from "./generate-opportunities";
import type { DemoData, DemoSignal } from "./types";

/** Days before the as-of day the mapper was switched on. */
export const MAPPER_DAYS = 68;

export function plantBuyingGroupMapper(
  ctx: SeedContext,
  book: AccountBook,
  pipeline: Pipeline,
  signals: readonly DemoSignal[],
  firstActionId: number,
): { roleProposals: DemoData["roleProposals"]; automationActions: DemoData["automationActions"]; since: string } {
  const rng = ctx.rng.fork("buying-group-mapper");
  const since = ctx.clock.asOf - MAPPER_DAYS * DAY;
  const contactById = new Map(book.contacts.map((c) => [c.id, c]));
  const typesOf = new Map<number, string[]>();
  for (const s of signals) {
    if (s.contactId == null) continue;
    const list = typesOf.get(s.contactId) ?? [];
    list.push(s.type);
    typesOf.set(s.contactId, list);
  }
  const factsOf = (id: number) => {
    const c = contactById.get(id)!;
    return { title: c.title ?? null, seniority: c.seniority ?? null, signalTypes: typesOf.get(id) ?? [] };
  };

  // Deals closed since: engaged people get the role the rule proposes, as their reps confirmed most of them.
  const closedSince = new Set(pipeline.opportunities.filter((o) => o.status !== "open" && o.closedAt && o.closedAt.getTime() >= since).map((o) => o.id));
  for (const member of pipeline.opportunityContacts) {
    if (!closedSince.has(member.opportunityId) || member.buyingGroupRole) continue;
    const proposal = proposeRole(factsOf(member.contactId));
    if (proposal && rng.chance(0.8)) member.buyingGroupRole = proposal.role;
  }

  // Open deals' accounts: the proposals waiting for their reps, made by the first run after the switch-on.
  const openAccounts = new Set(pipeline.opportunities.filter((o) => o.status === "open").map((o) => o.accountId));
  const roleProposals: DemoData["roleProposals"] = [];
  const automationActions: DemoData["automationActions"] = [];
  for (const c of book.contacts) {
    if (c.buyingGroupRole || !openAccounts.has(c.accountId)) continue;
    const proposal = proposeRole(factsOf(c.id));
    if (!proposal) continue;
    const at = new Date(Math.max(since + 9 * HOUR + 37 * MINUTE, c.createdAt.getTime() + HOUR));
    const id = roleProposals.length + 1;
    roleProposals.push({ id, contactId: c.id, accountId: c.accountId, role: proposal.role, reason: proposal.reason, proposedAt: at });
    const role = buyingGroupRoleInfo[proposal.role].label;
    automationActions.push({
      id: firstActionId + automationActions.length,
      automation: "buying_group_mapper",
      subject: `proposal:${id}`,
      action: `Proposed ${c.name} as ${role}`,
      reason: proposal.reason,
      at,
      accountId: c.accountId,
      userId: book.byId[c.accountId]?.ownerId ?? null,
      topic: role,
    });
  }
  return { roleProposals, automationActions, since: isoDay(since) };
}
