/** Attribution channels, shared by touchpoints and self-reported answers so the two can be compared. */
export const channels = [
  "podcast",
  "peer_recommendation",
  "community",
  "linkedin",
  "search",
  "review_site",
  "event",
  "content",
  "paid_ads",
  "email",
  "direct",
  "other",
] as const;
export type Channel = (typeof channels)[number];

export const channelInfo: Record<Channel, { label: string; description: string }> = {
  podcast: { label: "Podcast", description: "Heard on a podcast or audio show." },
  peer_recommendation: { label: "Peer recommendation", description: "A friend, colleague or customer recommended us." },
  community: { label: "Community", description: "Slack, Discord or other private communities." },
  linkedin: { label: "LinkedIn", description: "LinkedIn posts, comments and messages." },
  search: { label: "Search", description: "Organic search results." },
  review_site: { label: "Review site", description: "G2, TrustRadius, Capterra and similar." },
  event: { label: "Event", description: "Conferences, meetups, webinars, dinners." },
  content: { label: "Content", description: "Blog posts, guides, newsletters, reports." },
  paid_ads: { label: "Paid ads", description: "Paid search, paid social and display." },
  email: { label: "Email", description: "Marketing and sales email." },
  direct: { label: "Direct", description: "Typed the address or came back by bookmark." },
  other: { label: "Other", description: "Anything the rules do not recognise." },
};
