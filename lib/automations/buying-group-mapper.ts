/**
 * The Buying Group Mapper at work: every hour, while it is on, each contact with no role on an
 * account with an open deal gets a proposed role with its reason (lib/automations/role-proposals.ts);
 * each proposal is logged, and the account's owner hears once per account and run. Gone-dark roles
 * are the dark-role watch's (lib/notifications/watch.ts); new stakeholders on Tier 1 accounts notify
 * as they are added.
 */
import "server-only";
import { z } from "zod";
import type { Database } from "@/db/index";
import { recordAction } from "@/db/queries/automations";
import { contactsToMap, recordProposal } from "@/db/queries/role-proposals";
import { getSetting } from "@/db/queries/settings";
import { buyingGroupRoleInfo } from "@/lib/domain/buying-group";
import { defineJob } from "@/lib/jobs/queue";
import { notify } from "@/lib/notifications/notify";
import { proposeRole } from "./role-proposals";

export async function runBuyingGroupMapper(db: Database, now: Date): Promise<{ proposed: number }> {
  const { buying_group_mapper: state } = await getSetting(db, "automations");
  if (!state.enabled) return { proposed: 0 };
  const byAccount = new Map<number, { name: string; ownerId: number | null; contacts: string[] }>();
  for (const c of await contactsToMap(db)) {
    const proposal = proposeRole(c, new Set(c.rejected));
    if (!proposal) continue;
    const made = await db.transaction(async (tx) => {
      const id = await recordProposal(tx, { contactId: c.contactId, accountId: c.accountId, role: proposal.role, reason: proposal.reason, at: now });
      if (id === null) return false;
      await recordAction(tx, {
        automation: "buying_group_mapper",
        subject: `proposal:${id}`,
        action: `Proposed ${c.name} as ${buyingGroupRoleInfo[proposal.role].label}`,
        reason: proposal.reason,
        at: now,
        accountId: c.accountId,
        userId: c.ownerId,
        topic: buyingGroupRoleInfo[proposal.role].label,
      });
      return true;
    });
    if (!made) continue;
    const entry = byAccount.get(c.accountId) ?? { name: c.accountName, ownerId: c.ownerId, contacts: [] };
    entry.contacts.push(c.name);
    byAccount.set(c.accountId, entry);
  }
  for (const [accountId, a] of byAccount) {
    if (a.ownerId === null) continue;
    const n = a.contacts.length;
    await notify(db, {
      event: "roles_proposed",
      subject: null,
      title: `${n} ${n === 1 ? "role" : "roles"} to confirm at ${a.name}`,
      body: `The Buying Group Mapper proposes roles for ${a.contacts.slice(0, 3).join(", ")}${n > 3 ? ` and ${n - 3} more` : ""}. Accept or reject each.`,
      link: `/automations/buying-group-mapper?account=${accountId}`,
      recipients: [a.ownerId],
      at: now,
    });
  }
  return { proposed: [...byAccount.values()].reduce((s, a) => s + a.contacts.length, 0) };
}

export const buyingGroupMapperJob = defineJob({
  name: "buying-group-mapper",
  data: z.object({ asOf: z.iso.datetime({ offset: true }).optional() }),
  retryLimit: 2,
  retryDelaySeconds: 120,
  maxRunSeconds: 15 * 60,
  handler: (data, job) => runBuyingGroupMapper(job.database.db, data.asOf ? new Date(data.asOf) : new Date()),
});
