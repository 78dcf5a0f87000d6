import { describe, expect, it } from "vitest";
import { captureRate, darkSocialRows } from "./dark-social";

describe("capture rate", () => {
  it("is demo requests with an answer over demo requests", () => {
    expect(captureRate(17, 20)).toBe(0.85);
    expect(captureRate(0, 5)).toBe(0);
    expect(captureRate(0, 0)).toBeNull();
  });
});

describe("dark-social delta", () => {
  // Ten answered leads: four said podcast, three a peer, two and a half search (one lead answered
  // twice, search and community). Tracking saw search first for six, paid ads for two, nothing for two.
  const rows = darkSocialRows({
    leads: 10,
    selfReported: { podcast: 4, peer_recommendation: 3, search: 2.5, community: 0.5 },
    firstTouch: { search: 6, paid_ads: 2, untracked: 2 },
  });
  const byChannel = Object.fromEntries(rows.map((r) => [r.channel, r]));

  it("is the self-reported share minus the first-touch share over the same leads", () => {
    expect(byChannel.podcast).toMatchObject({ selfReportedShare: 0.4, firstTouchShare: 0, delta: 0.4 });
    expect(byChannel.search!.selfReportedShare).toBeCloseTo(0.25, 12);
    expect(byChannel.search!.delta).toBeCloseTo(-0.35, 12);
    expect(byChannel.untracked).toMatchObject({ selfReported: 0, firstTouchShare: 0.2, delta: -0.2 });
  });

  it("sorts the largest gap tracking misses first, leaves out channels neither side names, and each side adds up to 100 %", () => {
    expect(rows.map((r) => r.channel)).toEqual(["podcast", "peer_recommendation", "community", "paid_ads", "untracked", "search"]);
    expect(rows.reduce((s, r) => s + r.selfReportedShare, 0)).toBeCloseTo(1, 12);
    expect(rows.reduce((s, r) => s + r.firstTouchShare, 0)).toBeCloseTo(1, 12);
    expect(rows.reduce((s, r) => s + r.delta, 0)).toBeCloseTo(0, 12);
  });

  it("has no rows without answered leads", () => {
    expect(darkSocialRows({ leads: 0, selfReported: {}, firstTouch: {} })).toEqual([]);
  });
});
