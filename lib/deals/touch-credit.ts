/**
 * A deal's credit split over its touches, per attribution model, in whole cents that add up to the
 * deal's amount exactly (the attribution page rounds channels the same way, with allocateCents).
 */
import type { Channel } from "@/lib/domain/channels";
import { allocateCents, attributionModels, centsToDecimal, decimalToUnits, type AttributionModel } from "@/lib/metrics/attribution";

export interface SharedTouch {
  id: number;
  /** Each model's share of the deal for this touch, as decimal text; a model's shares sum to 1. */
  shares: Record<AttributionModel, string>;
}

export interface CreditedTouch<T extends SharedTouch> {
  touch: T;
  /** Each model's share as a ratio, and its credit in money (decimal text), null when the deal has no amount. */
  share: Record<AttributionModel, number>;
  credit: Record<AttributionModel, string> | null;
}

/** Decimal places the shares are read to. */
const SHARE_DIGITS = 12;

export function creditTouches<T extends SharedTouch>(amount: string | null, touches: readonly T[]): CreditedTouch<T>[] {
  const cents = amount === null ? null : decimalToUnits(amount, 2);
  const split = new Map<AttributionModel, Map<number, bigint>>();
  if (cents !== null) {
    for (const model of attributionModels) split.set(model, allocateCents(cents, touches.map((t): [number, bigint] => [t.id, decimalToUnits(t.shares[model], SHARE_DIGITS)])));
  }
  return touches.map((touch) => {
    const share = {} as Record<AttributionModel, number>;
    const credit = {} as Record<AttributionModel, string>;
    for (const model of attributionModels) {
      share[model] = Number(touch.shares[model]);
      credit[model] = centsToDecimal(split.get(model)?.get(touch.id) ?? 0n);
    }
    return { touch, share, credit: cents === null ? null : credit };
  });
}

export interface ChannelCredit {
  channel: Channel;
  touches: number;
  share: Record<AttributionModel, number>;
  /** Null when the deal has no amount. */
  credit: Record<AttributionModel, string> | null;
}

/** The touches' credit summed per channel, in the order the channels were first touched: a model's channels add up to the deal. */
export function creditByChannel<T extends SharedTouch & { channel: Channel }>(credited: readonly CreditedTouch<T>[]): ChannelCredit[] {
  const byChannel = new Map<Channel, CreditedTouch<T>[]>();
  for (const c of credited) byChannel.set(c.touch.channel, [...(byChannel.get(c.touch.channel) ?? []), c]);
  return [...byChannel].map(([channel, touches]) => {
    const share = {} as Record<AttributionModel, number>;
    const credit = {} as Record<AttributionModel, string>;
    for (const model of attributionModels) {
      share[model] = touches.reduce((sum, c) => sum + c.share[model], 0);
      credit[model] = centsToDecimal(touches.reduce((sum, c) => sum + (c.credit ? decimalToUnits(c.credit[model], 2) : 0n), 0n));
    }
    return { channel, touches: touches.length, share, credit: touches[0]!.credit === null ? null : credit };
  });
}
