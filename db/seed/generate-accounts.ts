/**
 * Accounts (firmographics, ICP fit, ABM tiers, owners) and their contacts (titles, seniority and
 * buying-group roles). Activity-derived contact fields (status, engagement, last touch) and the
 * final created-at times are filled in later by `finalise.ts`, once the activity exists.
 */
import { defaultIndustryRules, normaliseIndustry } from "@/lib/abm/industries";
import { buyingGroupRoles, type BuyingGroupRole } from "@/lib/domain/buying-group";
import { demoRegions, demoSegments } from "@/lib/domain/go-to-market";
import { defaultIcpModel, icpFit, type IcpModel } from "@/lib/metrics/icp-fit";
import { DAY, between, toSecond } from "./calendar";
import { clamp, money, scaled, type SeedContext } from "./context";
import type { SalesTeam } from "./generate-people";
import type { Random } from "./random";
import type { DemoAccount, DemoContact } from "./types";
import {
  companyHeads,
  companyTails,
  countriesByRegion,
  firstNames,
  industries,
  industrySpellings,
  lastNames,
  technographics,
  titlesByRole,
  topLevelDomains,
  unmappedTitles,
} from "./vocabulary";

export type Segment = (typeof demoSegments)[number];
export type Tier = "tier_1" | "tier_2" | "tier_3";

export interface AccountBook {
  accounts: DemoAccount[];
  contacts: DemoContact[];
  /** Contact ids of each account, indexed by account id. */
  contactsByAccount: number[][];
  /** Account by id (index 0 unused). */
  byId: (DemoAccount | undefined)[];
}

const segmentMix: readonly (readonly [Segment, number])[] = [
  ["SMB", 45],
  ["Mid-Market", 40],
  ["Enterprise", 15],
];
const regionMix: readonly (readonly [(typeof demoRegions)[number], number])[] = [
  ["North America", 60],
  ["EMEA", 30],
  ["APAC", 10],
];
const icpBase: Record<Segment, number> = { SMB: 34, "Mid-Market": 52, Enterprise: 55 };

/**
 * The demo company's ICP (a setting it saved): mid-market and enterprise software, fintech and
 * security companies in its markets, running the revenue stack it plugs into (a share of the points
 * for each of Salesforce, Gong and Outreach). Every account's fit is this model's.
 */
export const demoIcpModel: IcpModel = {
  ...defaultIcpModel,
  industries: { weight: 30, targets: ["Software", "Technology", "Financial Services"] },
  employees: { weight: 20, min: 150, max: 10_000 },
  annualRevenue: { weight: 15, min: 20_000_000, max: 2_000_000_000 },
  countries: { weight: 10, targets: ["United States", "Canada", "United Kingdom", "Ireland", "Germany", "Netherlands", "France", "Sweden", "Australia"] },
  technologies: { weight: 25, required: ["Salesforce", "Gong", "Outreach"], match: "all" },
};

/** Contacts we know per account, by segment (before the total is trimmed to the target). */
const contactsPerAccount: Record<Segment, readonly (readonly [number, number])[]> = {
  SMB: [[1, 10], [2, 25], [3, 30], [4, 20], [5, 10], [6, 5]],
  "Mid-Market": [[2, 10], [3, 20], [4, 25], [5, 20], [6, 15], [7, 6], [8, 4]],
  Enterprise: [[3, 8], [4, 15], [5, 20], [6, 20], [7, 15], [8, 10], [9, 7], [10, 5]],
};

