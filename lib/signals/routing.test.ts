import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addBusinessDays, assignOwner, responseDueAt, roundRobinPick } from "./routing";

describe("round robin", () => {
  it("cycles through the active reps in id order", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((turn) => roundRobinPick([30, 10, 20], turn))).toEqual([10, 20, 30, 10, 20, 30, 10]);
  });

  it("has no one to pick when no rep is active", () => {
    expect(roundRobinPick([], 5)).toBeNull();
  });

  it("is fair: over any n × k consecutive turns each of n reps gets exactly k", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 20 }), (reps, start, k) => {
        const counts = new Map<number, number>();
        for (let turn = start; turn < start + reps.length * k; turn++) {
          const rep = roundRobinPick(reps, turn)!;
          counts.set(rep, (counts.get(rep) ?? 0) + 1);
        }
        expect([...counts.values()]).toEqual(reps.map(() => k));
      }),
    );
  });

  it("never differs by more than one assignment between reps over any run of turns", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 500 }), (reps, start, length) => {
        const counts = new Map(reps.map((r) => [r, 0]));
        for (let turn = start; turn < start + length; turn++) counts.set(roundRobinPick(reps, turn)!, counts.get(roundRobinPick(reps, turn)!)! + 1);
        expect(Math.max(...counts.values()) - Math.min(...counts.values())).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe("owner assignment", () => {
  const turns = (...values: number[]) => () => values.shift()!;

  it("gives the signal to the account's owner while they are active, taking no turn", () => {
    let taken = 0;
    expect(assignOwner({ id: 7, active: true }, [1, 2], () => ++taken)).toEqual({ ownerId: 7, how: "account_owner" });
    expect(taken).toBe(0);
  });

  it("never assigns a deactivated owner: the reps take turns instead", () => {
    expect(assignOwner({ id: 7, active: false }, [1, 2], turns(2))).toEqual({ ownerId: 2, how: "round_robin" });
  });

  it("takes a turn for an account without an owner", () => {
    expect(assignOwner(null, [4, 9], turns(1))).toEqual({ ownerId: 4, how: "round_robin" });
  });

  it("leaves the signal unassigned when nobody is active", () => {
    expect(assignOwner({ id: 7, active: false }, [], turns(1))).toEqual({ ownerId: null, how: "no_active_rep" });
  });
});

describe("response SLA", () => {
  const at = (iso: string) => new Date(iso);

  it("is 5 minutes for an immediate handoff", () => {
    expect(responseDueAt("immediate_handoff", at("2026-11-28T23:58:00Z"), "UTC")).toEqual(at("2026-11-29T00:03:00Z"));
  });

  it("is the same time on the next business day for co-engagement", () => {
    expect(responseDueAt("co_engagement", at("2026-11-24T10:00:00Z"), "UTC")).toEqual(at("2026-11-25T10:00:00Z")); // Tue → Wed
    expect(responseDueAt("co_engagement", at("2026-11-27T16:30:00Z"), "UTC")).toEqual(at("2026-11-30T16:30:00Z")); // Fri → Mon
  });

  it("counts a weekend signal from Monday morning, so it is due at the end of Monday", () => {
    expect(responseDueAt("co_engagement", at("2026-11-28T15:00:00Z"), "UTC")).toEqual(at("2026-12-01T00:00:00Z"));
    expect(responseDueAt("co_engagement", at("2026-11-29T23:59:00Z"), "UTC")).toEqual(at("2026-12-01T00:00:00Z"));
  });

  it("reads business days in the organisation's time zone", () => {
    // Friday 20:00 in New York is Saturday 01:00 UTC: due Monday 20:00 New York time.
    expect(addBusinessDays(at("2026-11-28T01:00:00Z"), 1, "America/New_York")).toEqual(at("2026-12-01T01:00:00Z"));
    // Saturday 00:30 in Berlin is Friday 23:30 UTC: a weekend signal there, due at the end of Monday in Berlin.
    expect(addBusinessDays(at("2026-11-27T23:30:00Z"), 1, "Europe/Berlin")).toEqual(at("2026-11-30T23:00:00Z"));
  });

  it("has no deadline on the automated tracks", () => {
    expect(responseDueAt("accelerated_nurture", at("2026-11-24T10:00:00Z"), "UTC")).toBeNull();
    expect(responseDueAt("programmatic_nurture", at("2026-11-24T10:00:00Z"), "UTC")).toBeNull();
  });
});
