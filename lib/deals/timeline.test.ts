import { describe, expect, it } from "vitest";
import { stageTimeline, type StageStay } from "./timeline";

const stay = (id: number, stage: string, days: number | null, expectedDays: number | null, exited: boolean, closes = false): StageStay => ({
  id,
  stage,
  position: id,
  closes,
  expectedDays,
  enteredAt: new Date(Date.UTC(2026, 0, id)),
  exitedAt: exited ? new Date(Date.UTC(2026, 0, id + 1)) : null,
  days,
});

describe("stageTimeline", () => {
  it("marks the open deal's stay not yet left as current, and flags stays over their expected days", () => {
    const t = stageTimeline([stay(1, "Discovery", 14, 14, true), stay(2, "Demo", 20.5, 14, false)], "open");
    expect(t.rows.map((r) => [r.current, r.overdue, r.overBy])).toEqual([
      [false, false, null],
      [true, true, 6.5],
    ]);
    // Exactly the expected days is not over them.
    expect(t.rows[0]!.overdue).toBe(false);
    expect(t.totalDays).toBe(34.5);
    expect(t.overdueStages).toBe(1);
    expect(t.rows[1]!.bar).toBe(1);
    expect(t.rows[1]!.expectedMark).toBeCloseTo(14 / 20.5, 12);
  });

  it("has no current stage on a closed deal, gives the closing stage no bar, and never flags a stage without expected days", () => {
    const t = stageTimeline([stay(1, "Discovery", 40, null, true), stay(2, "Proposal", 3, 21, false), stay(3, "Closed Lost", null, null, false, true)], "lost");
    expect(t.rows.map((r) => r.current)).toEqual([false, false, false]);
    expect(t.rows[0]).toMatchObject({ overdue: false, expectedMark: null, bar: 1 });
    expect(t.rows[2]).toMatchObject({ overdue: false, bar: 0, expectedMark: null });
    expect(t.totalDays).toBe(43);
  });

  it("is empty without stays", () => {
    expect(stageTimeline([], "open")).toEqual({ rows: [], totalDays: null, overdueStages: 0 });
  });
});