export function generateAccounts(ctx: SeedContext, team: SalesTeam): AccountBook {
  const rng = ctx.rng.fork("accounts");
  const { clock } = ctx;
  const accountCount = scaled(ctx, 2_000);
  const names = new CompanyNames(rng);
  const owners = team.reps.map((rep) => [rep.id, rep.bookWeight] as const);

  const accounts: DemoAccount[] = [];
  // How the reviewers rated each account at the tier reviews: among equal fits, the better-rated goes first.
  const judgement = new Map<number, number>();
  for (let id = 1; id <= accountCount; id++) {
    const industry = rng.weighted(industries.map((i) => [i, i.weight] as const));
    const segment = rng.weighted(segmentMix);
    const employees = Math.round(
      segment === "SMB"
        ? clamp(rng.logNormal(60, 0.6), 10, 199)
        : segment === "Mid-Market"
          ? clamp(rng.logNormal(450, 0.45), 200, 999)
          : clamp(rng.logNormal(2_500, 0.7), 1_000, 25_000),
    );
    const tags = technographics.filter((t) => rng.chance(t.weight / 100)).map((t) => t.tag);
    const tagBonus = technographics.reduce((sum, t) => sum + (tags.includes(t.tag) ? t.icpBonus : 0), 0);
    judgement.set(id, clamp(icpBase[segment] + industry.icpBonus + tagBonus + rng.normal(0, 9), 3, 99));
    const { name, domain } = names.next(rng.pick(industry.words));
    // Most accounts were in the CRM before the window; the rest arrived during it.
    const createdAt = rng.chance(0.7)
      ? between(rng, clock.start - 730 * DAY, clock.start)
      : between(rng, clock.start, clock.asOf - 30 * DAY);
    accounts.push({
      id,
      name,
      domain,
      industry: industry.name,
      employees,
      annualRevenue: money(Math.round((employees * rng.float(120_000, 260_000)) / 10_000) * 10_000),
      region: rng.weighted(regionMix),
      segment,
      ownerId: rng.weighted(owners),
      technographicTags: tags,
      abmTier: null,
      abmTierReason: null,
      createdAt: new Date(createdAt),
    });
  }
  addFirmographics(ctx, accounts);
  assignAbmTiers(ctx, rng, team, accounts, judgement);

  const byId: (DemoAccount | undefined)[] = [undefined, ...accounts];
  const { contacts, contactsByAccount } = generateContacts(ctx, accounts);
  return { accounts, contacts, contactsByAccount, byId };
}

/**
 * Each account's country (from its region), its industry as the CRM wrote it and as the industry
 * rules file it, and its fit under the demo company's ICP model, with the reasons. A stream of its
 * own, so the accounts' other values stay as they were.
 */
function addFirmographics(ctx: SeedContext, accounts: DemoAccount[]): void {
  const rng = ctx.rng.fork("account-firmographics");
  for (const account of accounts) {
    account.country = rng.weighted(countriesByRegion[account.region!]!);
    const spellings = industrySpellings[account.industry as keyof typeof industrySpellings];
    const raw = rng.chance(0.25) ? rng.pick(spellings) : account.industry!;
    account.industryRaw = raw;
    account.industry = normaliseIndustry(raw, defaultIndustryRules).industry;
    const fit = icpFit(
      { industry: account.industry, employees: account.employees ?? null, annualRevenue: account.annualRevenue ?? null, country: account.country, technologies: account.technographicTags ?? [] },
      demoIcpModel,
    );
    account.icpFitModel = fit.score;
    account.icpFitReasons = fit.reasons;
    account.icpFitScore = fit.score;
  }
}

/**
 * The ABM program: Tier 1 is the best-fitting enterprise accounts, Tier 2 the next best mid-market
 * and enterprise ones, Tier 3 the next fitting accounts of any size. Sized as in the playbook.
 */
function assignAbmTiers(ctx: SeedContext, rng: Random, team: SalesTeam, accounts: DemoAccount[], judgement: ReadonlyMap<number, number>): void {
  const byFit = [...accounts].sort((a, b) => (b.icpFitScore ?? 0) - (a.icpFitScore ?? 0) || judgement.get(b.id)! - judgement.get(a.id)! || a.id - b.id);
  const plan: [Tier, number, (a: DemoAccount) => boolean][] = [
    ["tier_1", scaled(ctx, 20), (a) => a.segment === "Enterprise"],
    ["tier_2", scaled(ctx, 50), (a) => a.segment !== "SMB"],
    ["tier_3", scaled(ctx, 150), (a) => (a.icpFitScore ?? 0) >= 50],
  ];
  // Tiers are reviewed quarterly; a tier was set at one of the reviews so far.
  const reviews = [20, 111, 202, 293, 384].map((d) => ctx.clock.start + d * DAY);
  for (const [tier, size, eligible] of plan) {
    let placed = 0;
    for (const account of byFit) {
      if (placed >= size) break;
      if (account.abmTier || !eligible(account)) continue;
      account.abmTier = tier;
      account.abmTierReason = tierReason(tier, account);
      account.abmTierSetBy = tier === "tier_3" ? team.marketingId : team.adminId;
      const review = rng.pick(reviews);
      account.abmTierSetAt = new Date(toSecond(review + rng.float(14, 18) * 3_600_000));
      placed++;
    }
  }
}

/**
 * The note a person leaves when setting a tier. It says why the account was chosen, not what its
 * fit, intent or map looked like that day: the account page computes those as they are now.
 */
