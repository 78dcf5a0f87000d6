/**
 * The Content Personalizer at work: a high-intent signal routed to a rep gets the library's best
 * asset for its sender as it is stored (in the signal's transaction), logged with its reasons, or a
 * "nothing fits" logged as a gap for the library. Buying-group gaps get their pick when the account
 * or deal is read. Nothing happens while it is switched off.
 */
import "server-only";
import type { Database, DatabaseOrTransaction } from "@/db/index";
import { recordAction } from "@/db/queries/automations";
import { accountPickFacts, storePick } from "@/db/queries/asset-picks";
import { listAssets, signalPickFacts } from "@/db/queries/content-assets";
import { getSetting } from "@/db/queries/settings";
import type { Gap } from "@/lib/metrics/buying-group";
import { noFitReason, pickAsset, pickForRole, signalPerson } from "./content-personalizer";

const AUTOMATION = "content_personalizer" as const;

export const personalizerOn = async (db: DatabaseOrTransaction) => (await getSetting(db, "automations"))[AUTOMATION].enabled;

/** A signal just stored and routed: when it is high intent and the personalizer is on, its pick (or its gap) is stored and logged. */
export async function pickOnSignal(tx: DatabaseOrTransaction, signal: { id: number; tier: string; routedTo: number | null }, at: Date): Promise<"picked" | "nothing fits" | null> {
  if (signal.tier !== "high" || signal.routedTo === null) return null;
  if (!(await personalizerOn(tx))) return null;
  const facts = await signalPickFacts(tx, signal.id);
  if (!facts) return null;
  const pick = pickAsset(await listAssets(tx), signalPerson(facts));
  const base = { automation: AUTOMATION, subject: `signal:${signal.id}`, at, accountId: facts.accountId, signalId: signal.id, userId: signal.routedTo };
  if (!pick) {
    await recordAction(tx, { ...base, action: "Nothing fits", reason: noFitReason(facts), topic: null });
    return "nothing fits";
  }
  if (!(await storePick(tx, { signalId: signal.id, pick, at }))) return null;
  const who = facts.contactName ?? "the account";
  await recordAction(tx, { ...base, action: `Picked “${pick.asset.title}” for ${who}`, reason: `${pick.reasons.join("; ")} (score ${pick.score})`, topic: pick.asset.title, detail: { assetId: pick.asset.id, url: pick.asset.url } });
  return "picked";
}

/** Gaps with the personalizer's pick for each (the deal's stage for a deal's gaps, else the account's most advanced); unchanged while it is off. */
export async function personalizeGaps(db: Database, accountId: number, lists: readonly { gaps: readonly Gap[]; dealId: number | null }[]): Promise<Gap[][]> {
  if (!(await personalizerOn(db))) return lists.map((l) => [...l.gaps]);
  const [assets, { account, dealStages }] = await Promise.all([listAssets(db), accountPickFacts(db, accountId)]);
  return lists.map(({ gaps, dealId }) => {
    const facts = dealId === null ? account : { ...account, dealStagePosition: dealStages.get(dealId) ?? account.dealStagePosition };
    return gaps.map((gap) => {
      const pick = pickForRole(assets, gap.role, facts);
      return pick ? { ...gap, pick: { title: pick.asset.title, url: pick.asset.url, reasons: pick.reasons } } : gap;
    });
  });
}
