/**
 * Signals the app derives from the stream rather than taking from clients (METRICS.md §3, playbook
 * Phase 3): several stakeholders of one account active in the same week, and an account returning
 * after a quiet spell. Pure: the SQL gathers the account's recent first-party signals.
 */
import { derivedSignalTypes, firstPartyTiers, type SignalTier } from "@/lib/domain/signal-types";

export interface DerivationSettings {
  /** Distinct people of one account with first-party signals within the window. */
  stakeholders: number;
  stakeholderWindowDays: number;
  /** Days without a first-party signal after which the account's next one is a return. */
  dormancyDays: number;
}

export const defaultDerivation: DerivationSettings = { stakeholders: 3, stakeholderWindowDays: 7, dormancyDays: 30 };

export interface StreamSignal {
  type: string;
  tier: SignalTier;
  contactId: number | null;
  occurredAt: Date;
}

export interface AccountStream {
  /** The account's first-party signals, not derived, in the window up to the new signal (including it). */
  windowContacts: readonly (number | null)[];
  /** When the account last had a "multiple stakeholders" signal at or before the new one, if ever. */
  lastStakeholdersAt: Date | null;
  /** The account's latest first-party, not derived signal before the new one, if any. */
  previousFirstPartyAt: Date | null;
}

export interface DerivedSignal {
  type: "multiple_stakeholders" | "return_after_dormancy";
  contactId: number | null;
  payload: Record<string, unknown>;
}

const DAY_MS = 86_400_000;

/** Whether a signal counts towards the derived ones: the buyer's own action, not itself derived. */
export function isFirstParty(signal: Pick<StreamSignal, "type" | "tier">): boolean {
  return firstPartyTiers.includes(signal.tier) && !derivedSignalTypes.has(signal.type);
}

export function deriveSignals(signal: StreamSignal, stream: AccountStream, settings: DerivationSettings = defaultDerivation): DerivedSignal[] {
  if (!isFirstParty(signal)) return [];
  const derived: DerivedSignal[] = [];
  const windowMs = settings.stakeholderWindowDays * DAY_MS;

  const people = new Set(stream.windowContacts.filter((c): c is number => c !== null));
  if (signal.contactId !== null) people.add(signal.contactId);
  const recentlyFlagged = stream.lastStakeholdersAt !== null && signal.occurredAt.getTime() - stream.lastStakeholdersAt.getTime() < windowMs;
  if (people.size >= settings.stakeholders && !recentlyFlagged) {
    derived.push({
      type: "multiple_stakeholders",
      contactId: null,
      payload: { visitors: people.size, windowDays: settings.stakeholderWindowDays },
    });
  }

  if (stream.previousFirstPartyAt !== null) {
    const quietDays = (signal.occurredAt.getTime() - stream.previousFirstPartyAt.getTime()) / DAY_MS;
    if (quietDays >= settings.dormancyDays) {
      derived.push({ type: "return_after_dormancy", contactId: signal.contactId, payload: { dormantDays: Math.floor(quietDays) } });
    }
  }
  return derived;
}
