/**
 * A company's own CRM exports, imported into an empty database with no demo data: every figure the
 * issue named (fit, tier suggestions, last touch and engagement, gone-dark roles, Tier 1 engagement,
 * scores, reasons, the funnel, money without amounts) checked against values worked out by hand
 * below from the fixture files in lib/import/fixtures/crm/.
 *
 * The fixtures, as the CRMs write them: a Salesforce account report without an Account ID column
 * and with industries in three spellings, a contact report without IDs, an opportunity report with
 * its columns in another order, blank amounts on open deals and free-text loss reasons, a campaign
 * member report (no IDs, channels as campaign types), a lead report with missing MQL dates; a
 * HubSpot companies export (industries in HubSpot's codes, one company already imported from
 * Salesforce) and deals export (blank amounts, closed-lost and closed-won reasons); an intent feed.
 */
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@/db/index";
import { accounts, contacts, users } from "@/db/schema";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing/databases";
import { accountPicture } from "@/lib/abm/account-map";
import { recomputeFitsAndScores } from "@/lib/abm/fit-job";
import { prepareImport } from "@/lib/import/prepare";
import { runImport, type RunOutcome } from "@/lib/import/run";
import { copyUpload } from "@/lib/import/uploads";
import { cohortFunnel } from "@/lib/metrics/funnel";
import { defaultTierRules, tier1Engagement } from "@/lib/metrics/abm";
import { abmAggregates } from "./abm";
import { listAccounts, setAccountTier } from "./accounts";
import { editBuyingGroup } from "./buying-groups";
import { cohortCounts } from "./funnel";
import { addReasonPhrase, unmappedReasons } from "./reasons";
import { getSetting, putSetting } from "./settings";
import { velocityAggregates } from "./velocity";
import { buildFunnelReport, resolveFunnelView } from "@/lib/funnel/report";

const fixtures = path.join(import.meta.dirname, "../../lib/import/fixtures/crm");
/** The day the exports were taken: every import, level and "last 30 days" is as of it. */
const NOW = new Date("2026-11-30T12:00:00Z");
const at = (iso: string) => new Date(iso);
const DAY = 86_400_000;

