import type { AccountPicture } from "./account-map";
import type { MapContact } from "@/db/queries/buying-groups";

const contactJson = (c: MapContact) => ({
  id: c.id,
  name: c.name,
  title: c.title,
  email: c.email,
  role: c.role,
  status: c.status,
  engagementLevel: c.engagementLevel,
  lastTouchAt: c.lastTouchAt ? new Date(c.lastTouchAt).toISOString() : null,
  gapAction: c.gapAction,
});

/** The account's buying group as the API answers it: maps, coverage, threading and gaps. Money as decimal strings. */
export function accountBuyingGroupJson(p: AccountPicture) {
  const { account } = p;
  return {
    account: {
      id: account.id,
      name: account.name,
      domain: account.domain,
      owner: account.ownerId === null ? null : { id: account.ownerId, name: account.ownerName },
      tier: account.tier,
      suggestedTier: account.suggestedTier,
      tierReason: account.tierReason,
      tierReasons: p.tierReasons,
      icpFit: account.icpFit,
      intent: account.intent,
      knownChampions: p.champions,
    },
    version: p.map.account.version,
    coverage: p.coverage,
    contacts: p.map.contacts.map(contactJson),
    gaps: p.gaps,
    deals: p.deals.map((d) => ({
      id: d.id,
      name: d.name,
      stage: d.stage,
      amount: d.amount,
      owner: d.ownerId === null ? null : { id: d.ownerId, name: d.ownerName },
      version: d.version,
      coverage: d.coverage,
      threading: d.threading,
      contacts: d.contacts.map(contactJson),
      gaps: d.gaps,
    })),
    darkAfterDays: p.settings.darkAfterDays,
    asOf: p.asOf.toISOString(),
  };
}
