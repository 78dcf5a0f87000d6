import { beforeAll, describe, expect, it } from "vitest";
import { closedLostStage, closedWonStage, defaultPipelineStages } from "@/lib/domain/pipeline-stages";
import { signalTypeByKey } from "@/lib/domain/signal-types";
import { demoDataChecksum } from "./checksum";
import { defaultDemoSeed, demoSignIns, generateDemoData, type DemoData } from "./generate";
import { measurePatterns, signalToMeetingRate } from "./patterns";
import { demoTables } from "./types";

const DAY = 86_400_000;
const asOf = new Date("2025-06-15T00:00:00Z");
const countsOf = (data: DemoData) => Object.fromEntries(demoTables.map((t) => [t, data[t].length]));

let data: DemoData;
beforeAll(() => {
  data = generateDemoData({ asOf });
});

describe("determinism", () => {
  it("gives identical data for the same seed and as-of day, whatever the time of day", () => {
    const again = generateDemoData({ asOf: new Date("2025-06-15T17:45:12Z"), seed: defaultDemoSeed });
    expect(countsOf(again)).toEqual(countsOf(data));
    expect(demoDataChecksum(again)).toBe(demoDataChecksum(data));
  });

  it("gives different data for a different seed", () => {
    const small = generateDemoData({ asOf, scale: 0.1 });
    const other = generateDemoData({ asOf, scale: 0.1, seed: "another seed" });
    expect(demoDataChecksum(other)).not.toBe(demoDataChecksum(small));
  });

  it("moves every timestamp with the as-of day", () => {
    const shift = 28 * DAY; // whole weeks keep the weekday pattern, so the data is an exact shift
    const before = generateDemoData({ asOf, scale: 0.1 });
    const after = generateDemoData({ asOf: new Date(asOf.getTime() + shift), scale: 0.1 });
    const shiftedDay = (day: unknown) => new Date(Date.parse(`${String(day)}T00:00:00Z`) + shift).toISOString().slice(0, 10);
    // Quotas and targets follow the calendar (quarters), not the as-of day.
    for (const table of demoTables.filter((t) => t !== "quotas" && t !== "targets")) {
      const a = before[table] as unknown as Record<string, unknown>[];
      const b = after[table] as unknown as Record<string, unknown>[];
      expect(b.length, table).toBe(a.length);
      a.forEach((row, i) => {
        const moved = b[i] as Record<string, unknown>;
        for (const [key, value] of Object.entries(row)) {
          if (value instanceof Date) expect((moved[key] as Date).getTime() - value.getTime(), `${table}.${key}`).toBe(shift);
          else if ((key === "day" || key === "expectedCloseDate") && value) expect(moved[key]).toBe(shiftedDay(value));
          else if (key !== "payload") expect(moved[key], `${table}.${key}`).toEqual(value);
        }
      });
    }
  });

  it("scales volumes and keeps the team, traffic days and case studies fixed", () => {
    const tenth = countsOf(generateDemoData({ asOf, scale: 0.1 }));
    const full = countsOf(data);
    for (const table of ["accounts", "contacts", "opportunities", "leads", "touchpoints", "signals", "selfReportedAnswers"] as const) {
      expect(tenth[table], table).toBeGreaterThanOrEqual(Math.floor((full[table] as number) * 0.09));
      expect(tenth[table], table).toBeLessThanOrEqual(Math.ceil((full[table] as number) * 0.11));
    }
    for (const table of ["users", "quotas", "webTraffic", "caseStudies", "targets"] as const) {
      expect(tenth[table], table).toBe(full[table]);
    }
  });

  it("refuses a scale that is not a positive number", () => {
    expect(() => generateDemoData({ scale: 0 })).toThrow(/scale/);
    expect(() => generateDemoData({ scale: Number.NaN })).toThrow(/scale/);
  });
});

