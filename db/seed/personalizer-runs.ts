/**
 * After the demo load: the Content Personalizer, switched on PERSONALIZER_DAYS before the as-of day
 * (after the other automations) by marketing, with the demo company's content library. Its own pick
 * runs on each routed high-intent signal since then, in the order they arrived, so what it logs and
 * stores is what the app itself writes.
 *
 * Planted effect: reps sent the picked asset with most of the answers that went on to a reply or a
 * meeting and with few of the others (by signal id, so the same every load). The measure on
 * /automations/content-personalizer shows the signals answered with the asset replying and meeting
 * more often than those answered without it, beyond noise (asserted in ./planted.test.ts).
 */
import { and, eq, sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import { repliedWithin } from "@/db/queries/asset-picks";
import { metWithin } from "@/db/queries/router-impact";
import { importAssets } from "@/db/queries/content-assets";
import { getSetting, putSetting } from "@/db/queries/settings";
import { assetPicks, users } from "@/db/schema";
import { assetInput, type AssetInput } from "@/lib/automations/content-assets";
import { pickOnSignal } from "@/lib/automations/content-personalizer-run";
import { isoDay } from "./calendar";

export const PERSONALIZER_DAYS = 56;
/** Of the answered signals with a pick, the share sent with the asset: those with a good outcome, and the rest. */
const SENT_IF_ANSWERED_WELL = 80;
const SENT_OTHERWISE = 30;

const DAY = 86_400_000;

/** The demo company's content library: its own assets for each role, stage, industry and rival. */
export const demoContentLibrary: readonly Record<string, string>[] = [
  { title: "Pipeline ROI calculator", format: "roi_calculator", url: "https://content.example.com/roi-calculator", roles: "economic_buyer", stages: "consideration; decision", signalTypes: "pricing_page_depth, trial_signup" },
  { title: "CFO's guide to revenue forecasting", format: "guide", url: "https://content.example.com/cfo-guide", roles: "economic_buyer", stages: "awareness; consideration" },
  { title: "Security and compliance whitepaper", format: "whitepaper", url: "https://content.example.com/security", roles: "technical_evaluator; blocker_influencer", signalTypes: "review_site_research" },
  { title: "Architecture and integrations overview", format: "one_pager", url: "https://content.example.com/architecture", roles: "technical_evaluator", stages: "consideration; decision", signalTypes: "demo_request, trial_signup" },
  { title: "Five-minute product tour", format: "demo_video", url: "https://content.example.com/tour", roles: "end_user; champion", signalTypes: "demo_request, trial_signup" },
  { title: "Champion's business case template", format: "guide", url: "https://content.example.com/business-case", roles: "champion", stages: "consideration; decision", signalTypes: "pricing_page_depth, multiple_stakeholders" },
  { title: "How Northwind cut forecast error in half", format: "case_study", url: "https://content.example.com/northwind", roles: "", stages: "consideration; decision", industries: "Software", signalTypes: "pricing_page_depth, demo_request" },
  { title: "Fintech revenue operations benchmark", format: "whitepaper", url: "https://content.example.com/fintech-benchmark", roles: "economic_buyer; champion", industries: "Fintech", signalTypes: "return_after_dormancy" },
  { title: "Healthcare pipeline playbook", format: "guide", url: "https://content.example.com/healthcare", roles: "", stages: "awareness; consideration", industries: "Healthcare", signalTypes: "return_after_dormancy, multiple_stakeholders" },
  { title: "Us against PipeIQ", format: "one_pager", url: "https://content.example.com/vs-pipeiq", roles: "", competitor: "PipeIQ", signalTypes: "competitor_comparison" },
  { title: "Why teams leave Forecastly", format: "blog_post", url: "https://content.example.com/vs-forecastly", roles: "", competitor: "Forecastly", signalTypes: "competitor_comparison" },
  { title: "Buyer's guide to pipeline tools", format: "guide", url: "https://content.example.com/buyers-guide", roles: "", stages: "awareness; consideration", signalTypes: "competitor_comparison, review_site_research, multiple_stakeholders" },
  { title: "Rollout plan for sales teams", format: "webinar", url: "https://content.example.com/rollout", roles: "end_user; technical_evaluator", stages: "decision", signalTypes: "trial_signup" },
];

export async function runDemoPersonalizer(db: Database, asOf: Date): Promise<number> {
  const [marketer] = await db.select({ id: users.id }).from(users).where(and(eq(users.role, "marketing"), eq(users.active, true))).limit(1);
  if (!marketer) return 0;
  const since = isoDay(asOf.getTime() - PERSONALIZER_DAYS * DAY);
  const library: AssetInput[] = demoContentLibrary.map((row) => assetInput.parse(row));
  const imported = await importAssets(db, library, marketer.id);
  if (!imported.ok) throw new Error(`The demo library does not import: ${JSON.stringify(imported.errors)}`);
  await putSetting(db, "automations", { ...(await getSetting(db, "automations")), content_personalizer: { enabled: true, since, offSince: null } }, marketer.id);

  const { meetingWindowDays } = await getSetting(db, "signals");
  // Each routed high-intent signal since the switch-on day, with whether its answer went on to a reply or a meeting.
  const routed = await queryRows<{ id: number; routedTo: number; receivedAt: Date; firstResponseAt: Date | null; respondedBy: number | null; answeredWell: boolean }>(
    db,
    sql`select s.id, s.routed_to as "routedTo", s.received_at as "receivedAt", s.first_response_at as "firstResponseAt", s.responded_by as "respondedBy",
          (s.first_response_at is not null and (${metWithin(meetingWindowDays)} or ${repliedWithin(meetingWindowDays)})) as "answeredWell"
        from signals s
        where s.tier = 'high' and s.routed_to is not null and s.received_at >= ${`${since}T00:00:00Z`}::timestamptz and s.received_at <= ${asOf.toISOString()}::timestamptz
        order by s.received_at, s.id`,
  );
  let picked = 0;
  for (const s of routed) {
    const at = new Date(s.receivedAt);
    if ((await pickOnSignal(db, { id: s.id, tier: "high", routedTo: s.routedTo }, at)) !== "picked") continue;
    picked++;
    if (s.firstResponseAt === null) continue;
    const share = s.answeredWell ? SENT_IF_ANSWERED_WELL : SENT_OTHERWISE;
    if ((s.id * 53) % 100 < share) await db.update(assetPicks).set({ sentAt: new Date(s.firstResponseAt), sentBy: s.respondedBy ?? s.routedTo }).where(eq(assetPicks.signalId, s.id));
  }
  return picked;
}
