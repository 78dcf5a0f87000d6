import { describe, expect, it } from "vitest";
import { mapperImpact } from "./mapper-impact";

describe("mapperImpact", () => {
  it("gives roles per deal and the multi-threaded share on each side, and their changes", () => {
    // Before: roles 1, 1, 2, 0 (mean 1); engaged 1, 3, 2, 0 → 1 of 4 multi-threaded.
    // After: roles 3, 2, 3, 4 (mean 3); engaged 3, 4, 2, 5 → 3 of 4.
    const impact = mapperImpact(
      [
        { contacts: 2, withRole: 1, roles: 1, engaged: 1 },
        { contacts: 4, withRole: 1, roles: 1, engaged: 3 },
        { contacts: 2, withRole: 2, roles: 2, engaged: 2 },
        { contacts: 0, withRole: 0, roles: 0, engaged: 0 },
      ],
      [
        { contacts: 3, withRole: 3, roles: 3, engaged: 3 },
        { contacts: 4, withRole: 4, roles: 2, engaged: 4 },
        { contacts: 3, withRole: 3, roles: 3, engaged: 2 },
        { contacts: 6, withRole: 5, roles: 4, engaged: 5 },
      ],
    );
    expect(impact.before).toMatchObject({ deals: 4, identified: { hits: 4, n: 8 }, rolesPerDeal: 1, multiThreaded: { hits: 1, n: 4 } });
    expect(impact.after).toMatchObject({ deals: 4, identified: { hits: 15, n: 16 }, rolesPerDeal: 3, multiThreaded: { hits: 3, n: 4 } });
    expect(impact.identifiedChange!.difference).toBeCloseTo(15 / 16 - 0.5, 10);
    // Both samples have variance 2/3: t = 2 / √(1/6 + 1/6) = 3.464 on 6 degrees of freedom, beyond 2.447.
    expect(impact.rolesChange!.difference).toBe(2);
    expect(impact.rolesChange!.t).toBeCloseTo(3.4641, 4);
    expect(impact.rolesChange!.df).toBeCloseTo(6, 10);
    expect(impact.rolesChange!.beyondNoise).toBe(true);
    expect(impact.multiThreadedChange!.difference).toBe(0.5);
  });

  it("is undefined where a side has no deal", () => {
    const impact = mapperImpact([], [{ contacts: 3, withRole: 2, roles: 2, engaged: 3 }]);
    expect(impact.before).toMatchObject({ deals: 0, identified: { rate: null }, rolesPerDeal: null, multiThreaded: { rate: null } });
    expect(impact.identifiedChange).toBeNull();
    expect(impact.rolesChange).toBeNull();
    expect(impact.multiThreadedChange).toBeNull();
  });
});
