/**
 * The signal taxonomy: every buyer action the app recognises, how much it says about intent, how fast
 * that fades, and what the team does when it fires. Seeded into `signal_types` as reference data; an
 * admin can tune points and half-lives later. Wording follows the playbook (Phase 3) where it has one.
 */
/** Signal tiers in the order they are listed: the buyer's own actions by intent, then external events. */
export const signalTiers = ["high", "medium", "low", "external"] as const;
export type SignalTier = (typeof signalTiers)[number];

export interface SignalTypeDefinition {
  key: string;
  label: string;
  /** high: immediate action; medium: nurture acceleration; low: programmatic; external: proactive outreach. */
  tier: SignalTier;
  /** Contribution to the intent score when fresh; high > external > medium > low. */
  points: number;
  /** Days after which the signal counts half as much. */
  halfLifeDays: number;
  responsePlaybook: string;
  description: string;
}

export const defaultSignalTypes: readonly SignalTypeDefinition[] = [
  // ── High intent: trigger immediate action ──
  {
    key: "pricing_page_depth",
    label: "Pricing page depth",
    tier: "high",
    points: 25,
    halfLifeDays: 7,
    responsePlaybook: "Personalised pricing email and an SDR call within 5 minutes",
    description: "Pricing page, 2+ visits or a deep scroll (more than 30 seconds).",
  },
  {
    key: "demo_request",
    label: "Demo request",
    tier: "high",
    points: 30,
    halfLifeDays: 14,
    responsePlaybook: "Immediate sales handoff: reply and book the demo within 5 minutes",
    description: "Submitted the demo request form.",
  },
  {
    key: "trial_signup",
    label: "Trial sign-up",
    tier: "high",
    points: 28,
    halfLifeDays: 14,
    responsePlaybook: "Immediate sales handoff: onboarding call offer within 5 minutes",
    description: "Started a free trial.",
  },
  {
    key: "competitor_comparison",
    label: "Competitor comparison",
    tier: "high",
    points: 22,
    halfLifeDays: 10,
    responsePlaybook: "Battlecard-informed outreach",
    description: "Viewed a competitor comparison page.",
  },
  {
    key: "multiple_stakeholders",
    label: "Multiple stakeholders",
    tier: "high",
    points: 24,
    halfLifeDays: 14,
    responsePlaybook: "Buying group orchestration activation",
    description: "Multiple stakeholders from the same account visiting in the same week.",
  },
  {
    key: "return_after_dormancy",
    label: "Return after dormancy",
    tier: "high",
    points: 20,
    halfLifeDays: 7,
    responsePlaybook: "\"What's changed?\" re-engagement",
    description: "Return visit after 30+ days of inactivity.",
  },
  {
    key: "review_site_research",
    label: "Review site research",
    tier: "high",
    points: 20,
    halfLifeDays: 21,
    responsePlaybook: "Peer proof from the review site and a reference call offer",
    description: "G2/review site category research (third-party intent).",
  },
  // ── Medium intent: trigger nurture acceleration ──
  {
    key: "content_download",
    label: "Content download",
    tier: "medium",
    points: 10,
    halfLifeDays: 21,
    responsePlaybook: "Accelerated nurture with the next asset for the same topic",
    description: "Downloaded a gated guide, report or template.",
  },
  {
    key: "webinar_attended",
    label: "Webinar attended",
    tier: "medium",
    points: 12,
    halfLifeDays: 21,
    responsePlaybook: "Follow up with the recording and an offer to go deeper on the topic",
    description: "Webinar registration or attendance.",
  },
  {
    key: "email_engagement",
    label: "Email re-engagement",
    tier: "medium",
    points: 8,
    halfLifeDays: 14,
    responsePlaybook: "Move to a personalised sequence based on what they clicked",
    description: "Email re-engagement after dormancy.",
  },
  {
    key: "case_study_view",
    label: "Case study view",
    tier: "medium",
    points: 10,
    halfLifeDays: 21,
    responsePlaybook: "Related case study and a demo offer",
    description: "Case study download or view.",
  },
  {
    key: "product_page_visit",
    label: "Product page visit",
    tier: "medium",
    points: 8,
    halfLifeDays: 14,
    responsePlaybook: "Feature-specific content matched to the pages viewed",
    description: "Visited product or integration pages.",
  },
  {
    key: "blog_binge",
    label: "Blog binge",
    tier: "medium",
    points: 8,
    halfLifeDays: 14,
    responsePlaybook: "Accelerated nurture with personalised content on the topic read",
    description: "Blog post binge (3+ pages in one session).",
  },
  {
    key: "social_engagement",
    label: "Social engagement",
    tier: "medium",
    points: 6,
    halfLifeDays: 10,
    responsePlaybook: "Reply in the thread and connect with the person on LinkedIn",
    description: "Social engagement (LinkedIn comment, share).",
  },
  // ── Low intent: trigger programmatic engagement ──
  {
    key: "blog_visit",
    label: "Single page visit",
    tier: "low",
    points: 2,
    halfLifeDays: 7,
    responsePlaybook: "Programmatic nurture; re-score on next signal",
    description: "Single page visit.",
  },
  {
    key: "newsletter_open",
    label: "Newsletter sign-up or open",
    tier: "low",
    points: 2,
    halfLifeDays: 10,
    responsePlaybook: "Programmatic nurture; re-score on next signal",
    description: "Newsletter signup, or opened a newsletter.",
  },
  {
    key: "social_follow",
    label: "Social follow",
    tier: "low",
    points: 1,
    halfLifeDays: 14,
    responsePlaybook: "Add to the programmatic awareness audience",
    description: "Social follow.",
  },
  {
    key: "content_syndication",
    label: "Content syndication lead",
    tier: "low",
    points: 3,
    halfLifeDays: 14,
    responsePlaybook: "Programmatic nurture; re-score on next signal",
    description: "Content syndication lead.",
  },
  // ── External: trigger proactive outreach ──
  {
    key: "contract_expiring",
    label: "Competitor contract expiring",
    tier: "external",
    points: 18,
    halfLifeDays: 90,
    responsePlaybook: "Proactive migration offer",
    description: "Competitor contract expiration (estimated from technographic data).",
  },
  {
    key: "funding_round",
    label: "Funding round",
    tier: "external",
    points: 15,
    halfLifeDays: 60,
    responsePlaybook: "Congratulate and open with an ROI story from a company at the same stage",
    description: "New funding announcement (company can now afford solutions).",
  },
  {
    key: "leadership_change",
    label: "Leadership change",
    tier: "external",
    points: 15,
    halfLifeDays: 60,
    responsePlaybook: "Welcome outreach to the new leader with a first-90-days plan",
    description: "Leadership change (new VP often brings new tools).",
  },
  {
    key: "technographic_change",
    label: "Technographic change",
    tier: "external",
    points: 12,
    halfLifeDays: 45,
    responsePlaybook: "Integration-led outreach about the tool they adopted",
    description: "Technographic change (adopted complementary tech).",
  },
  {
    key: "job_postings",
    label: "Job postings",
    tier: "external",
    points: 12,
    halfLifeDays: 30,
    responsePlaybook: "Outreach tied to the initiative the new role signals",
    description: "Job postings signalling an initiative (e.g. \"hiring a RevOps analyst\").",
  },
  {
    key: "negative_competitor_review",
    label: "Negative competitor review",
    tier: "external",
    points: 14,
    halfLifeDays: 30,
    responsePlaybook: "Switch story from a customer who left that competitor",
    description: "Negative competitor reviews (dissatisfaction signal).",
  },
];

export const signalTypeByKey: ReadonlyMap<string, SignalTypeDefinition> = new Map(
  defaultSignalTypes.map((type) => [type.key, type]),
);

/**
 * Types the app derives from the stream itself; a client cannot send them. "Multiple stakeholders"
 * fires when several people of one account show first-party intent within a week; "return after
 * dormancy" when an account comes back after a quiet spell.
 */
export const derivedSignalTypes: ReadonlySet<string> = new Set(["multiple_stakeholders", "return_after_dormancy"]);

/** Tiers whose signals are the buyer's own actions (first-party), as opposed to external events. */
export const firstPartyTiers: readonly SignalTier[] = ["high", "medium", "low"];

export const tierLabels: Record<SignalTier, string> = {
  high: "High intent",
  medium: "Medium intent",
  low: "Low intent",
  external: "External",
};
