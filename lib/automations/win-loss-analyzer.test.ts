import { describe, expect, it } from "vitest";
import { reasonTable } from "@/lib/metrics/win-loss";
import { analyzerAction } from "./win-loss-analyzer";

const reason = (r: string | null, deals: number) => ({ reason: r, mapped: r !== null, deals, amount: "0", withoutAmount: 0 });

describe("analyzerAction", () => {
  it("names the month, won and lost, the win rate, the top loss reason and the losses still without one", () => {
    const lossReasons = reasonTable([reason("Price", 5), reason("No decision", 3), reason(null, 2)], 10);
    const a = analyzerAction({ period: { from: "2026-10-01", to: "2026-10-31" }, reportId: 42, won: 4, lost: 10, lossReasons, trigger: "schedule" });
    expect(a.subject).toBe("report:42");
    expect(a.action).toMatch(/^Archived the win\/loss pattern report of Oct 1\s*–\s*31, 2026: 4 won, 10 lost, win rate 28\.6%; top loss reason Price \(5 of 10\); 2 lost deals still without a reason\.$/);
    expect(a.reason).toBe("Its monthly run, on the 1st, over the month before.");
    expect(a.topic).toBe("Price");
    expect(a.detail).toEqual({ reportId: 42, periodFrom: "2026-10-01", periodTo: "2026-10-31", won: 4, lost: 10, withoutReason: 2 });
  });

  it("says when no lost deal had a reason, and when an admin ran it", () => {
    const a = analyzerAction({ period: { from: "2026-10-01", to: "2026-10-31" }, reportId: 7, won: 0, lost: 1, lossReasons: reasonTable([reason(null, 1)], 1), trigger: "manual" });
    expect(a.action).toMatch(/: 0 won, 1 lost, win rate 0\.0%; no loss reason recorded; 1 lost deal still without a reason\.$/);
    expect(a.reason).toBe("Run now by an admin, from the Jobs page.");
    expect(a.topic).toBeNull();
  });

  it("gives no win rate for a month that closed nothing", () => {
    const a = analyzerAction({ period: { from: "2026-10-01", to: "2026-10-31" }, reportId: 8, won: 0, lost: 0, lossReasons: reasonTable([], 0), trigger: "schedule" });
    expect(a.action).toMatch(/: 0 won, 0 lost\.$/);
  });
});