describe("volumes at scale 1", () => {
  const targets = {
    accounts: 2_000,
    contacts: 8_000,
    opportunities: 700,
    leads: 25_000,
    touchpoints: 60_000,
    signals: 20_000,
    selfReportedAnswers: 0.85 * 0.2 * 25_000,
  } as const;

  it.each(Object.entries(targets))("%s: within a tenth of %d rows", (table, target) => {
    const count = data[table as keyof typeof targets].length;
    expect(count).toBeGreaterThanOrEqual(target * 0.9);
    expect(count).toBeLessThanOrEqual(target * 1.1);
  });

  it("has the team: five demo sign-ins and eight reps, one of whom has left", () => {
    expect(data.users).toHaveLength(11);
    for (const signIn of demoSignIns) expect(data.users).toContainEqual(expect.objectContaining(signIn));
    const reps = data.users.filter((u) => u.role === "sales");
    expect(reps).toHaveLength(8);
    expect(reps.filter((u) => u.active === false)).toHaveLength(1);
    expect(data.users.every((u) => !("passwordHash" in u))).toBe(true);
  });

  it("has a day of web traffic for each of the 456 days, a few thousand visitors on a weekday", () => {
    expect(data.webTraffic).toHaveLength(456);
    expect(new Set(data.webTraffic.map((w) => w.day)).size).toBe(456);
    expect(data.webTraffic.at(-1)?.day).toBe("2025-06-14");
    const weekday = data.webTraffic.filter((w) => ![0, 6].includes(new Date(`${w.day}T00:00:00Z`).getUTCDay()));
    const weekend = data.webTraffic.filter((w) => [0, 6].includes(new Date(`${w.day}T00:00:00Z`).getUTCDay()));
    const mean = (rows: typeof weekday) => rows.reduce((sum, w) => sum + w.visitors, 0) / rows.length;
    expect(mean(weekday)).toBeGreaterThan(2_000);
    expect(mean(weekday)).toBeGreaterThan(2 * mean(weekend));
  });

  it("has ABM tiers of the playbook's sizes, each with a reason", () => {
    const tiered = (tier: string) => data.accounts.filter((a) => a.abmTier === tier);
    expect(tiered("tier_1")).toHaveLength(20);
    expect(tiered("tier_2")).toHaveLength(50);
    expect(tiered("tier_3")).toHaveLength(150);
    expect(data.accounts.filter((a) => a.abmTier).every((a) => a.abmTierReason && a.abmTierSetAt)).toBe(true);
  });

  it("has quarterly quotas for every rep, and targets from the start of a period", () => {
    const reps = data.users.filter((u) => u.role === "sales");
    const quarters = [...new Set(data.quotas.map((q) => q.quarterStart))].sort();
    expect(quarters[0]).toBe("2024-01-01");
    expect(quarters.at(-1)).toBe("2025-04-01");
    for (const rep of reps.filter((r) => r.active !== false)) {
      expect(data.quotas.filter((q) => q.userId === rep.id).map((q) => q.quarterStart)).toEqual(quarters);
    }
    expect(data.quotas.every((q) => /^\d{4}-(01|04|07|10)-01$/.test(q.quarterStart))).toBe(true);
    expect(new Set(data.targets.map((t) => t.metric))).toEqual(new Set(["velocity_per_day", "pipeline_created_per_month"]));
    expect(data.targets.every((t) => t.effectiveFrom.endsWith("-01"))).toBe(true);
    expect(data.caseStudies).toHaveLength(12);
  });
});

