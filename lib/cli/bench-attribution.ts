/**
 * The attribution pages' server time: /attribution under each model (every model's credit, the
 * chosen one's campaigns, influence and totals for this quarter) and /attribution/dark-social
 * (answered leads against first touches, capture rate by month). Larger scales repeat the scale-10
 * demo's accounts, contacts, deals, leads, touchpoints and answers with shifted ids, so the
 * journeys look like the demo's; what the pages do not read (signals, scores, history) is left out.
 */
import type { Database } from "@/db/index";
import { weighAttribution } from "@/db/queries/attribution";
import { generateDemoData } from "@/db/seed/generate";
import { buildDarkSocial } from "@/lib/attribution/dark-social";
import { buildAttributionReport, parseAttributionRequest } from "@/lib/attribution/report";
import { attributionModelInfo, attributionModels, type AttributionModel } from "@/lib/metrics/attribution";
import { velocityContext } from "@/lib/velocity/report";
import { percentiles, type Timing } from "./bench-timing";

type DemoData = ReturnType<typeof generateDemoData>;

export interface AttributionTiming {
  /** Each model's page with the scope's aggregates stored (any view after the first since a change). */
  models: Record<AttributionModel, Timing>;
  /** The first view after a change: the aggregates weighed afresh (every touch under six models). */
  weighed: Timing;
  darkSocial: Timing;
}

const notRead = { signals: [], scores: [], meetings: [], opportunityStageHistory: [], opportunityContacts: [], caseStudies: [], automationActions: [], roleProposals: [] };

/** Attribution-only data: `scale / 10` copies of the scale-10 demo's journeys. */
export function attributionOnlyData(scale: number, seed: number, asOf: Date): DemoData {
  if (scale <= 10) return { ...generateDemoData({ seed, asOf, scale }), ...notRead };
  const chunk = attributionOnlyData(10, seed, asOf);
  const copies = Math.max(1, Math.round(scale / 10));
  const out: DemoData = { ...chunk, accounts: [], contacts: [], opportunities: [], leads: [], touchpoints: [], selfReportedAnswers: [] };
  const max = (rows: { id: number }[]) => rows.reduce((m, r) => Math.max(m, r.id), 0);
  const step = { account: max(chunk.accounts), contact: max(chunk.contacts), deal: max(chunk.opportunities), lead: max(chunk.leads), touch: max(chunk.touchpoints), answer: max(chunk.selfReportedAnswers) };
  const shift = <T extends number | null | undefined>(id: T, by: number): T => (id == null ? id : ((id as number) + by)) as T;
  for (let k = 0; k < copies; k++) {
    const at = (key: keyof typeof step) => k * step[key];
    const domain = (d: string | null | undefined) => (d && k > 0 ? `c${k}.${d}` : d);
    const external = (id: string | null | undefined) => (id && k > 0 ? `${id}-c${k}` : id);
    for (const x of chunk.accounts) out.accounts.push({ ...x, id: x.id + at("account"), domain: domain(x.domain), externalId: external(x.externalId) });
    for (const x of chunk.contacts) out.contacts.push({ ...x, id: x.id + at("contact"), accountId: shift(x.accountId, at("account")), email: domain(x.email), externalId: external(x.externalId) });
    for (const x of chunk.opportunities) out.opportunities.push({ ...x, id: x.id + at("deal"), accountId: shift(x.accountId, at("account")), externalId: external(x.externalId) });
    for (const x of chunk.leads)
      out.leads.push({ ...x, id: x.id + at("lead"), accountId: shift(x.accountId, at("account")), contactId: shift(x.contactId, at("contact")), opportunityId: shift(x.opportunityId, at("deal")), externalId: external(x.externalId) });
    for (const x of chunk.touchpoints)
      out.touchpoints.push({ ...x, id: x.id + at("touch"), accountId: shift(x.accountId, at("account")), contactId: shift(x.contactId, at("contact")), leadId: shift(x.leadId, at("lead")), externalId: external(x.externalId) });
    for (const x of chunk.selfReportedAnswers) out.selfReportedAnswers.push({ ...x, id: x.id + at("answer"), leadId: shift(x.leadId, at("lead")), contactId: shift(x.contactId, at("contact")) });
  }
  return out;
}

/** Times the pages on a loaded database: each model's /attribution, then the dark-social view. */
export async function timeAttributionPages(db: Database, asOf: Date, runs: number): Promise<AttributionTiming> {
  const today = asOf.toISOString().slice(0, 10);
  const models = {} as Record<AttributionModel, Timing>;
  for (const model of attributionModels) {
    models[model] = await percentiles(async () => {
      const context = await velocityContext(db);
      const parsed = parseAttributionRequest({ model }, today);
      if (!parsed.ok) throw new Error(parsed.error);
      await buildAttributionReport(db, parsed.request, context);
    }, runs);
  }
  const parsed = parseAttributionRequest({}, today);
  if (!parsed.ok) throw new Error(parsed.error);
  const { organisation } = await velocityContext(db);
  const scope = { ...parsed.request.filters, ...parsed.request.period, timeZone: organisation.timeZone, basis: parsed.request.basis };
  const weighed = await percentiles(() => weighAttribution(db, scope), runs);
  const darkSocial = await percentiles(() => buildDarkSocial(db, { preset: parsed.request.preset, period: parsed.request.period }), runs);
  return { models, weighed, darkSocial };
}

export function printAttributionTimings(results: { scale: number; runs: number; deals: number; touchpoints: number; leads: number; pglite: AttributionTiming | null; postgres: AttributionTiming | null }[]) {
  const ms = (t: Timing | undefined) => (t ? `${t.p50.toFixed(0)} / ${t.p95.toFixed(0)}` : "not run");
  console.log("\nAttribution: server time in ms (p50 / p95 after 2 warm-ups), this quarter, pipeline credit, no filters.");
  console.log("Each model's /attribution reads every model's credit, influence and totals as stored for the scope, and splits the chosen");
  console.log("model's credit over campaigns. Weighed afresh: the first view after a change weighs every touch under six models.\n");
  console.log(`| scale | runs | deals | touchpoints | leads | driver | ${attributionModels.map((m) => attributionModelInfo[m].label).join(" | ")} | weighed afresh | dark social |`);
  console.log(`|---:|---:|---:|---:|---:|---|${attributionModels.map(() => "---:").join("|")}|---:|---:|`);
  for (const r of results) {
    for (const [driver, t] of [["PGlite", r.pglite], ["PostgreSQL", r.postgres]] as const) {
      console.log(
        `| ${r.scale} | ${r.runs} | ${r.deals.toLocaleString("en-US")} | ${r.touchpoints.toLocaleString("en-US")} | ${r.leads.toLocaleString("en-US")} | ${driver} | ${attributionModels.map((m) => ms(t?.models[m])).join(" | ")} | ${ms(t?.weighed)} | ${ms(t?.darkSocial)} |`,
      );
    }
  }
}
