import { describe, expect, it } from "vitest";
import { stageMap, type StageInput } from "./stage-map";

const stage = (stageId: number, name: string, over: Partial<StageInput> = {}): StageInput => ({
  stageId,
  name,
  position: stageId,
  isWon: false,
  isLost: false,
  entered: 0,
  advanced: 0,
  exits: 0,
  dwellDays: 0,
  lostFrom: 0,
  ...over,
});

describe("stage map", () => {
  it("computes conversion, drop-off and dwell, and finds where deals die", () => {
    const map = stageMap([
      stage(1, "Discovery", { entered: 10, advanced: 7, exits: 10, dwellDays: 50, lostFrom: 3 }),
      stage(2, "Proposal", { entered: 7, advanced: 3, exits: 6, dwellDays: 120, lostFrom: 4 }),
      stage(3, "Negotiation", { entered: 3, advanced: 3, exits: 3, dwellDays: 9, lostFrom: 0 }),
      stage(6, "Closed Won", { isWon: true, entered: 3 }),
      stage(7, "Closed Lost", { isLost: true, entered: 7 }),
    ]);
    expect(map.stages.map((s) => s.name)).toEqual(["Discovery", "Proposal", "Negotiation"]);
    expect(map.stages.map((s) => s.conversion.value)).toEqual([0.7, 3 / 7, 1]);
    expect(map.stages.map((s) => s.dropOff.value)).toEqual([3 / 7, 4 / 7, 0]);
    expect(map.stages.map((s) => s.meanDwellDays.value)).toEqual([5, 20, 3]);
    expect(map.worstStageId).toBe(2);
  });

  it("breaks a drop-off tie by the longer dwell", () => {
    const map = stageMap([
      stage(1, "A", { entered: 4, exits: 4, dwellDays: 8, lostFrom: 2 }),
      stage(2, "B", { entered: 4, exits: 4, dwellDays: 40, lostFrom: 2 }),
    ]);
    expect(map.worstStageId).toBe(2);
  });

  it("says why a figure is undefined", () => {
    const map = stageMap([stage(1, "Discovery")]);
    expect(map.stages[0]!.conversion).toEqual({ value: null, reason: "no deal entered this stage in the period" });
    expect(map.stages[0]!.dropOff).toEqual({ value: null, reason: "no deals were lost in the period" });
    expect(map.worstStageId).toBeNull();
  });
});