describe("internal consistency", () => {
  it("numbers every table's rows 1..n", () => {
    for (const table of demoTables.filter((t) => t !== "webTraffic" && t !== "opportunityContacts")) {
      const rows = data[table] as { id: number }[];
      expect(rows.every((row, i) => row.id === i + 1), table).toBe(true);
    }
  });

  it("puts every timestamp strictly before the as-of day", () => {
    for (const table of demoTables) {
      for (const row of data[table] as object[]) {
        for (const [key, value] of Object.entries(row)) {
          if (value instanceof Date && value.getTime() >= asOf.getTime()) throw new Error(`${table}.${key} = ${value.toISOString()}`);
        }
      }
    }
  });

  it("keeps each deal's stage history contiguous, ordered and matching the deal", () => {
    const position = new Map(defaultPipelineStages.map((s) => [s.id, s.position]));
    const history = groupBy(data.opportunityStageHistory, (e) => e.opportunityId);
    for (const opp of data.opportunities) {
      const entries = history.get(opp.id) ?? [];
      const first = entries[0];
      const last = entries.at(-1);
      if (!first || !last) throw new Error(`opportunity ${opp.id} has no history`);
      expect(first.stageId).toBe(1);
      expect(first.enteredAt).toEqual(opp.createdAt);
      expect(opp.qualifiedAt).toEqual(opp.createdAt);
      entries.forEach((entry, i) => {
        const next = entries[i + 1];
        if (next) {
          expect(position.get(next.stageId)).toBeGreaterThan(position.get(entry.stageId) as number);
          expect(entry.exitedAt).toEqual(next.enteredAt);
        } else expect(entry.exitedAt).toBeNull();
      });
      expect(opp.stageId).toBe(last.stageId);
      expect(opp.status === "open").toBe(opp.closedAt === null);
      if (opp.status === "won") expect(last.stageId).toBe(closedWonStage.id);
      if (opp.status === "lost") expect(last.stageId).toBe(closedLostStage.id);
      if (opp.status === "open") expect([closedWonStage.id, closedLostStage.id]).not.toContain(last.stageId);
      if (opp.closedAt) expect(opp.closedAt).toEqual(last.enteredAt);
      expect(opp.amount).toMatch(/^\d+\.\d{2}$/);
    }
  });

  it("keeps lead stages in order, with nothing after the first stage not reached", () => {
    const opportunities = byId(data.opportunities);
    const stages = ["createdAt", "mqlAt", "routedAt", "sqlAt", "sqlDecisionAt", "opportunityAt", "wonAt"] as const;
    for (const lead of data.leads) {
      let previous = -Infinity;
      let ended = false;
      for (const stage of stages) {
        const at = lead[stage];
        if (at == null) {
          ended = true;
          continue;
        }
        if (ended) throw new Error(`lead ${lead.id} has ${stage} after a missing stage`);
        expect(at.getTime()).toBeGreaterThanOrEqual(previous);
        previous = at.getTime();
      }
      expect(lead.sqlDecision == null).toBe(lead.sqlDecisionAt == null);
      if (lead.opportunityId != null) {
        const opp = opportunities.get(lead.opportunityId);
        expect(lead.opportunityAt).toEqual(opp?.createdAt);
        expect(lead.sqlDecision).toBe("accepted");
        expect(lead.wonAt ?? null).toEqual(opp?.status === "won" ? opp.closedAt : null);
      } else expect(lead.opportunityAt ?? null).toBeNull();
    }
  });

  it("points every foreign key at an existing row", () => {
    const users = byId(data.users);
    const accounts = byId(data.accounts);
    const contacts = byId(data.contacts);
    const opportunities = byId(data.opportunities);
    const leads = byId(data.leads);
    const signals = byId(data.signals);
    const exists = (map: Map<number, unknown>, id: number | null | undefined) => id == null || map.has(id);

    for (const a of data.accounts) expect(exists(users, a.ownerId) && exists(users, a.abmTierSetBy)).toBe(true);
    for (const c of data.contacts) expect(accounts.has(c.accountId)).toBe(true);
    for (const o of data.opportunities) {
      expect(accounts.has(o.accountId) && users.has(o.ownerId)).toBe(true);
      expect(o.ownerId).toBe(accounts.get(o.accountId)?.ownerId);
    }
    for (const e of data.opportunityStageHistory) expect(opportunities.has(e.opportunityId)).toBe(true);
    const pairs = new Set<string>();
    for (const m of data.opportunityContacts) {
      expect(contacts.get(m.contactId)?.accountId).toBe(opportunities.get(m.opportunityId)?.accountId);
      pairs.add(`${m.opportunityId}:${m.contactId}`);
    }
    expect(pairs.size).toBe(data.opportunityContacts.length);
    for (const l of data.leads) {
      expect(exists(contacts, l.contactId) && exists(accounts, l.accountId) && exists(users, l.ownerId)).toBe(true);
      expect(exists(opportunities, l.opportunityId)).toBe(true);
      if (l.contactId != null) expect(contacts.get(l.contactId)?.accountId).toBe(l.accountId);
    }
    for (const t of data.touchpoints) {
      expect(exists(contacts, t.contactId) && exists(accounts, t.accountId)).toBe(true);
      if (t.contactId != null) expect(contacts.get(t.contactId)?.accountId).toBe(t.accountId);
    }
    for (const a of data.selfReportedAnswers) {
      expect(exists(leads, a.leadId) && exists(contacts, a.contactId) && exists(users, a.enteredBy)).toBe(true);
      expect(leads.get(a.leadId as number)?.isDemoRequest).toBe(true);
    }
    for (const s of data.signals) {
      expect(accounts.has(s.accountId) && exists(contacts, s.contactId) && exists(users, s.routedTo)).toBe(true);
      expect(signalTypeByKey.get(s.type)?.tier).toBe(s.tier);
    }
    for (const m of data.meetings) {
      expect(accounts.has(m.accountId) && exists(contacts, m.contactId) && exists(signals, m.signalId)).toBe(true);
      expect(exists(users, m.bookedBy)).toBe(true);
    }
    for (const q of data.quotas) expect(users.get(q.userId)?.role).toBe("sales");
    for (const t of data.targets) expect(exists(users, t.updatedBy)).toBe(true);
  });

  it("creates accounts and contacts before anything that refers to them", () => {
    const contacts = byId(data.contacts);
    const accounts = byId(data.accounts);
    for (const c of data.contacts) expect(c.createdAt.getTime()).toBeGreaterThanOrEqual(accounts.get(c.accountId)!.createdAt.getTime());
    for (const l of data.leads) {
      if (l.contactId != null) expect(l.createdAt.getTime()).toBeGreaterThanOrEqual(contacts.get(l.contactId)!.createdAt.getTime());
    }
    for (const o of data.opportunities) expect(o.createdAt.getTime()).toBeGreaterThan(accounts.get(o.accountId)!.createdAt.getTime());
  });

  it("scores each account with signals once, readiness = 0.30·fit + 0.40·intent + 0.30·engagement", () => {
    const withSignals = new Set(data.signals.map((s) => s.accountId));
    expect(data.scores.map((s) => s.accountId).sort((a, b) => a - b)).toEqual([...withSignals].sort((a, b) => a - b));
    for (const s of data.scores) {
      const [fit, intent, engagement] = [s.fit, s.intent, s.engagement].map((v) => Math.round(Number(v) * 100));
      const expected = Math.round((30 * fit! + 40 * intent! + 30 * engagement!) / 100) / 100;
      expect(s.readiness).toBe(expected.toFixed(2));
      for (const value of [s.fit, s.intent, s.engagement, s.readiness]) {
        expect(Number(value)).toBeGreaterThanOrEqual(0);
        expect(Number(value)).toBeLessThanOrEqual(100);
      }
    }
  });

  it("leaves the rep who left with closed deals only", () => {
    const departed = data.users.find((u) => u.active === false)!;
    const theirs = data.opportunities.filter((o) => o.ownerId === departed.id);
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.every((o) => o.status !== "open")).toBe(true);
  });

  it("links each meeting that follows a signal back to it", () => {
    const signals = byId(data.signals);
    for (const m of data.meetings.filter((m) => m.signalId != null)) {
      const signal = signals.get(m.signalId!)!;
      expect(signal.meetingBookedAt).toEqual(m.bookedAt);
      expect(m.bookedAt.getTime() - signal.receivedAt.getTime()).toBeLessThanOrEqual(14 * DAY);
    }
  });
});

