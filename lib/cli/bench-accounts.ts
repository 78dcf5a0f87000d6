/**
 * The ABM pages' server time: /accounts (the program's tiers and measures, the first page of the
 * account list and the owner filter) and one account page, and the time of one buying-group map
 * save, at demo scale and larger scales. Larger scales repeat the accounts, contacts, deals, deal
 * contacts and account scores of the scale-10 demo data with shifted ids and domains (the ABM
 * pages read nothing else), so the distribution matches the demo's.
 */
import type { Database } from "@/db/index";
import { accountOwners, listAccounts } from "@/db/queries/accounts";
import { accountBuyingGroup, editBuyingGroup } from "@/db/queries/buying-groups";
import { generateDemoData } from "@/db/seed/generate";
import { ACCOUNTS_PER_PAGE, parseAccountList } from "@/lib/abm/account-list";
import { accountPicture } from "@/lib/abm/account-map";
import { abmContext, buildAbmProgram, parseAbmRequest } from "@/lib/abm/program";
import { percentiles, type Timing } from "./bench-timing";

type DemoData = ReturnType<typeof generateDemoData>;

export interface AccountsTiming {
  page: Timing;
  accountPage: Timing;
  save: Timing;
}

/** Accounts-only data: `scale / 10` copies of the scale-10 demo's accounts and what hangs off them. */
export function accountsOnlyData(scale: number, seed: number, asOf: Date): DemoData {
  if (scale <= 10) {
    const data = generateDemoData({ seed, asOf, scale });
    return { ...data, leads: [], touchpoints: [], selfReportedAnswers: [], signals: [], meetings: [], automationActions: [], roleProposals: [], webTraffic: [], opportunityStageHistory: [], scores: data.scores.map((s) => ({ ...s, signalId: null })) };
  }
  const chunk = accountsOnlyData(10, seed, asOf);
  const copies = Math.max(1, Math.round(scale / 10));
  const out: DemoData = { ...chunk, accounts: [], contacts: [], opportunities: [], opportunityContacts: [], scores: [] };
  const max = (rows: { id: number }[]) => rows.reduce((m, r) => Math.max(m, r.id), 0);
  const [accountIds, contactIds, dealIds, scoreIds] = [max(chunk.accounts), max(chunk.contacts), max(chunk.opportunities), max(chunk.scores)];
  for (let k = 0; k < copies; k++) {
    const [a, c, o, s] = [k * accountIds, k * contactIds, k * dealIds, k * scoreIds];
    const domain = (d: string | null | undefined) => (d && k > 0 ? `c${k}.${d}` : d);
    for (const x of chunk.accounts) out.accounts.push({ ...x, id: x.id + a, domain: domain(x.domain) });
    for (const x of chunk.contacts) out.contacts.push({ ...x, id: x.id + c, accountId: x.accountId == null ? x.accountId : x.accountId + a, email: domain(x.email) });
    for (const x of chunk.opportunities) out.opportunities.push({ ...x, id: x.id + o, accountId: x.accountId == null ? x.accountId : x.accountId + a, externalId: null, name: k > 0 ? `${x.name} (${k})` : x.name });
    for (const x of chunk.opportunityContacts) out.opportunityContacts.push({ ...x, opportunityId: x.opportunityId + o, contactId: x.contactId + c });
    for (const x of chunk.scores) out.scores.push({ ...x, id: x.id + s, accountId: x.accountId + a, contactId: x.contactId == null ? x.contactId : x.contactId + c });
  }
  return out;
}

/** Times the pages and a save on a loaded database. */
export async function timeAccountPages(db: Database, asOf: Date): Promise<AccountsTiming> {
  const page = await percentiles(async () => {
    const context = await abmContext(db);
    const period = parseAbmRequest({}, asOf.toISOString().slice(0, 10));
    const list = parseAccountList({});
    if (!period.ok || !list.ok) throw new Error("bad request");
    const { filters, sort, descending } = list.request;
    await Promise.all([
      buildAbmProgram(db, period.request, context, asOf),
      listAccounts(db, { rules: context.settings.tierRules, filters, sort, descending, limit: ACCOUNTS_PER_PAGE, offset: 0 }),
      accountOwners(db),
    ]);
  });
  // The account with the most contacts: the heaviest map.
  const context = await abmContext(db);
  const { rows } = await listAccounts(db, { rules: context.settings.tierRules, filters: {}, sort: "coverage", descending: true, limit: 1, offset: 0 });
  const accountId = rows[0]!.id;
  const accountPage = await percentiles(() => accountPicture(db, accountId, asOf));
  const map = await accountBuyingGroup(db, accountId);
  const contact = map.contacts[0]!;
  let version = map.account.version;
  let flip = false;
  const save = await percentiles(async () => {
    flip = !flip;
    const saved = await editBuyingGroup(db, { accountId, expectedVersion: version, actorId: 1, edit: { kind: "engagement", contactId: contact.id, value: flip ? "high" : "low" } });
    version = saved.version;
  });
  return { page, accountPage, save };
}

export function printAccountTimings(results: { scale: number; accounts: number; contacts: number; pglite: AccountsTiming | null; postgres: AccountsTiming | null }[]) {
  const ms = (t: Timing | undefined) => (t ? `${t.p50.toFixed(0)} / ${t.p95.toFixed(0)}` : "not run");
  console.log("\nAccounts and ABM: server time in ms (p50 / p95 of 20 runs after 2 warm-ups).");
  console.log("/accounts: program tiers and measures (this quarter), the first 50 accounts and the owner list. Account page: the account");
  console.log("with the widest map, its deals' maps and history. Save: one coverage-map edit (engagement of one contact), committed.\n");
  console.log("| scale | accounts | contacts | /accounts PGlite | /accounts PostgreSQL | account page PGlite | account page PostgreSQL | map save PGlite | map save PostgreSQL |");
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of results) {
    console.log(
      `| ${r.scale} | ${r.accounts.toLocaleString("en-US")} | ${r.contacts.toLocaleString("en-US")} | ${ms(r.pglite?.page)} | ${ms(r.postgres?.page)} | ${ms(r.pglite?.accountPage)} | ${ms(r.postgres?.accountPage)} | ${ms(r.pglite?.save)} | ${ms(r.postgres?.save)} |`,
    );
  }
}
