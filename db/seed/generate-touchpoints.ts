/**
 * Tracked touchpoints: what the marketing tools saw. Journeys lead up to each known lead's form fill
 * and on into its deal; the rest is background engagement. Podcasts and communities barely show up
 * here (a sponsored link now and then), which is the dark-social gap the self-reported answers reveal.
 */
import type { Channel } from "@/lib/domain/channels";
import { DAY, MINUTE, between, sampleDay, workTime } from "./calendar";
import { inTimeOrder, scaled, type SeedContext } from "./context";
import type { AccountBook } from "./generate-accounts";
import type { Pipeline, Source } from "./generate-opportunities";
import { beforeQuiet, type StallPlan } from "./plant-stalls";
import { WeightedSampler } from "./random";
import type { DemoLead, DemoTouchpoint } from "./types";

type TouchDraft = Omit<DemoTouchpoint, "id">;

/** What a touch on each channel looks like: its types and the campaigns behind it (null: none). */
const channelTouches: Record<Channel, { types: readonly string[]; campaigns: readonly (string | null)[] }> = {
  paid_ads: {
    types: ["ad_click"],
    campaigns: [
      "Google Ads – Pipeline Velocity",
      "Google Ads – RevOps Dashboard",
      "LinkedIn Ads – Buying Group Guide",
      "Retargeting – Pricing Visitors",
      "Capterra PPC",
    ],
  },
  search: { types: ["web_visit"], campaigns: [null] },
  email: {
    types: ["email_open", "email_click", "email_click", "email_reply"],
    campaigns: ["Nurture – Velocity Series", "Monthly Newsletter", "Webinar Invite", "Product Update", "SDR Sequence"],
  },
  content: {
    types: ["content_download", "web_visit"],
    campaigns: ["State of RevOps Report", "Pipeline Velocity Calculator", "Buying Group Playbook", "Attribution Guide"],
  },
  event: {
    types: ["webinar", "event_attended", "booth_visit"],
    campaigns: [
      "Webinar: Forecasting without Spreadsheets",
      "Webinar: Signals over MQLs",
      "SaaStr Annual",
      "RevOps Summit",
      "Executive Dinner – New York",
      "Executive Dinner – London",
    ],
  },
  linkedin: { types: ["social_engagement", "web_visit"], campaigns: ["CEO Thought Leadership", null] },
  review_site: { types: ["review_site_visit"], campaigns: ["G2 Profile", "Capterra Profile"] },
  direct: { types: ["web_visit"], campaigns: [null] },
  podcast: { types: ["web_visit"], campaigns: ["RevOps Unfiltered – Sponsorship"] },
  community: { types: ["web_visit"], campaigns: ["RevOps Co-op – Sponsored Post"] },
  peer_recommendation: { types: ["referral_visit"], campaigns: ["Customer Referral Program"] },
  other: { types: ["web_visit"], campaigns: [null] },
};

/** Background engagement as the tools see it. */
const backgroundMix: readonly (readonly [Channel, number])[] = [
  ["email", 33],
  ["paid_ads", 17],
  ["content", 14],
  ["direct", 10],
  ["search", 9],
  ["linkedin", 7],
  ["event", 5],
  ["review_site", 2.5],
  ["community", 0.8],
  ["podcast", 0.6],
  ["peer_recommendation", 0.4],
  ["other", 0.7],
];

/** Touches before a form fill: tracked, mostly paid and organic. */
const discoveryMix: readonly (readonly [Channel, number])[] = [
  ["paid_ads", 30],
  ["search", 22],
  ["content", 16],
  ["linkedin", 10],
  ["direct", 8],
  ["email", 6],
  ["review_site", 6],
  ["event", 2],
];

/** Touches while a deal is being worked. */
const dealMix: readonly (readonly [Channel, number])[] = [
  ["email", 55],
  ["direct", 20],
  ["event", 12],
  ["content", 13],
];