describe("a believable B2B SaaS company", () => {
  it("wins about a fifth of its deals in 40–60 days, with reasons recorded", () => {
    const won = data.opportunities.filter((o) => o.status === "won");
    const lost = data.opportunities.filter((o) => o.status === "lost");
    const open = data.opportunities.filter((o) => o.status === "open");
    expect(won.length / (won.length + lost.length)).toBeGreaterThanOrEqual(0.2);
    expect(won.length / (won.length + lost.length)).toBeLessThanOrEqual(0.25);
    const cycle = won.reduce((sum, o) => sum + (o.closedAt!.getTime() - o.createdAt.getTime()) / DAY, 0) / won.length;
    expect(cycle).toBeGreaterThanOrEqual(40);
    expect(cycle).toBeLessThanOrEqual(60);
    expect(won.every((o) => o.winReason)).toBe(true);
    const missing = lost.filter((o) => !o.lossReason).length / lost.length;
    expect(missing).toBeGreaterThan(0.01);
    expect(missing).toBeLessThan(0.1);
    // Open deals are mostly recent, expected to close this quarter or next.
    expect(open.length).toBeGreaterThan(40);
    expect(open.filter((o) => o.createdAt.getTime() >= asOf.getTime() - 92 * DAY).length / open.length).toBeGreaterThan(0.7);
    expect(open.filter((o) => o.expectedCloseDate! >= "2025-06-15" && o.expectedCloseDate! < "2025-10-01").length / open.length).toBeGreaterThan(0.8);
  });

  it("sells mostly $10K–$50K deals, SMB under $10K", () => {
    const amounts = data.opportunities.map((o) => Number(o.amount));
    expect(amounts.filter((a) => a >= 10_000 && a <= 50_000).length / amounts.length).toBeGreaterThan(0.5);
    const smb = data.opportunities.filter((o) => o.segment === "SMB").map((o) => Number(o.amount));
    expect(smb.filter((a) => a < 10_000).length / smb.length).toBeGreaterThan(0.8);
    expect(Math.max(...amounts)).toBeLessThanOrEqual(200_000);
  });

  it("captures the answer on about 85 % of demo requests, a fifth of leads", () => {
    const demoRequests = data.leads.filter((l) => l.isDemoRequest).length;
    expect(demoRequests / data.leads.length).toBeCloseTo(0.2, 2);
    expect(data.selfReportedAnswers.length / demoRequests).toBeCloseTo(0.85, 2);
    expect(new Set(data.selfReportedAnswers.map((a) => a.answer)).size).toBeGreaterThan(300);
  });

  it("follows 15–20 % of high-intent signals with a meeting within 14 days", () => {
    const rate = signalToMeetingRate(data);
    expect(rate).toBeGreaterThanOrEqual(0.15);
    expect(rate).toBeLessThanOrEqual(0.2);
  });
});