function tierReason(tier: Tier, account: DemoAccount): string {
  const stack = account.technographicTags?.slice(0, 2).join(" and ");
  const runs = stack ? ` running ${stack}` : "";
  if (tier === "tier_1") return `Strategic ${account.industry} enterprise${runs}; picked for 1:1 at the quarterly tier review`;
  if (tier === "tier_2") return `${account.segment} ${account.industry} account${runs}; picked for 1:few at the quarterly tier review`;
  return "Fits the ICP; in the 1:many program since the quarterly tier review";
}

function generateContacts(ctx: SeedContext, accounts: DemoAccount[]) {
  const rng = ctx.rng.fork("contacts");
  const counts = accounts.map((account) => {
    const base = rng.weighted(contactsPerAccount[account.segment as Segment]);
    return base + (account.abmTier === "tier_1" ? 3 : account.abmTier === "tier_2" ? 1 : 0);
  });
  trimToTarget(rng, counts, scaled(ctx, 8_000));

  const contacts: DemoContact[] = [];
  const contactsByAccount: number[][] = [[]];
  accounts.forEach((account, index) => {
    const roles = roleOrder(rng);
    const ids: number[] = [];
    const emails = new Set<string>();
    for (let j = 0; j < (counts[index] ?? 1); j++) {
      const role: BuyingGroupRole | null =
        j < roles.length
          ? rng.chance(0.88)
            ? (roles[j] as BuyingGroupRole)
            : null
          : rng.chance(0.5)
            ? rng.pick(["end_user", "technical_evaluator"] as const)
            : null;
      const { title, seniority } = rng.pick(role ? titlesByRole[role] : unmappedTitles);
      const first = rng.pick(firstNames);
      const last = rng.pick(lastNames);
      let email = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, "");
      if (emails.has(email)) email += String(j + 1);
      emails.add(email);
      const id = contacts.length + 1;
      const createdAt = between(rng, account.createdAt.getTime(), ctx.clock.asOf - DAY);
      contacts.push({
        id,
        accountId: account.id,
        name: `${first} ${last}`,
        email: `${email}@${account.domain}`,
        title,
        seniority,
        buyingGroupRole: role,
        createdAt: new Date(createdAt),
      });
      ids.push(id);
    }
    contactsByAccount.push(ids);
  });
  return { contacts, contactsByAccount };
}

/** The order roles get discovered in: usually the champion first, the blocker last. */
function roleOrder(rng: Random): BuyingGroupRole[] {
  const order = [...buyingGroupRoles];
  for (let i = 0; i + 1 < order.length; i++) {
    if (rng.chance(0.3)) {
      const held = order[i] as BuyingGroupRole;
      order[i] = order[i + 1] as BuyingGroupRole;
      order[i + 1] = held;
    }
  }
  return order;
}

/** Nudge per-account counts until they add up to the target, keeping every account at 1–12. */
function trimToTarget(rng: Random, counts: number[], target: number): void {
  let total = counts.reduce((a, b) => a + b, 0);
  for (let guard = 0; total !== target && guard < 100 * counts.length; guard++) {
    const i = rng.int(0, counts.length - 1);
    const count = counts[i] ?? 1;
    if (total < target && count < 12) {
      counts[i] = count + 1;
      total++;
    } else if (total > target && count > 2) {
      counts[i] = count - 1;
      total--;
    }
  }
}

/** Invented company names and unique domains ("Northwind Health", northwindhealth.com). */
class CompanyNames {
  private readonly domains = new Set<string>();
  private readonly names = new Set<string>();
  constructor(private readonly rng: Random) {}

  next(word: string): { name: string; domain: string } {
    const { rng } = this;
    let name = "";
    for (let attempt = 0; attempt < 8; attempt++) {
      const tail = rng.pick(companyTails);
      const stem = rng.pick(companyHeads) + tail;
      name = rng.chance(0.35) ? stem : `${stem} ${word}`;
      if (!this.names.has(name)) break;
    }
    for (let n = 2; this.names.has(name); n++) name = `${name.replace(/ \d+$/, "")} ${n}`;
    this.names.add(name);
    const base = name.toLowerCase().replace(/[^a-z0-9]/g, "");
    let domain = `${base}${rng.pick(topLevelDomains)}`;
    for (const tld of topLevelDomains) {
      if (!this.domains.has(domain)) break;
      domain = `${base}${tld}`;
    }
    for (let n = 2; this.domains.has(domain); n++) domain = `${base}${n}.com`;
    this.domains.add(domain);
    return { name, domain };
  }
}
