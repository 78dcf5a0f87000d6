import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateCents, attributionModels, attributionWeights, centsToDecimal, countedTouches, decimalToUnits, type Touch } from "./attribution";

const conversion = new Date("2026-06-30T00:00:00Z");
const daysBefore = (d: number) => new Date(conversion.getTime() - d * 86_400_000);
const touch = (id: number, d: number, createsLead = false): Touch => ({ id, occurredAt: daysBefore(d), createsLead });
const close = (a: number[], b: number[]) => {
  expect(a).toHaveLength(b.length);
  a.forEach((x, i) => expect(x).toBeCloseTo(b[i]!, 12));
};

describe("attribution models", () => {
  it("gives a single touch everything in every model", () => {
    for (const model of attributionModels) close(attributionWeights(model, [touch(1, 3, true)], conversion), [1]);
  });

  it("splits two touches", () => {
    const two = [touch(2, 1), touch(1, 8, true)]; // out of order on purpose: ordered by time
    close(attributionWeights("first_touch", two, conversion), [1, 0]);
    close(attributionWeights("last_touch", two, conversion), [0, 1]);
    close(attributionWeights("linear", two, conversion), [0.5, 0.5]);
    close(attributionWeights("u_shaped", two, conversion), [0.5, 0.5]);
    // First and lead-creation coincide (60), last 30; no other touches, so scaled: 2/3, 1/3.
    close(attributionWeights("w_shaped", two, conversion), [2 / 3, 1 / 3]);
    // 2^(-8/7) and 2^(-1/7), scaled.
    const a = 2 ** (-8 / 7);
    const b = 2 ** (-1 / 7);
    close(attributionWeights("time_decay", two, conversion), [a / (a + b), b / (a + b)]);
  });

  it("splits three touches", () => {
    const three = [touch(1, 20), touch(2, 10, true), touch(3, 0)];
    close(attributionWeights("linear", three, conversion), [1 / 3, 1 / 3, 1 / 3]);
    close(attributionWeights("u_shaped", three, conversion), [0.4, 0.2, 0.4]);
    // First, lead creation and last are three different touches: 30 % each, no rest → a third each.
    close(attributionWeights("w_shaped", three, conversion), [1 / 3, 1 / 3, 1 / 3]);
  });

  it("splits six touches, the lead-creation touch in the middle", () => {
    const six = [touch(1, 50), touch(2, 40), touch(3, 30, true), touch(4, 20), touch(5, 10), touch(6, 0)];
    close(attributionWeights("u_shaped", six, conversion), [0.4, 0.05, 0.05, 0.05, 0.05, 0.4]);
    close(attributionWeights("w_shaped", six, conversion), [0.3, 0.1 / 3, 0.3, 0.1 / 3, 0.1 / 3, 0.3]);
    close(attributionWeights("first_touch", six, conversion), [1, 0, 0, 0, 0, 0]);
    close(attributionWeights("last_touch", six, conversion), [0, 0, 0, 0, 0, 1]);
    const decay = attributionWeights("time_decay", six, conversion);
    // A touch 7 days nearer the conversion weighs twice as much: 10 days apart → 2^(10/7).
    expect(decay[5]! / decay[4]!).toBeCloseTo(2 ** (10 / 7), 12);
  });

  it("gives W-shaped's lead-creation share to the first touch when no touch created a lead", () => {
    // First 30 + 30, the touch between 10, last 30.
    close(attributionWeights("w_shaped", [touch(1, 9), touch(2, 5), touch(3, 1)], conversion), [0.6, 0.1, 0.3]);
  });

  it("orders ties in time by id and leaves out touches after the conversion", () => {
    const tied = [touch(9, 5), touch(4, 5), touch(7, -1)];
    expect(countedTouches(tied, conversion).map((t) => t.id)).toEqual([4, 9]);
    close(attributionWeights("first_touch", tied, conversion), [1, 0]);
    expect(attributionWeights("linear", [touch(1, -2)], conversion)).toEqual([]);
    // A touch exactly at the conversion counts.
    close(attributionWeights("last_touch", [touch(1, 3), touch(2, 0)], conversion), [0, 1]);
  });

  it("gives every opportunity exactly 100 % under every model (property)", () => {
    const journey = fc.array(fc.record({ id: fc.integer({ min: 1, max: 1_000_000 }), days: fc.integer({ min: -30, max: 400 }), createsLead: fc.boolean() }), { minLength: 0, maxLength: 40 });
    fc.assert(
      fc.property(journey, fc.constantFrom(...attributionModels), (raw, model) => {
        const unique = [...new Map(raw.map((t) => [t.id, t])).values()];
        const weights = attributionWeights(model, unique.map((t) => touch(t.id, t.days, t.createsLead)), conversion);
        const counted = unique.filter((t) => t.days >= 0).length;
        expect(weights).toHaveLength(counted);
        if (counted > 0) expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
        for (const w of weights) expect(w).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });
});

describe("allocateCents", () => {
  it("splits a total into whole cents that add up exactly, the leftover cents to the largest remainders", () => {
    // 100.00 in thirds: 33.34 + 33.33 + 33.33.
    expect([...allocateCents(10_000n, [["a", 1n], ["b", 1n], ["c", 1n]]).values()]).toEqual([3334n, 3333n, 3333n]);
    expect([...allocateCents(1n, [["a", 1n], ["b", 2n]]).values()]).toEqual([0n, 1n]);
    expect([...allocateCents(500n, [["a", 0n]]).values()]).toEqual([0n]);
  });

  it("always adds up to the total (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.array(fc.bigInt({ min: 0n, max: 10n ** 15n }), { minLength: 1, maxLength: 12 }), (total, shares) => {
        const parts = allocateCents(total, shares.map((s, i) => [i, s] as [number, bigint]));
        const sum = [...parts.values()].reduce((a, b) => a + b, 0n);
        expect(sum).toBe(shares.some((s) => s > 0n) ? total : 0n);
      }),
    );
  });

  it("reads and writes decimals without floats", () => {
    expect(decimalToUnits("1234.5", 2)).toBe(123450n);
    expect(decimalToUnits("0.1234567", 6)).toBe(123456n);
    expect(decimalToUnits("-2", 2)).toBe(-200n);
    expect(centsToDecimal(123456n)).toBe("1234.56");
    expect(centsToDecimal(5n)).toBe("0.05");
  });
});