/** The channel of the touch that created a lead, by the lead's source. */
const conversionChannel: Record<Source, readonly (readonly [Channel, number])[]> = {
  "Paid Search": [["paid_ads", 1]],
  Inbound: [["search", 35], ["direct", 20], ["content", 20], ["linkedin", 10], ["review_site", 10], ["email", 5]],
  Events: [["event", 1]],
  Partner: [["peer_recommendation", 50], ["email", 30], ["other", 20]],
  Outbound: [["email", 1]],
};

export function generateTouchpoints(
  ctx: SeedContext,
  book: AccountBook,
  pipeline: Pipeline,
  leads: readonly DemoLead[],
  stalls: StallPlan,
): DemoTouchpoint[] {
  const rng = ctx.rng.fork("touchpoints");
  const { clock } = ctx;
  const target = scaled(ctx, 60_000);
  let drafts: TouchDraft[] = [];
  const touch = (contactId: number, accountId: number | null, channel: Channel, at: number, type?: string, leadId: number | null = null) => {
    const { types, campaigns } = channelTouches[channel];
    drafts.push({
      contactId,
      accountId,
      leadId,
      channel,
      type: type ?? rng.pick(types),
      campaign: rng.pick(campaigns),
      occurredAt: new Date(at),
    });
  };

  for (const lead of leads) {
    if (lead.contactId == null) continue;
    const created = lead.createdAt.getTime();
    const before = rng.weighted([[0, 25], [1, 35], [2, 25], [3, 15]]);
    for (let k = 0; k < before; k++) {
      const at = between(rng, Math.max(clock.start, created - 45 * DAY), created - MINUTE);
      if (at >= clock.start) touch(lead.contactId, lead.accountId ?? null, rng.weighted(discoveryMix), at);
    }
    const source = (lead.source ?? "Inbound") as Source;
    const channel = rng.weighted(conversionChannel[source]);
    // The touch that created the lead: W-shaped attribution's lead-creation touch.
    touch(lead.contactId, lead.accountId ?? null, channel, created, source === "Outbound" ? "email_reply" : "form_fill", lead.id);
    if (lead.opportunityAt) {
      const nurture = rng.int(1, 3);
      for (let k = 0; k < nurture; k++) {
        const at = between(rng, created, lead.opportunityAt.getTime());
        touch(lead.contactId, lead.accountId ?? null, rng.weighted(dealMix), at);
      }
    }
  }

  for (const opp of pipeline.opportunities) {
    const from = opp.createdAt.getTime();
    // A deal planted quiet has no touch since it went quiet.
    const to = Math.max(from, Math.min(opp.closedAt?.getTime() ?? clock.asOf - 1_000, stalls.quietSince.get(opp.accountId) ?? Infinity));
    for (const member of pipeline.dealContacts[opp.id] ?? []) {
      if (member.status === "identified") continue;
      const touches = rng.int(1, member.status === "active" ? 5 : 3);
      for (let k = 0; k < touches; k++) touch(member.contactId, opp.accountId, rng.weighted(dealMix), between(rng, from, to));
    }
  }

  if (drafts.length > target) drafts = rng.shuffle(drafts).slice(0, target);

  // Background engagement, heavier on ABM accounts, which marketing works on purpose.
  const tierWeight: Record<string, number> = { tier_1: 2.5, tier_2: 2, tier_3: 1.5 };
  const contactSampler = new WeightedSampler(
    book.contacts.map((c) => tierWeight[book.byId[c.accountId]?.abmTier ?? ""] ?? 1),
  );
  while (drafts.length < target) {
    const contact = book.contacts[contactSampler.draw(rng)];
    if (!contact) break;
    const region = book.byId[contact.accountId]?.region;
    const at = workTime(rng, sampleDay(rng, clock.start, clock.asOf, 0.7, 1.4), region);
    touch(contact.id, contact.accountId, rng.weighted(backgroundMix), beforeQuiet(stalls, contact.accountId, at));
  }

  return inTimeOrder(drafts, (d) => d.occurredAt.getTime()).map((draft, index) => Object.assign(draft, { id: index + 1 }));
}