describe.each(testDrivers())("a company's own CRM exports, no demo data, on %s", (driver) => {
  let t: TestDatabase;
  let db: Database;
  let admin: number;
  let dana: number;
  let sam: number;
  const outcomes: Record<string, RunOutcome> = {};

  async function importFixture(file: string): Promise<RunOutcome> {
    const saved = await copyUpload(db, path.join(fixtures, file));
    const id = await prepareImport(db, { ...saved, name: file }, { createdBy: admin });
    const dry = await runImport(db, id, "dry_run", NOW);
    expect({ file, status: dry.status, failed: dry.failedRows, errors: dry.errors, message: dry.message }).toEqual({ file, status: "validated", failed: 0, errors: [], message: null });
    const done = await runImport(db, id, "commit", NOW);
    expect({ file, status: done.status }).toEqual({ file, status: "completed" });
    return done;
  }
  const accountId = async (name: string) => (await db.select({ id: accounts.id }).from(accounts).where(sql`${accounts.name} = ${name}`))[0]!.id;
  const contactId = async (email: string) => (await db.select({ id: contacts.id }).from(contacts).where(sql`lower(${contacts.email}) = ${email}`))[0]!.id;

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.handle.db;
    const made = await db
      .insert(users)
      .values([
        { email: "admin@example.com", name: "Ada Admin", role: "admin", passwordHash: "x" },
        { email: "dana@example.com", name: "Dana Rep", role: "sales", passwordHash: "x" },
        { email: "sam@example.com", name: "Sam Seller", role: "sales", passwordHash: "x" },
      ])
      .returning({ id: users.id });
    [admin, dana, sam] = made.map((u) => u.id) as [number, number, number];
    // In the order a new customer brings them: accounts first, then people, deals, activity.
    for (const file of [
      "salesforce-accounts.csv",
      "hubspot-companies.csv",
      "salesforce-contacts.csv",
      "salesforce-opportunities.csv",
      "hubspot-deals.csv",
      "salesforce-campaign-members.csv",
      "salesforce-leads.csv",
      "intent-signals.csv",
    ]) {
      outcomes[file] = await importFixture(file);
    }
  }, 120_000);
  afterAll(() => t.drop());

  it("starts from an empty database: only what the files hold", async () => {
    const [counts] = await queryRows<{ accounts: number; contacts: number; opportunities: number; touchpoints: number; leads: number; signals: number }>(
      db,
      sql`select (select count(*) from accounts)::int as accounts, (select count(*) from contacts)::int as contacts,
            (select count(*) from opportunities)::int as opportunities, (select count(*) from touchpoints)::int as touchpoints,
            (select count(*) from leads)::int as leads, (select count(*) from signals where derived_from is null)::int as signals`,
    );
    // 6 Salesforce accounts + Fjord and Gamma from HubSpot (Acme matched by its domain) + the 8
    // companies the leads name; 10 contacts; 10 + 4 deals; 7 campaign responses; 8 leads; 6 signals.
    expect(counts).toEqual({ accounts: 16, contacts: 10, opportunities: 14, touchpoints: 7, leads: 8, signals: 6 });
    expect(outcomes["salesforce-accounts.csv"]).toMatchObject({ createdRows: 6, matches: { counts: { new: 6 } } });
    expect(outcomes["hubspot-companies.csv"]).toMatchObject({ createdRows: 2, updatedRows: 1, matches: { counts: { new: 2, domain: 1 } } });
    expect(outcomes["salesforce-contacts.csv"]).toMatchObject({ createdRows: 10, matches: { counts: { new: 10 } } });
  });

  it("files the industries by the rules, keeping the value as exported, and fits each account by the default model", async () => {
    const rows = await queryRows<{ name: string; industry: string | null; industry_raw: string | null; fit: number | null }>(
      db,
      sql`select name, industry, industry_raw, icp_fit_score as fit from accounts where industry_raw is not null or icp_fit_score is not null order by name collate "C"`,
    );
    // Default model: industry 30 points (Software, Technology, Financial Services, …), employees 20
    // (50–1,000; half from 25 to 2,000), revenue 15 ($10M–$250M; half from $5M to $500M), country 10
    // (US, Canada, UK, Ireland, Germany, Netherlands, Australia); no technologies in these files, so
    // that criterion is not counted. Fit = points earned ÷ points of the criteria with data.
    expect(rows).toEqual([
      // HubSpot's later export named it COMPUTER_SOFTWARE: Software 30 + 250 staff 20 + $38M 15 + US 10 = 75/75.
      { name: "Acme Analytics", industry: "Software", industry_raw: "COMPUTER_SOFTWARE", fit: 100 },
      { name: "Borealis Bank", industry: "Financial Services", industry_raw: "Financial Services", fit: 100 },
      // "Tech" is no rule's: not a target industry 0/30, 40 staff near the band 10/20, no revenue, Ireland 10/10 = 20/60.
      { name: "Cobalt Software EMEA", industry: "Tech", industry_raw: "Tech", fit: 33 },
      // "technolgy" is Technology (one letter missing): 30 + 85 staff 20 + $12.5M 15 + US 10.
      { name: "Cobalt Software, Inc.", industry: "Technology", industry_raw: "technolgy", fit: 100 },
      // Hospitality 0/30, 5,400 staff 0/20, $900M 0/15, UK 10/10 = 10/75.
      { name: "Delta Hotels Group", industry: "Hospitality", industry_raw: "Hospitality", fit: 13 },
      // Healthcare 0/30, no staff count, no revenue, Germany 10/10 = 10/40.
      { name: "Evergreen Health", industry: "Healthcare", industry_raw: "Healthcare", fit: 25 },
      // FINANCIAL_SERVICES 30 + 310 staff 20 + $45M 15 + Norway 0/10 = 65/75 = 86.67.
      { name: "Fjord Payments", industry: "Financial Services", industry_raw: "FINANCIAL_SERVICES", fit: 87 },
      // MACHINERY is Manufacturing 0/30, 2,000 staff 10/20, $310M 7.5/15, US 10/10 = 27.5/75 = 36.67.
      { name: "Gamma Robotics", industry: "Manufacturing", industry_raw: "MACHINERY", fit: 37 },
    ]);
  });

  it("keeps each contact's last touch and engagement level from the campaign responses, signals and meetings", async () => {
    const rows = await queryRows<{ email: string; role: string | null; last_touch_at: Date | string | null; level: string }>(
      db,
      sql`select lower(email) as email, buying_group_role::text as role, last_touch_at, engagement_level::text as level from contacts order by email`,
    );
    const when = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
    // Level: touches + signals + 3 × meetings in the 90 days to NOW (after 2026-09-01T12:00Z):
    // 0 none, 1–2 low, 3–5 medium, 6+ high. Roles come from the job titles.
    expect(rows.map((r) => ({ ...r, last_touch_at: when(r.last_touch_at) }))).toEqual([
      // Summit 11-12, pricing page 11-27: 2 → low.
      { email: "ana.ortiz@acmeanalytics.io", role: "champion", last_touch_at: "2026-11-27T15:00:00.000Z", level: "low" },
      // Webinar 11-20, demo request 11-28, the meeting it booked 11-29 (3): 5 → medium.
      { email: "ben.hale@acmeanalytics.io", role: "economic_buyer", last_touch_at: "2026-11-29T09:00:00.000Z", level: "medium" },
      // Ad response on 09-01 at midnight: before the window opened at noon, so none.
      { email: "cleo.park@acmeanalytics.io", role: "technical_evaluator", last_touch_at: "2026-09-01T00:00:00.000Z", level: "none" },
      { email: "dev.shah@acmeanalytics.io", role: "end_user", last_touch_at: null, level: "none" },
      // Report download and its signal on 08-10: out of the window.
      { email: "eli.ford@borealisbank.com", role: "economic_buyer", last_touch_at: "2026-08-10T09:00:00.000Z", level: "none" },
      // Webinar response and its signal on 11-20: 2 → low.
      { email: "fay.lin@borealisbank.com", role: "champion", last_touch_at: "2026-11-20T17:00:00.000Z", level: "low" },
      { email: "gus.roy@borealisbank.com", role: "blocker_influencer", last_touch_at: null, level: "none" },
      // Nurture click and e-mail signal on 11-25: 2 → low.
      { email: "hana.ito@cobalt.dev", role: "economic_buyer", last_touch_at: "2026-11-25T08:00:00.000Z", level: "low" },
      { email: "ivan@deltahotels.example", role: null, last_touch_at: null, level: "none" },
      // Nurture click on 10-01, inside the window: 1 → low.
      { email: "jo.west@evergreenhealth.example", role: "champion", last_touch_at: "2026-10-01T00:00:00.000Z", level: "low" },
    ]);
  });

  it("scores an account from its imported signals with its own fit, not a neutral 50", async () => {
    const [acme] = await queryRows<{ fit: string; intent: string; engagement: string; readiness: string; computed_at: Date | string }>(
      db,
      sql`select fit::text, intent::text, engagement::text, readiness::text, computed_at from scores
          where account_id = ${await accountId("Acme Analytics")} and contact_id is null order by computed_at desc, id desc limit 1`,
    );
    // The latest score is the demo request's, as of 2026-11-28T10:00Z. Intent: decayed points of
    // the pricing-page visit (25, half-life 7 d, 19 h old), the comparison (22, 10 d, 46 h old) and
    // the demo request (30), on the curve 100 × (1 − e^(−points/60)).
    const points = 25 * 2 ** (-(19 / 24) / 7) + 22 * 2 ** (-(46 / 24) / 10) + 30;
    const intent = 100 * (1 - Math.exp(-points / 60));
    // Engagement: 3 campaign responses (09-01, 11-12, 11-20) and 3 signals in the 90 days before;
    // the meeting is booked for the next day: 100 × (1 − e^(−6/12)).
    const engagement = 100 * (1 - Math.exp(-6 / 12));
    expect(new Date(acme!.computed_at).toISOString()).toBe("2026-11-28T10:00:00.000Z");
    expect(Number(acme!.fit)).toBe(100);
    expect(Number(acme!.intent)).toBeCloseTo(intent, 1);
    expect(Number(acme!.intent)).toBeCloseTo(70.07, 1);
    expect(Number(acme!.engagement)).toBeCloseTo(engagement, 1);
    expect(Number(acme!.readiness)).toBeCloseTo(0.3 * 100 + 0.4 * intent + 0.3 * engagement, 1);
  });

  it("suggests tiers from fit, intent and a champion, and follows a change of the industry rules", async () => {
    const suggested = async () => {
      const { rows } = await listAccounts(db, { rules: defaultTierRules, filters: {}, sort: "name", descending: false, limit: 100, offset: 0 });
      return Object.fromEntries(rows.filter((r) => r.icpFit !== null).map((r) => [r.name, r.suggestedTier]));
    };
    // Tier 1: fit ≥ 85, intent ≥ 60 and a known champion, one Engaged or Active: Acme has 100 and
    // 70.07, but its Champion Ana is only identified by the import, so Tier 2 (fit ≥ 70 and intent
    // ≥ 20). Tier 3: fit ≥ 50. Cobalt's e-mail signal alone is intent 12.5; Fjord has none.
    expect(await suggested()).toEqual({
      "Acme Analytics": "tier_2",
      "Borealis Bank": "tier_2",
      "Cobalt Software, Inc.": "tier_3",
      "Cobalt Software EMEA": null,
      "Delta Hotels Group": null,
      "Evergreen Health": null,
      "Fjord Payments": "tier_3",
      "Gamma Robotics": null,
    });
    // The admin files "Tech" under Technology: the recompute gives Cobalt EMEA 30 + 10 + 10 = 50/60 = 83.
    const { rules } = await getSetting(db, "industryRules");
    await putSetting(db, "industryRules", { rules: rules.map((r) => (r.industry === "Technology" ? { ...r, phrases: [...r.phrases, "tech"] } : r)) }, admin);
    // The 8 companies the leads named were created by name, without a fit's reasons: the recompute
    // gives them theirs ("no industry: not counted", …); Cobalt EMEA's fit is the ninth change.
    const [{ unexplained }] = (await queryRows<{ unexplained: number }>(db, sql`select count(*)::int as unexplained from accounts where icp_fit_reasons is null`)) as [{ unexplained: number }];
    expect(unexplained).toBe(8);
    expect(await recomputeFitsAndScores(db, { now: NOW })).toMatchObject({ accounts: 16, changed: 9 });
    const [emea] = await db.select({ industry: accounts.industry, raw: accounts.industryRaw, fit: accounts.icpFitScore }).from(accounts).where(sql`${accounts.name} = 'Cobalt Software EMEA'`);
    expect(emea).toEqual({ industry: "Technology", raw: "Tech", fit: 83 });
    expect((await suggested())["Cobalt Software EMEA"]).toBe("tier_3");
  });

  it("finds the roles that went dark after a rep marked them engaged, and Tier 1 engagement", async () => {
    const acme = await accountId("Acme Analytics");
    const borealis = await accountId("Borealis Bank");
    const evergreen = await accountId("Evergreen Health");
    // Dana marks Acme's champion, economic buyer and technical evaluator Engaged on 2026-10-01; Sam
    // marks Borealis's economic buyer Engaged on 2026-10-15. A map edit is a touch of its own.
    let version = (await db.select({ v: accounts.buyingGroupVersion }).from(accounts).where(sql`${accounts.id} = ${acme}`))[0]!.v;
    for (const email of ["ana.ortiz@acmeanalytics.io", "ben.hale@acmeanalytics.io", "cleo.park@acmeanalytics.io"]) {
      ({ version } = await editBuyingGroup(db, {
        accountId: acme,
        expectedVersion: version,
        edit: { kind: "status", contactId: await contactId(email), value: "engaged" },
        actorId: dana,
        now: at("2026-10-01T09:00:00Z"),
      }));
    }
    const borealisVersion = (await db.select({ v: accounts.buyingGroupVersion }).from(accounts).where(sql`${accounts.id} = ${borealis}`))[0]!.v;
    await editBuyingGroup(db, {
      accountId: borealis,
      expectedVersion: borealisVersion,
      edit: { kind: "status", contactId: await contactId("eli.ford@borealisbank.com"), value: "engaged" },
      actorId: sam,
      now: at("2026-10-15T10:00:00Z"),
    });

    // Gone dark: an Engaged role whose latest touch is more than 30 days before NOW. Cleo's latest
    // is the edit on 10-01 (60 days), Eli's the edit on 10-15 (46 days); Ana (11-27) and Ben (11-29) are current.
    const dark: string[] = [];
    for (const id of [acme, borealis]) {
      const picture = await accountPicture(db, id, NOW);
      for (const gap of picture.gaps) if (gap.kind === "gone_dark") dark.push(`${picture.account.name}: ${gap.role} (${gap.contacts.join(", ")})`);
    }
    expect(dark).toEqual(["Acme Analytics: technical_evaluator (Cleo Park)", "Borealis Bank: economic_buyer (Eli Ford)"]);

    // Tier 1: Acme and Borealis as suggested or above, and Evergreen by the rep's judgment. Engaged in
    // the last 30 days: Acme (Ana, 11-27) and Borealis (Fay, level low, 11-20); Evergreen's Jo was last touched on 10-01.
    for (const [id, reason] of [[acme, null], [borealis, "Bank expansion budget approved"], [evergreen, "Strategic logo"]] as const) {
      await setAccountTier(db, { accountId: id, tier: "tier_1", reason, suggested: id === acme ? "tier_1" : null, actorId: admin });
    }
    const { tier1 } = await abmAggregates(db, { from: "2026-09-01", to: "2026-11-30", timeZone: "UTC", asOf: NOW });
    expect(tier1).toEqual({ accounts: 3, engaged: 2 });
    expect(tier1Engagement(tier1.engaged, tier1.accounts)).toMatchObject({ hits: 2, n: 3, meetsTarget: true });
    expect(tier1Engagement(tier1.engaged, tier1.accounts).rate).toBeCloseTo(2 / 3, 10);
    expect(NOW.getTime() - at("2026-10-01T00:00:00Z").getTime()).toBeGreaterThan(30 * DAY);
  });

  it("maps free-text reasons to the taxonomies, keeping the text, and lists competitors no rule knows", async () => {
    const rows = await queryRows<{ external_id: string; loss_reason: string | null; loss_reason_raw: string | null; win_reason: string | null; win_reason_raw: string | null }>(
      db,
      sql`select external_id, loss_reason, loss_reason_raw, win_reason, win_reason_raw from opportunities
          where loss_reason_raw is not null or win_reason_raw is not null order by external_id`,
    );
    expect(rows).toEqual([
      { external_id: "0065e00002CRM03", loss_reason: "Price", loss_reason_raw: "price too high", win_reason: null, win_reason_raw: null },
      { external_id: "0065e00002CRM05", loss_reason: "Price", loss_reason_raw: "Pricing", win_reason: null, win_reason_raw: null },
      // "went with" is the first rule's phrase: the default rules read it as a loss to a competitor.
      { external_id: "0065e00002CRM07", loss_reason: "Lost to competitor", loss_reason_raw: "went with spreadsheets, no decision", win_reason: null, win_reason_raw: null },
      { external_id: "0065e00002CRM10", loss_reason: "Price", loss_reason_raw: "Price", win_reason: null, win_reason_raw: null },
      { external_id: "8002", loss_reason: null, loss_reason_raw: null, win_reason: "Faster time to value", win_reason_raw: "Fast time to value" },
      { external_id: "8003", loss_reason: "Budget freeze", loss_reason_raw: "Budget cut", win_reason: null, win_reason_raw: null },
    ]);
    // Competitors: the default list has none of these; the review list ranks them by deals, then money.
    expect(await unmappedReasons(db, "competitor")).toEqual({
      total: 4,
      values: [
        { raw: "Clari Inc.", deals: 1, amount: "60000.00" },
        { raw: "HubSpot", deals: 1, amount: "18000.00" },
        { raw: "Gong", deals: 1, amount: "5000.00" },
        // The open Acme deal has no amount: counted, no money.
        { raw: "Clari", deals: 1, amount: "0" },
      ],
    });
    // From the review list, as the page does it: "Clari" becomes a label, then "Clari Inc." a phrase of it.
    await addReasonPhrase(db, "competitor", { label: "Clari", phrase: "Clari", create: true }, admin);
    await addReasonPhrase(db, "competitor", { label: "Clari", phrase: "Clari Inc.", create: false }, admin);
    const clari = await queryRows<{ external_id: string; competitor: string | null; competitor_raw: string }>(
      db,
      sql`select external_id, competitor, competitor_raw from opportunities where competitor_raw like 'Clari%' order by external_id`,
    );
    expect(clari).toEqual([
      { external_id: "0065e00002CRM01", competitor: "Clari", competitor_raw: "Clari" },
      { external_id: "0065e00002CRM03", competitor: "Clari", competitor_raw: "Clari Inc." },
    ]);
    expect((await unmappedReasons(db, "competitor")).total).toBe(2);
  });

  it("counts the funnel with inferred stages, so no conversion passes 100 %", async () => {
    // 4 leads had a date inferred: MQL for CRM02, 04, 05 and 08, SQL for CRM04.
    expect(outcomes["salesforce-leads.csv"]!.inferredLeadStages).toEqual({ leads: 4, mql: 4, sql: 1, opportunity: 0 });
    const counts = await cohortCounts(db, { from: "2026-10-01", to: "2026-10-31", timeZone: "UTC" });
    // Reached: all 8 leads; MQL by date 3 (CRM01, 03, 07) + inferred 4 (02, 04, 05, 08) = 7; SQL by
    // date 5 + inferred 1 (CRM04, converted without one) = 6; converted 2. Without the inference
    // MQL → SQL would be 5/3 = 167 %.
    expect(counts.reached).toMatchObject({ lead: 8, mql: 7, sql: 6, opportunity: 2, won: 0 });
    expect(counts.inferred).toEqual({ mql: 4, sql: 1, opportunity: 0 });
    const { transitions } = cohortFunnel(counts);
    expect(transitions.find((tr) => tr.from === "mql")!.conversion.value).toBeCloseTo(6 / 7, 10);
    for (const tr of transitions) {
      if (tr.conversion.value !== null) {
        expect(tr.conversion.value).toBeGreaterThanOrEqual(0);
        expect(tr.conversion.value).toBeLessThanOrEqual(1);
      }
    }
  });

  it("finds stuck leads and the bottleneck on the imported leads by the funnel's rules, not on inferred dates", async () => {
    const october = await resolveFunnelView(db, { from: "2026-10-01", to: "2026-10-31" });
    if (!october.ok) throw new Error(october.error);
    const report = await buildFunnelReport(db, october.request, october.context, NOW);
    // Still waiting on Nov 30, 12:00, against the default expected days (30/14/14/90, floor 7):
    // in Lead CRM06 since Oct 8 (53.5 d > 30); in MQL CRM03 since Oct 6 (55.5 d > 14); in SQL CRM02
    // (Oct 8, MQL inferred), CRM05 (Oct 15), CRM07 (Oct 12) and CRM08 (Oct 20), all past 14 days.
    // The two converted leads have no open deal to wait in. None is 90 days past its bar.
    expect(report.stuck).toEqual({
      lead: { afterDays: 30, stuck: 1, goneCold: 0 },
      mql: { afterDays: 14, stuck: 1, goneCold: 0 },
      sql: { afterDays: 14, stuck: 4, goneCold: 0 },
      opportunity: { afterDays: 90, stuck: 0, goneCold: 0 },
    });
    // A month later CRM06 is 144 days in Lead, more than 30 + 90: gone cold, no longer stuck.
    const later = await buildFunnelReport(db, october.request, october.context, at("2027-03-01T00:00:00Z"));
    expect(later.stuck.lead).toEqual({ afterDays: 30, stuck: 0, goneCold: 1 });

    // Every October lead has had 30 days in Lead, every MQL and SQL 14 days; the 2 converted on
    // Oct 10 and 20 have not had Opportunity's 90 days, so Opportunity → Won is left out. Days
    // between stages count only both dates as exported: Lead → MQL (1 + 2 + 1) / 3, MQL → SQL
    // (3 + 1) / 2, SQL → Opportunity 5 / 1 (CRM04's SQL date is inferred). The longest, SQL →
    // Opportunity, is also the lowest conversion, 2 of 6.
    const reading = report.bottleneck;
    expect(reading.basis).toBe("cohort");
    expect(reading.leftOut.map((l) => [l.transition.from, l.maturedShare.value])).toEqual([["opportunity", 0]]);
    expect(reading.compared.map((c) => [c.from, c.meanDays.value])).toEqual([
      ["lead", 4 / 3],
      ["mql", 2],
      ["sql", 5],
    ]);
    expect(reading.bottleneck?.from).toBe("sql");
    expect(reading.lowestConversion?.from).toBe("sql");
    expect(reading.lowestConversion?.conversion.value).toBeCloseTo(2 / 6, 10);

    // The lead report has no routing or decision times. A lead that moved on was handled by then:
    // the open MQL breach is CRM03 alone (CRM01 and CRM07 became SQLs; the other MQL dates are
    // inferred, so no routing case); the open SQL breaches are the 4 SQLs that never converted.
    const leadName = async (ids: number[]) =>
      (await queryRows<{ id: string }>(db, sql`select external_id as id from leads where id = any(${`{${ids.join(",")}}`}::int[]) order by external_id`)).map((l) => l.id);
    const [mqlBreaches, sqlBreaches] = report.openBreaches;
    expect(mqlBreaches!.counts).toEqual({ open: 1, archived: 0, dismissed: 0 });
    expect(await leadName(mqlBreaches!.breaches.map((b) => b.id))).toEqual(["00Q5e00000CRM03"]);
    expect(sqlBreaches!.counts).toEqual({ open: 4, archived: 0, dismissed: 0 });
    expect(await leadName(sqlBreaches!.breaches.map((b) => b.id))).toEqual(["00Q5e00000CRM02", "00Q5e00000CRM05", "00Q5e00000CRM07", "00Q5e00000CRM08"]);
    // Compliance still counts the 3 routing cases of October as breached: handled by the SQL date
    // at the latest (3 days and 1 day), or not at all; the median is the upper bound, 2 days.
    const routing = report.slas.find((r) => r.stage === "mql")!.compliance!;
    expect({ share: routing.share.value, breaches: routing.breaches, median: routing.medianSeconds.value }).toEqual({ share: 0, breaches: 3, median: 2 * 86_400 });
  });

  it("leaves deals without an amount out of money and says how many", async () => {
    const v = await velocityAggregates(db, { from: "2026-01-01", to: "2026-12-31", timeZone: "UTC" });
    // Closed in 2026: won CRM02 $24,000.00, CRM06 $15,500.50, 8002 $12,000; lost CRM03, 05, 07, 10 and 8003.
    expect({ won: v.won, lost: v.lost, wonAmount: v.wonAmount }).toEqual({ won: 3, lost: 5, wonAmount: "51500.50" });
    const open = await queryRows<{ open: number; without: number; amount: string }>(
      db,
      sql`select count(*)::int as open, count(*) filter (where amount is null)::int as without, coalesce(sum(amount), 0)::text as amount from opportunities where status = 'open'`,
    );
    // Open: CRM01, 04, 08 and HubSpot 8001, 8004 have no amount; CRM09 has $30,000.
    expect(open[0]).toEqual({ open: 6, without: 5, amount: "30000.00" });
  });

  it("follows a change of the ICP model: fits, tier suggestions and the scores", async () => {
    const acme = await accountId("Acme Analytics");
    const model = await getSetting(db, "icpModel");
    // Software is no longer a target: Acme keeps 20 + 15 + 10 of its 75 points = 60, a Tier 3 fit.
    await putSetting(db, "icpModel", { ...model, industries: { ...model.industries, targets: model.industries.targets.filter((i) => i !== "Software") } }, admin);
    const outcome = await recomputeFitsAndScores(db, { now: NOW });
    expect(outcome.changed).toBeGreaterThanOrEqual(1);
    expect(outcome.rescored).toBeGreaterThanOrEqual(1);
    const [row] = await db.select({ fit: accounts.icpFitScore, model: accounts.icpFitModel }).from(accounts).where(sql`${accounts.id} = ${acme}`);
    expect(row).toEqual({ fit: 60, model: 60 });
    const { rows } = await listAccounts(db, { rules: defaultTierRules, filters: { search: "Acme" }, sort: "name", descending: false, limit: 10, offset: 0 });
    expect(rows.map((r) => [r.name, r.icpFit, r.suggestedTier])).toEqual([["Acme Analytics", 60, "tier_3"]]);
    const [score] = await queryRows<{ fit: string; computed_at: Date | string }>(
      db,
      sql`select fit::text, computed_at from scores where account_id = ${acme} and contact_id is null order by computed_at desc, id desc limit 1`,
    );
    expect({ fit: Number(score!.fit), at: new Date(score!.computed_at).toISOString() }).toEqual({ fit: 60, at: NOW.toISOString() });
    await putSetting(db, "icpModel", model, admin);
  });
});
