import { describe, expect, it } from "vitest";
import { defaultReasonTaxonomies } from "@/lib/win-loss/reasons";
import { checkBattlecard, competitorInPayload, dealAlert, isRival, signalAlert, type Battlecard, type SignalFacts } from "./competitive-alerts";

const taxonomy = defaultReasonTaxonomies.competitor;
const on = { enabled: true, since: "2026-06-01" };
const cards = new Map<string, Battlecard>([["PipeIQ", { competitor: "PipeIQ", url: "https://wiki.example/pipeiq", notes: "Lead with accuracy.\nSecond line." }]]);
const facts = (over: Partial<SignalFacts> = {}): SignalFacts => ({
  id: 7,
  type: "competitor_comparison",
  payload: { competitor: "PipeIQ" },
  accountId: 3,
  accountName: "Apex",
  ownerId: 11,
  receivedDay: "2026-06-01",
  ...over,
});

describe("competitorInPayload", () => {
  it("files the competitor field through the taxonomy, whatever its spelling", () => {
    expect(competitorInPayload({ competitor: "pipe iq" }, taxonomy)).toBe("PipeIQ");
    expect(competitorInPayload({ competitor: "  FORECASTLY " }, taxonomy)).toBe("Forecastly");
    expect(competitorInPayload({ vendor: "RevSight Inc." }, taxonomy)).toBe("RevSight");
  });

  it("reads the page or URL a visit was seen on", () => {
    expect(competitorInPayload({ page: "/compare/pipeiq" }, taxonomy)).toBe("PipeIQ");
    expect(competitorInPayload({ url: "https://us.example/vs/funnel-forge?utm=x" }, taxonomy)).toBe("FunnelForge");
  });

  it("keeps a rival the taxonomy does not know as sent, and names none when nothing says", () => {
    expect(competitorInPayload({ competitor: "Clari" }, taxonomy)).toBe("Clari");
    expect(competitorInPayload({ competitor: "x".repeat(300) }, taxonomy)).toHaveLength(100);
    expect(competitorInPayload({ page: "/pricing" }, taxonomy)).toBeNull();
    expect(competitorInPayload({ competitor: "   " }, taxonomy)).toBeNull();
    expect(competitorInPayload(null, taxonomy)).toBeNull();
    expect(competitorInPayload("PipeIQ", taxonomy)).toBeNull();
    expect(competitorInPayload({ competitor: 42 }, taxonomy)).toBeNull();
  });
});

describe("signalAlert", () => {
  it("alerts the owner of a competitor signal received on the switch-on day, with the battlecard's first line", () => {
    expect(signalAlert(facts(), on, taxonomy, cards)).toEqual({
      alert: true,
      competitor: "PipeIQ",
      subject: "signal:7",
      title: "PipeIQ at Apex",
      body: "Apex compared us with PipeIQ. Battlecard: https://wiki.example/pipeiq — Lead with accuracy.",
      link: "/accounts/3",
      reason: "Comparison-page visit naming PipeIQ, with its battlecard",
      battlecard: cards.get("PipeIQ"),
    });
  });

  it("says what each competitor signal means, and when there is no battlecard", () => {
    const expiring = signalAlert(facts({ type: "contract_expiring", payload: { competitor: "Forecastly" } }), on, taxonomy, cards);
    expect(expiring).toMatchObject({ alert: true, body: "Apex has a Forecastly contract coming up for renewal. No battlecard for Forecastly yet: marketing adds one on the Competitive Alert Monitor page." });
    const review = signalAlert(facts({ type: "negative_competitor_review" }), on, taxonomy, cards);
    expect(review).toMatchObject({ alert: true, body: expect.stringMatching(/^Apex left a bad review of PipeIQ\./), reason: "Negative competitor review naming PipeIQ, with its battlecard" });
  });

  it("holds back at each edge, saying why", () => {
    const reason = (d: ReturnType<typeof signalAlert>) => (d.alert ? "alert" : d.reason);
    expect(reason(signalAlert(facts({ receivedDay: "2026-05-31" }), on, taxonomy, cards))).toBe("received before the monitor was switched on (2026-06-01)");
    expect(reason(signalAlert(facts(), { enabled: false, since: "2026-06-01" }, taxonomy, cards))).toBe("the monitor is switched off");
    expect(reason(signalAlert(facts(), { enabled: true, since: null }, taxonomy, cards))).toBe("the monitor is switched off");
    expect(reason(signalAlert(facts({ type: "pricing_page_depth" }), on, taxonomy, cards))).toBe("pricing_page_depth is not a competitor signal");
    expect(reason(signalAlert(facts({ ownerId: null }), on, taxonomy, cards))).toBe("the account has no owner to alert");
    expect(reason(signalAlert(facts({ accountId: null }), on, taxonomy, cards))).toBe("the signal has no account");
    expect(reason(signalAlert(facts({ payload: {} }), on, taxonomy, cards))).toBe("the signal does not name a competitor");
    expect(reason(signalAlert(facts({ payload: { competitor: "excel" } }), on, taxonomy, cards))).toBe("Spreadsheets (status quo) is not a rival product");
  });
});

