/**
 * The playbook's stall patterns (Phase 6, "deal acceleration tactics"): the ways an open deal stops
 * moving, each with the tactic that answers it and the assets to send. Whether a deal shows a
 * pattern is read in SQL (db/queries/stalls.ts) against these thresholds, which live in settings.
 */
export const stallPatterns = ["championDark", "procurement", "thinkAboutIt", "competingPriority", "missingBuyIn", "budget"] as const;
export type StallPattern = (typeof stallPatterns)[number];

export interface StallSettings {
  /** No touch from any Champion on the deal's map in this many days. */
  championDarkDays: number;
  /** The stages legal review and procurement happen in (stage ids), and the days a deal may sit there. */
  procurementStageIds: number[];
  procurementDays: number;
  /** From this stage on (a stage id, by its position), no activity on the deal or its account in this many days. */
  thinkAboutItStageId: number;
  quietDays: number;
  /** The expected close date moved later this many times. */
  pushesBeforeStall: number;
  /** From this stage on, no Economic Buyer Engaged or Active on the deal's map. */
  buyInStageId: number;
  /** Budget approval waits in these stages, or the next step speaks of it (any of the phrases). */
  budgetStageIds: number[];
  budgetPhrases: string[];
}

/** The default pipeline's stages (lib/domain/pipeline-stages.ts): Proposal is 3, Negotiation 4, Contract Sent 5. */
export const defaultStallSettings: StallSettings = {
  championDarkDays: 21,
  procurementStageIds: [5],
  procurementDays: 14,
  thinkAboutItStageId: 3,
  quietDays: 14,
  pushesBeforeStall: 2,
  buyInStageId: 3,
  budgetStageIds: [],
  budgetPhrases: ["budget approval", "budget sign-off", "waiting on budget", "budget not approved"],
};

const DAY_MS = 86_400_000;

/**
 * The instants the time-based rules compare with at `now`, whole days of 24 hours back (never a
 * calendar day of the database session's time zone, so a daylight-saving change moves nothing).
 * The SQL (db/queries/stalls.ts) compares against exactly these: the edge is in the rule.
 */
export interface StallCutoffs {
  /** Champion gone dark: a champion touched at or after this is not dark (a touch exactly `championDarkDays` ago is not). */
  championTouchedSince: Date;
  /** Stuck in legal or procurement: an open stay entered strictly before this is stuck (one entered exactly `procurementDays` ago is not). */
  procurementEnteredBefore: Date;
  /** "We need to think about it": a last sign of life strictly before this is quiet. */
  quietBefore: Date;
}

export function stallCutoffs(settings: Pick<StallSettings, "championDarkDays" | "procurementDays" | "quietDays">, now: Date): StallCutoffs {
  const back = (days: number) => new Date(now.getTime() - days * DAY_MS);
  return { championTouchedSince: back(settings.championDarkDays), procurementEnteredBefore: back(settings.procurementDays), quietBefore: back(settings.quietDays) };
}

/** Whether the budget pattern can hold at all: with no stage and no phrase set it is switched off. */
export const budgetRuleOn = (s: Pick<StallSettings, "budgetStageIds" | "budgetPhrases">): boolean => s.budgetStageIds.length > 0 || s.budgetPhrases.length > 0;

export interface StallInfo {
  label: string;
  /** What was seen, with the threshold in force. */
  rule: (s: StallSettings, stageName: (id: number) => string) => string;
  /** The playbook's tactic. */
  tactic: string;
  /** What to send. */
  assets: string[];
}

const names = (ids: readonly number[], stageName: (id: number) => string) => ids.map(stageName).join(" or ");

export const stallInfo: Record<StallPattern, StallInfo> = {
  championDark: {
    label: "Champion gone dark",
    rule: (s) => `No touch from the deal's champion in ${s.championDarkDays} days.`,
    tactic: "Multi-thread now: reach the other roles on the map, and ask the champion's peers what changed.",
    assets: ["Role-specific insight e-mail to each engaged contact", "A peer-reference offer for the champion's manager"],
  },
  procurement: {
    label: "Stuck in legal or procurement",
    rule: (s, stageName) => `In ${names(s.procurementStageIds, stageName) || "a legal or procurement stage"} for more than ${s.procurementDays} days.`,
    tactic: "Unblock the paperwork before it is asked for: send what legal and procurement need.",
    assets: ["Security documentation (SOC 2 report, questionnaire answers)", "Compliance certificates", "Customer reference list"],
  },
  thinkAboutIt: {
    label: "“We need to think about it”",
    rule: (s, stageName) => `At ${stageName(s.thinkAboutItStageId)} or later with no activity for ${s.quietDays} days.`,
    tactic: "Give them the numbers to decide with: the return, in their own figures.",
    assets: ["ROI calculator", "Custom business-case template"],
  },
  competingPriority: {
    label: "Competing priority",
    rule: (s) => `Expected close date pushed later ${s.pushesBeforeStall} times or more.`,
    tactic: "Make the cost of waiting concrete, and the window it closes.",
    assets: ["Cost-of-delay analysis", "Competitive-window brief"],
  },
  missingBuyIn: {
    label: "Missing stakeholder buy-in",
    rule: (s, stageName) => `At ${stageName(s.buyInStageId)} or later with no Economic Buyer engaged.`,
    tactic: "Run the buying-group play: reach the Economic Buyer and the roles the map is missing.",
    assets: ["Executive brief for the Economic Buyer", "the map's gap actions (buying-group orchestration)"],
  },
  budget: {
    label: "Budget not approved",
    rule: (s, stageName) =>
      !budgetRuleOn(s)
        ? "Off: no budget-approval stage or phrase is set."
        : [s.budgetStageIds.length > 0 ? `In ${names(s.budgetStageIds, stageName)}` : null, s.budgetPhrases.length > 0 ? `the next step speaks of ${s.budgetPhrases.map((p) => `“${p}”`).join(", ")}` : null]
            .filter(Boolean)
            .join(", or ")
            .replace(/^t/, "T") + ".",
    tactic: "Help the sponsor win the budget: an executive brief and a call with a peer who made the case.",
    assets: ["Executive brief", "Peer CXO reference call offer"],
  },
};
