/**
 * A small seeded PRNG for the demo data: same seed, same numbers, on every machine.
 * The generator is sfc32 (four 32-bit words, passes PractRand); the seed string is mixed into its
 * state with a murmur-style hash. Each area of the generator forks its own stream by label, so adding
 * a draw in one area does not reshuffle the data of another.
 */
export type Seed = number | string;

function mixSeed(text: string): [number, number, number, number] {
  let h1 = 0x9e3779b9;
  let h2 = 0x243f6a88;
  let h3 = 0xb7e15162;
  let h4 = 0x85a308d3;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ k, 0x85ebca6b);
    h1 = (h1 << 13) | (h1 >>> 19);
    h2 = Math.imul(h2 ^ h1, 0xc2b2ae35);
    h2 = (h2 << 17) | (h2 >>> 15);
    h3 = Math.imul(h3 ^ h2, 0x27d4eb2f);
    h3 = (h3 << 11) | (h3 >>> 21);
    h4 = Math.imul(h4 ^ h3, 0x165667b1);
    h4 = (h4 << 7) | (h4 >>> 25);
  }
  const finish = (h: number) => {
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  };
  return [finish(h1 ^ text.length), finish(h2), finish(h3), finish(h4)];
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: string) {
    [this.a, this.b, this.c, this.d] = mixSeed(seed);
    // The first outputs of sfc32 still echo the seed words; burn them.
    for (let i = 0; i < 16; i++) this.next();
  }

  /** A uniform number in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An independent stream for one area of the data, derived from this seed and a label. */
  fork(label: string): Random {
    return new Random(`${this.seed}/${label}`);
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A number in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One value, drawn with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let r = this.next() * total;
    for (const [value, weight] of entries) {
      r -= weight;
      if (r < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (!last) throw new Error("weighted pick from an empty list");
    return last[0];
  }

  /** Box–Muller; one normal draw per call keeps the stream simple to reason about. */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next(); // (0, 1], so the log is finite
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A log-normal draw with the given median and log-space spread; mean = median·e^(σ²/2). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const held = items[i] as T;
      items[i] = items[j] as T;
      items[j] = held;
    }
    return items;
  }

  /**
   * Like `apportion`, but also even over time: every run of consecutive values holds the weights to
   * within a value or two. The values are laid out by largest deficit, then shuffled within blocks.
   * Used where a later filter (e.g. "closed by asOf") keeps a contiguous part of the sequence.
   */
  spread<T>(n: number, entries: readonly (readonly [T, number])[], block = 20): T[] {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    const counts = entries.map(() => 0);
    const out: T[] = [];
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestDeficit = -Infinity;
      entries.forEach(([, weight], k) => {
        const deficit = ((i + 1) * weight) / total - (counts[k] ?? 0);
        if (deficit > bestDeficit) {
          bestDeficit = deficit;
          best = k;
        }
      });
      counts[best] = (counts[best] ?? 0) + 1;
      out.push((entries[best] as readonly [T, number])[0]);
    }
    for (let start = 0; start < n; start += block) {
      const part = this.shuffle(out.slice(start, start + block));
      part.forEach((value, k) => (out[start + k] = value));
    }
    return out;
  }

  /** k distinct items (or all of them when there are fewer), in random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = items.slice();
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      const held = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = held;
    }
    return copy.slice(0, n);
  }

  /**
   * n values in random order whose counts match the weights exactly (largest remainder), rather
   * than drawing each independently. Planted patterns use this so they hold for every seed.
   */
  apportion<T>(n: number, entries: readonly (readonly [T, number])[]): T[] {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    const quotas = entries.map(([value, weight], index) => {
      const exact = (n * weight) / total;
      return { value, index, count: Math.floor(exact), remainder: exact - Math.floor(exact) };
    });
    let missing = n - quotas.reduce((sum, q) => sum + q.count, 0);
    const byRemainder = [...quotas].sort((x, y) => y.remainder - x.remainder || x.index - y.index);
    for (const q of byRemainder) {
      if (missing <= 0) break;
      q.count++;
      missing--;
    }
    const out: T[] = [];
    for (const q of quotas) for (let i = 0; i < q.count; i++) out.push(q.value);
    return this.shuffle(out);
  }
}

export function createRandom(seed: Seed): Random {
  return new Random(typeof seed === "number" ? `n:${seed}` : `s:${seed}`);
}

/** Draws indices in proportion to fixed weights in O(log n), for picking among thousands of rows. */
export class WeightedSampler {
  private readonly cumulative: Float64Array;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      total += Math.max(0, weights[i] ?? 0);
      this.cumulative[i] = total;
    }
  }

  get size(): number {
    return this.cumulative.length;
  }

  get isEmpty(): boolean {
    return this.cumulative.length === 0 || (this.cumulative[this.cumulative.length - 1] ?? 0) <= 0;
  }

  draw(rng: Random): number {
    const n = this.cumulative.length;
    const total = this.cumulative[n - 1] ?? 0;
    if (total <= 0) throw new Error("draw from a sampler with no weight");
    const r = rng.next() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] ?? 0) > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
