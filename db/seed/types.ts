import type {
  NewAccount,
  NewAutomationAction,
  NewRoleProposal,
  NewCaseStudy,
  NewContact,
  NewLead,
  NewMeeting,
  NewOpportunity,
  NewOpportunityChange,
  NewOpportunityContact,
  NewOpportunityStageHistory,
  NewQuota,
  NewScore,
  NewSelfReportedAnswer,
  NewSignal,
  NewTarget,
  NewTouchpoint,
  NewUser,
  NewWebTraffic,
} from "@/db/schema";
import type { settings } from "@/db/schema";

/** Demo rows carry their id, so foreign keys are set directly and the data is fully deterministic. */
export type WithId<T> = T & { id: number };

export type DemoUser = WithId<Omit<NewUser, "passwordHash">>;
export type DemoAccount = WithId<NewAccount> & { createdAt: Date };
export type DemoContact = WithId<NewContact> & { accountId: number; createdAt: Date };
export type DemoOpportunity = WithId<NewOpportunity> & { accountId: number; ownerId: number };
export type DemoStageEntry = WithId<NewOpportunityStageHistory>;
export type DemoOpportunityChange = WithId<NewOpportunityChange> & { changedAt: Date };
export type DemoLead = WithId<NewLead>;
export type DemoTouchpoint = WithId<NewTouchpoint>;
export type DemoSignal = WithId<NewSignal> & { accountId: number; receivedAt: Date };
/** A settings row the demo sets (keyed by name, no id). */
export type DemoSetting = typeof settings.$inferInsert;

/** Every table of the demo data, in foreign-key order (the order they are loaded in). */
export interface DemoData {
  users: DemoUser[];
  accounts: DemoAccount[];
  contacts: DemoContact[];
  opportunities: DemoOpportunity[];
  opportunityStageHistory: DemoStageEntry[];
  opportunityChanges: DemoOpportunityChange[];
  opportunityContacts: NewOpportunityContact[];
  webTraffic: NewWebTraffic[];
  leads: DemoLead[];
  touchpoints: DemoTouchpoint[];
  selfReportedAnswers: WithId<NewSelfReportedAnswer>[];
  signals: DemoSignal[];
  scores: WithId<NewScore>[];
  meetings: WithId<NewMeeting>[];
  quotas: WithId<NewQuota>[];
  targets: WithId<NewTarget>[];
  caseStudies: WithId<NewCaseStudy>[];
  automationActions: WithId<NewAutomationAction>[];
  roleProposals: WithId<NewRoleProposal>[];
  settings: DemoSetting[];
}

export type DemoTable = keyof DemoData;

export const demoTables = [
  "users",
  "accounts",
  "contacts",
  "opportunities",
  "opportunityStageHistory",
  "opportunityChanges",
  "opportunityContacts",
  "webTraffic",
  "leads",
  "touchpoints",
  "selfReportedAnswers",
  "signals",
  "scores",
  "meetings",
  "quotas",
  "targets",
  "caseStudies",
  "automationActions",
  "roleProposals",
  "settings",
] as const satisfies readonly DemoTable[];
