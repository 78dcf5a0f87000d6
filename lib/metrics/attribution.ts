/**
 * Multi-touch attribution (METRICS.md §4). Pure: one opportunity's touches and its conversion time
 * in, each touch's share of the credit out. The SQL in db/queries/attribution.ts computes the same
 * weights with window functions; an integration test holds the two to the same answers.
 */
export const attributionModels = ["first_touch", "last_touch", "linear", "u_shaped", "w_shaped", "time_decay"] as const;
export type AttributionModel = (typeof attributionModels)[number];

export const attributionModelInfo: Record<AttributionModel, { label: string; rule: string }> = {
  first_touch: { label: "First touch", rule: "100 % to the first touch." },
  last_touch: { label: "Last touch", rule: "100 % to the last touch before the conversion." },
  linear: { label: "Linear", rule: "Equal shares to every touch." },
  u_shaped: { label: "U-shaped", rule: "40 % first, 40 % last, 20 % split over the touches between; 2 touches: 50/50." },
  w_shaped: {
    label: "W-shaped",
    rule: "30 % first, 30 % the lead-creation touch, 30 % the last, 10 % over the rest; coinciding shares add, and with no other touches the shares are scaled to 100 %.",
  },
  time_decay: { label: "Time decay", rule: "Weight 2^(−d/7) for a touch d days before the conversion, scaled to 100 %." },
};

/** Touches of an opportunity's half-life in the time-decay model, in days. */
export const TIME_DECAY_HALF_LIFE_DAYS = 7;

export interface Touch {
  id: number;
  occurredAt: Date;
  /** This touch created a lead (the W-shaped model's lead-creation touch). */
  createsLead: boolean;
}

const DAY_MS = 86_400_000;

/**
 * The touches that count for a conversion at `conversion`: those at or before it, ordered by time
 * and then id (METRICS.md §4).
 */
export function countedTouches<T extends Touch>(touches: readonly T[], conversion: Date): T[] {
  return touches
    .filter((t) => t.occurredAt.getTime() <= conversion.getTime())
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.id - b.id);
}

/**
 * Each counted touch's share of the opportunity (they sum to 1), in the order of countedTouches.
 * No touches: no shares (the opportunity is unattributed).
 */
export function attributionWeights(model: AttributionModel, touches: readonly Touch[], conversion: Date): number[] {
  const ordered = countedTouches(touches, conversion);
  const n = ordered.length;
  if (n === 0) return [];
  const last = n - 1;
  switch (model) {
    case "first_touch":
      return ordered.map((_, i) => (i === 0 ? 1 : 0));
    case "last_touch":
      return ordered.map((_, i) => (i === last ? 1 : 0));
    case "linear":
      return ordered.map(() => 1 / n);
    case "u_shaped":
      if (n === 1) return [1];
      if (n === 2) return [0.5, 0.5];
      return ordered.map((_, i) => (i === 0 || i === last ? 0.4 : 0.2 / (n - 2)));
    case "w_shaped": {
      // The earliest lead-creation touch; with none, its share goes to the first touch.
      const leadIndex = Math.max(0, ordered.findIndex((t) => t.createsLead));
      const keys = new Set([0, leadIndex, last]);
      const rest = n - keys.size;
      const raw = ordered.map((_, i) => (i === 0 ? 0.3 : 0) + (i === leadIndex ? 0.3 : 0) + (i === last ? 0.3 : 0) + (keys.has(i) ? 0 : 0.1 / rest));
      return normalise(raw);
    }
    case "time_decay":
      return normalise(ordered.map((t) => 2 ** (-(conversion.getTime() - t.occurredAt.getTime()) / DAY_MS / TIME_DECAY_HALF_LIFE_DAYS)));
  }
}

function normalise(raw: number[]): number[] {
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((w) => w / total);
}

/**
 * Splits `totalCents` over the keys in proportion to `shares` (any scale, as bigints) so the parts
 * are whole cents that add up to the total exactly: each part rounded down, then the cents left
 * over go to the largest remainders (ties to the earlier key).
 */
export function allocateCents<K>(totalCents: bigint, shares: readonly [K, bigint][]): Map<K, bigint> {
  const sum = shares.reduce((a, [, s]) => a + s, 0n);
  const out = new Map<K, bigint>();
  if (sum === 0n) {
    for (const [k] of shares) out.set(k, 0n);
    return out;
  }
  const parts = shares.map(([k, s], index) => {
    const exact = totalCents * s;
    return { k, index, floor: exact / sum, remainder: exact % sum };
  });
  let left = totalCents - parts.reduce((a, p) => a + p.floor, 0n);
  const byRemainder = [...parts].sort((a, b) => (b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : a.index - b.index));
  for (const p of byRemainder) {
    if (left <= 0n) break;
    p.floor += 1n;
    left -= 1n;
  }
  for (const p of parts) out.set(p.k, p.floor);
  return out;
}

/** "1234.5" or "-0.000001" → units of 10^-scale as a bigint, without passing through a float. */
export function decimalToUnits(text: string, scale: number): bigint {
  const negative = text.startsWith("-");
  const [whole, fraction = ""] = (negative ? text.slice(1) : text).split(".");
  const digits = `${whole}${fraction.padEnd(scale, "0").slice(0, scale)}`;
  const units = BigInt(digits || "0");
  return negative ? -units : units;
}

/** Units of 10^-2 as a decimal string: 123456n → "1234.56". */
export function centsToDecimal(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const text = `${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
  return negative ? `-${text}` : text;
}