describe("dealAlert", () => {
  const deal = { id: 20, name: "Birch expansion", competitor: "PipeIQ", ownerId: 12, open: true };
  it("alerts an open deal's owner once per competitor it names", () => {
    expect(dealAlert(deal, on, cards)).toMatchObject({ alert: true, subject: "deal:20:pipeiq", title: "PipeIQ on Birch expansion", link: "/deals/20", reason: "Open deal names PipeIQ, with its battlecard" });
    expect(dealAlert({ ...deal, competitor: "RevSight" }, on, cards)).toMatchObject({ alert: true, subject: "deal:20:revsight", reason: "Open deal names RevSight, no battlecard yet" });
  });

  it("holds back for a closed deal, no competitor, the status quo, no owner, or the monitor off", () => {
    expect(dealAlert({ ...deal, open: false }, on, cards)).toEqual({ alert: false, reason: "the deal is closed" });
    expect(dealAlert({ ...deal, competitor: " " }, on, cards)).toEqual({ alert: false, reason: "the deal names no competitor" });
    expect(dealAlert({ ...deal, competitor: "In-house build" }, on, cards)).toEqual({ alert: false, reason: "In-house build is not a rival product" });
    expect(dealAlert({ ...deal, ownerId: null }, on, cards)).toEqual({ alert: false, reason: "the deal has no owner to alert" });
    expect(dealAlert(deal, { enabled: false, since: "2026-06-01" }, cards)).toEqual({ alert: false, reason: "the monitor is switched off" });
  });
});

describe("isRival", () => {
  it("leaves out the status quo and building it in-house", () => {
    expect(["PipeIQ", "Forecastly", "Clari"].every(isRival)).toBe(true);
    expect(["Spreadsheets (status quo)", "In-house build", "in house"].some(isRival)).toBe(false);
  });
});

describe("checkBattlecard", () => {
  it("takes an http(s) link with a host and notes up to 2,000 characters; blank is no link", () => {
    expect(checkBattlecard({ competitor: "PipeIQ", url: " https://wiki.example/pipeiq ", notes: " Lead with accuracy.\r\n " })).toEqual({ ok: true, url: "https://wiki.example/pipeiq", notes: "Lead with accuracy." });
    expect(checkBattlecard({ competitor: "PipeIQ", url: "", notes: "" })).toEqual({ ok: true, url: null, notes: "" });
  });

  it("names the field of a broken link, over-long notes or a missing competitor", () => {
    for (const url of ["wiki/pipeiq", "javascript:alert(1)", "ftp://files.example/x", "https://localhost/x", "https://wiki .example/x"]) {
      expect(checkBattlecard({ competitor: "PipeIQ", url, notes: "" })).toMatchObject({ ok: false, field: "url" });
    }
    expect(checkBattlecard({ competitor: "PipeIQ", url: `https://x.example/${"a".repeat(500)}`, notes: "" })).toEqual({ ok: false, field: "url", error: "Link: at most 500 characters." });
    expect(checkBattlecard({ competitor: "PipeIQ", url: "", notes: "n".repeat(2001) })).toEqual({ ok: false, field: "notes", error: "Notes: at most 2,000 characters (2,001 given)." });
    expect(checkBattlecard({ competitor: " ", url: "", notes: "" })).toMatchObject({ ok: false, field: "competitor" });
  });
});
