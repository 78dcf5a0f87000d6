/**
 * "How did you hear about us?" on the demo-request form, kept verbatim and mapped to a channel.
 * Buyers answer in their own words, with typos and in lower case; a third of them name a podcast or
 * a community, channels the tracking tools hardly see. Each answer carries the channel the default
 * rules map it to, so the rules page starts with nothing to re-map; typos and vague answers land in
 * "other", the review queue.
 */
import { defaultAnswerRules, mapAnswer } from "@/lib/attribution/answer-rules";
import type { Channel } from "@/lib/domain/channels";
import { DAY, SECOND, toSecond } from "./calendar";
import type { SeedContext } from "./context";
import type { SalesTeam } from "./generate-people";
import type { Random } from "./random";
import type { DemoData, DemoLead } from "./types";

const CAPTURE_RATE = 0.85;

const answerMix: readonly (readonly [Channel, number])[] = [
  ["podcast", 17],
  ["community", 13],
  ["peer_recommendation", 15],
  ["linkedin", 12],
  ["search", 11],
  ["review_site", 8],
  ["event", 7],
  ["content", 5],
  ["paid_ads", 4],
  ["email", 1.5],
  ["direct", 1.5],
  ["other", 5],
];

const podcasts = ["RevOps Unfiltered", "The Pipeline Show", "Operators Only", "Growth Loops", "GTM Weekly", "Revenue Rundown"];
const communities = ["RevOps Co-op", "Wizards of Ops", "Pavilion", "GTM Guild", "MOps Pros", "Sales Ops Collective"];
const peers = ["Dave", "Sarah", "my old boss", "our investor", "a friend", "a former colleague", "Priya"];
const peerCompanies = ["Acme", "Northwind", "Initech", "Globex", "Umbrella", "Hooli", "Stark"];
const events = ["SaaStr", "SaaStr Annual", "RevOps Summit", "Dreamforce", "Pavilion CRO Summit", "the Forecasting webinar"];
const cities = ["NYC", "London", "Austin", "SF", "Berlin"];

/** Answer templates per channel; {podcast}, {community}, … are filled from the lists above. */
const templates: Record<Channel, readonly string[]> = {
  podcast: [
    "Heard you on the {podcast} podcast",
    "{podcast}",
    "{podcast} podcast",
    "podcast - {podcast}",
    "your CEO was on {podcast}",
    "Listened to an episode of {podcast} about pipeline velocity",
    "a podcast, can't remember which one",
    "podcast",
    "{podcast} episode with your founder",
    "heard an ad on {podcast}",
    "Spotify - {podcast}",
  ],
  community: [
    "someone in the {community} Slack",
    "{community}",
    "{community} slack",
    "saw a thread in {community} about forecasting",
    "Slack community",
    "recommended in a RevOps slack group",
    "a discord server for ops people",
    "people in {community} keep mentioning you",
    "{community} community",
    "the revops slack",
  ],
  peer_recommendation: [
    "my old colleague at {company} recommended you",
    "friend recommended",
    "{peer} from {company}",
    "a peer at {company} uses you",
    "referral from {peer}",
    "word of mouth",
    "{peer} told me to check you out",
    "colleague",
    "my CRO used you at {company}",
    "recommended by {peer}",
  ],
  linkedin: [
    "LinkedIn post from your CEO",
    "linkedin",
    "LinkedIn",
    "Saw a LinkedIn post about buying groups",
    "linkdin",
    "a post on LinkedIn about pipeline velocity",
    "LinkedIn - someone shared your report",
    "linked in",
  ],
  search: ["google", "Google", "Google search", "googled pipeline velocity tools", "searched for revops dashboard", "bing", "search", "online search"],
  review_site: ["G2", "g2", "G2 crowd", "Capterra", "TrustRadius reviews", "read reviews on G2", "G2 grid"],
  event: [
    "saw you at {event}",
    "{event}",
    "met your team at {event}",
    "your booth at {event}",
    "a dinner you hosted in {city}",
    "conference",
    "your webinar",
  ],
  content: [
    "your blog",
    "the pipeline velocity calculator",
    "read your State of RevOps report",
    "newsletter",
    "a guide on buying groups you published",
    "blog post about attribution",
  ],
  paid_ads: ["saw an ad", "ad on LinkedIn", "google ad", "an ad on youtube", "retargeting ads everywhere lol"],
  email: ["got an email from your team", "cold email", "email from one of your reps"],
  direct: ["already knew you", "I had your site bookmarked", "been following you for a while"],
  other: ["don't remember", "not sure", "n/a", "idk", "ChatGPT suggested you", "my boss asked me to look at this", "-", "other", "?"],
};

/** Vague answers a marketer fixed by hand, with the channel they chose. */
const ambiguous: Partial<Record<Channel, readonly string[]>> = {
  podcast: ["your CEO's interview", "heard Sam talk about you"],
  community: ["the slack group", "a friend in a slack"],
  peer_recommendation: ["Dave", "Mike", "from a friend's company"],
  event: ["met you in Austin"],
};

export function generateSelfReportedAnswers(
  ctx: SeedContext,
  team: SalesTeam,
  leads: readonly DemoLead[],
): DemoData["selfReportedAnswers"] {
  const rng = ctx.rng.fork("answers");
  const demoRequests = leads.filter((lead) => lead.isDemoRequest);
  const captured = rng.apportion(demoRequests.length, [[true, CAPTURE_RATE], [false, 1 - CAPTURE_RATE]]);
  const answered = demoRequests.filter((_, i) => captured[i]);
  const channels = rng.apportion(answered.length, answerMix);

  return answered.map((lead, i) => {
    const channel = channels[i] as Channel;
    const vague = ambiguous[channel];
    const overridden = vague !== undefined && rng.chance(0.04);
    const answer = overridden ? rng.pick(vague) : roughen(rng, fill(rng, rng.pick(templates[channel])));
    // Most answers come from the form; some were typed in by marketing from call notes.
    const byHand = overridden || rng.chance(0.1);
    const created = lead.createdAt.getTime();
    const enteredAt = byHand
      ? Math.min(toSecond(created + rng.float(0.2, 7) * DAY), ctx.clock.asOf - SECOND)
      : created + SECOND;
    return {
      id: i + 1,
      leadId: lead.id,
      contactId: lead.contactId ?? null,
      answer,
      // the channel the default rules give, as the app would have mapped it; a marketer's choice when overridden
      channel: overridden ? channel : mapAnswer(answer, defaultAnswerRules).channel,
      overridden,
      enteredBy: byHand ? team.marketingId : null,
      enteredAt: new Date(Math.max(created, enteredAt)),
      version: overridden ? 2 : 1,
    };
  });
}

function fill(rng: Random, template: string): string {
  return template
    .replace("{podcast}", rng.pick(podcasts))
    .replace("{community}", rng.pick(communities))
    .replace("{peer}", rng.pick(peers))
    .replace("{company}", rng.pick(peerCompanies))
    .replace("{event}", rng.pick(events))
    .replace("{city}", rng.pick(cities));
}

/** How people actually type into a form field. */
function roughen(rng: Random, answer: string): string {
  let text = answer;
  if (rng.chance(0.25)) text = text.toLowerCase();
  if (text.length > 6 && rng.chance(0.07)) {
    const at = rng.int(1, text.length - 3);
    text = text.slice(0, at) + (text[at + 1] ?? "") + (text[at] ?? "") + text.slice(at + 2);
  }
  if (rng.chance(0.08)) text += rng.pick(["!", ".", " :)", "?"]);
  if (rng.chance(0.04)) text += ", I think";
  return text;
}
