/**
 * The rules that map a free-text "How did you hear about us?" answer to a channel (METRICS.md §4).
 * Each rule is a channel and phrases; an answer takes the channel of the first rule with a phrase
 * in it (whole words, any case), else "other". Marketing edits the rules; past answers are
 * re-mapped by them, except those a marketer set by hand.
 */
import { channelInfo, channels, type Channel } from "@/lib/domain/channels";
import { firstMatchingRule } from "@/lib/text/phrases";

export interface AnswerRule {
  channel: Channel;
  phrases: string[];
}

export const defaultAnswerRules: AnswerRule[] = [
  { channel: "podcast", phrases: ["podcast", "heard on", "episode", "listened", "spotify", "revops unfiltered", "the pipeline show", "operators only", "growth loops", "gtm weekly", "revenue rundown"] },
  { channel: "event", phrases: ["conference", "event", "webinar", "trade show", "tradeshow", "meetup", "booth", "summit", "dinner", "saastr", "dreamforce", "met your team", "met you"] },
  { channel: "paid_ads", phrases: ["ad", "ads", "advert", "advertisement", "sponsored", "banner", "retargeting"] },
  { channel: "community", phrases: ["slack", "discord", "community", "forum", "reddit", "group chat", "revops co-op", "wizards of ops", "pavilion", "gtm guild", "mops pros", "sales ops collective"] },
  { channel: "peer_recommendation", phrases: ["friend", "colleague", "coworker", "co-worker", "peer", "recommended", "recommendation", "referral", "referred", "word of mouth", "told me", "my boss", "my cro", "former customer"] },
  { channel: "linkedin", phrases: ["linkedin", "linked in", "linkdin"] },
  { channel: "review_site", phrases: ["g2", "capterra", "trustradius", "gartner", "review", "reviews"] },
  { channel: "search", phrases: ["google", "googled", "search", "searched", "bing", "chatgpt"] },
  { channel: "content", phrases: ["blog", "article", "newsletter", "ebook", "e-book", "guide", "report", "whitepaper", "calculator"] },
  { channel: "email", phrases: ["email", "e-mail", "cold email"] },
  { channel: "direct", phrases: ["already knew", "bookmarked", "following you", "knew about you"] },
];

export interface AnswerMapping {
  channel: Channel;
  /** The index of the rule that matched, or null for "other". */
  rule: number | null;
  phrase: string | null;
}

export function mapAnswer(answer: string, rules: readonly AnswerRule[]): AnswerMapping {
  const found = firstMatchingRule(answer, rules);
  return found ? { channel: found.rule.channel, rule: found.index, phrase: found.phrase } : { channel: "other", rule: null, phrase: null };
}

export interface RuleProblem {
  rule: number;
  message: string;
}

/**
 * What is wrong with a set of rules, judged on the answers they would map: an unknown channel, a
 * rule with no phrases, a rule that maps none of the answers, or one that maps all of them.
 */
export function checkAnswerRules(rules: readonly AnswerRule[], answers: readonly string[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const hits = rules.map(() => 0);
  for (const answer of answers) {
    const { rule } = mapAnswer(answer, rules);
    if (rule !== null) hits[rule]!++;
  }
  rules.forEach((rule, index) => {
    const name = `Rule ${index + 1}`;
    if (!channels.includes(rule.channel)) problems.push({ rule: index, message: `${name}: "${rule.channel}" is not a channel.` });
    else if (!rule.phrases.some((p) => p.trim())) problems.push({ rule: index, message: `${name} (${channelInfo[rule.channel].label}) has no phrases.` });
    else if (answers.length > 0 && hits[index] === 0) problems.push({ rule: index, message: `${name} (${channelInfo[rule.channel].label}) matches none of the ${answers.length} answers.` });
    else if (answers.length > 1 && hits[index] === answers.length) problems.push({ rule: index, message: `${name} (${channelInfo[rule.channel].label}) matches every answer; make its phrases narrower.` });
  });
  return problems;
}

export interface Remap {
  id: number;
  from: Channel;
  to: Channel;
}

/** The answers a new set of rules would move to another channel; answers a marketer set by hand stay. */
export function remapAnswers(answers: readonly { id: number; answer: string; channel: Channel; overridden: boolean }[], rules: readonly AnswerRule[]): Remap[] {
  return answers.flatMap((a) => {
    if (a.overridden) return [];
    const to = mapAnswer(a.answer, rules).channel;
    return to === a.channel ? [] : [{ id: a.id, from: a.channel, to }];
  });
}