describe("planted patterns", () => {
  const seeds = [defaultDemoSeed, 7, 1_234, "revops"] as const;

  describe.each(seeds)("seed %s", (seed) => {
    let figures: ReturnType<typeof measurePatterns>;
    beforeAll(() => {
      figures = measurePatterns(seed === defaultDemoSeed ? data : generateDemoData({ asOf, seed }));
    });

    it("a. Proposal is the bottleneck: longest dwell (≥ 2× any other stage), most losses; MQL→SQL converts worst", () => {
      const { meanDwellDays, lostAfterStageShare, funnel } = figures;
      for (const stage of [1, 2, 4, 5]) {
        expect(meanDwellDays[3]).toBeGreaterThanOrEqual(2 * (meanDwellDays[stage] as number));
        expect(lostAfterStageShare[3]).toBeGreaterThan(lostAfterStageShare[stage] as number);
      }
      expect(funnel.mqlToSql).toBeLessThan(funnel.leadToMql);
      expect(funnel.mqlToSql).toBeLessThan(funnel.sqlToOpportunity);
    });

    it("b. multi-threaded deals win about twice as often as single-threaded ones", () => {
      const ratio = figures.multiThreadedWinRate / figures.singleThreadedWinRate;
      expect(ratio).toBeGreaterThanOrEqual(1.6);
      expect(ratio).toBeLessThanOrEqual(2.6);
    });

    it("c. Tier 1 accounts' won deals are at least 1.5× larger", () => {
      expect(figures.tier1WonMean).toBeGreaterThanOrEqual(1.5 * figures.otherWonMean);
    });

    it("d. Paid Search brings the most deals and has the lowest win rate", () => {
      const paid = figures.bySource["Paid Search"]!;
      for (const [source, other] of Object.entries(figures.bySource)) {
        if (source === "Paid Search") continue;
        expect(paid.opportunities, source).toBeGreaterThan(other.opportunities);
        expect(paid.winRate, source).toBeLessThan(other.winRate);
      }
    });

    it("e. podcasts and communities: ≥ 25 % of self-reported answers, < 3 % of touchpoints", () => {
      expect(figures.darkSocialAnswerShare).toBeGreaterThanOrEqual(0.25);
      expect(figures.darkSocialTouchShare).toBeLessThan(0.03);
    });
  });
});

function byId<T extends { id: number }>(rows: readonly T[]): Map<number, T> {
  return new Map(rows.map((row) => [row.id, row]));
}

function groupBy<T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}
