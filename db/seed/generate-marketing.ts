/**
 * Daily website visitors and the case-study library. Neither scales in rows: one traffic row per
 * day of the window, and the dozen case studies marketing has written.
 */
import { DAY, HOUR, WINDOW_DAYS, isoDay, weekdayFactor } from "./calendar";
import type { SeedContext } from "./context";
import type { DemoData } from "./types";
import { sizeBandOfSegment } from "@/lib/win-loss/proof-matching";

/** Weekday visitors at the start of the window; traffic grows about 40 % over it. */
const BASE_VISITORS = 3_000;

export function generateWebTraffic(ctx: SeedContext): DemoData["webTraffic"] {
  const rng = ctx.rng.fork("web-traffic");
  const rows: DemoData["webTraffic"] = [];
  for (let d = 0; d < WINDOW_DAYS; d++) {
    const day = ctx.clock.start + d * DAY;
    const growth = 1 + 0.4 * (d / WINDOW_DAYS);
    // A launch, a viral post or a big webinar now and then.
    const spike = rng.chance(0.02) ? rng.float(1.4, 2.2) : 1;
    const noise = Math.max(0.7, rng.normal(1, 0.07));
    const visitors = BASE_VISITORS * growth * weekdayFactor(day) * spike * noise * ctx.scale;
    rows.push({ day: isoDay(day), visitors: Math.max(1, Math.round(visitors)) });
  }
  return rows;
}

const library = [
  ["Northwind Health", "Healthcare", "Mid-Market", "Pipeline forecasting", "Forecastly", "Security review takes too long"],
  ["Ironbridge Software", "Software", "Enterprise", "Multi-touch attribution", "In-house build", "We can build this ourselves"],
  ["Bluepeak Pay", "Fintech", "Mid-Market", "Lead routing", "PipeIQ", "Our reps won't adopt another tool"],
  ["Cedarline Logistics", "Logistics", "SMB", "Revenue analytics", "Spreadsheets (status quo)", "Too expensive for our size"],
  ["Quartzgate Security", "Cybersecurity", "Enterprise", "ABM orchestration", "RevSight", "Data residency and SOC 2"],
  ["Summitflow Commerce", "E-commerce", "Mid-Market", "Buying-group mapping", "FunnelForge", "We already have a CRM dashboard"],
  ["Atlasworks Manufacturing", "Manufacturing", "Enterprise", "Pipeline forecasting", "Spreadsheets (status quo)", "Long sales cycles don't fit the model"],
  ["Lumenleaf Learning", "Education", "SMB", "Lead routing", "Forecastly", "No RevOps team to run it"],
  ["Harborstack Labs", "Software", "SMB", "Multi-touch attribution", "PipeIQ", "Attribution is never accurate anyway"],
  ["Echopoint Media", "Media", "Mid-Market", "Revenue analytics", "RevSight", "Integration with our data warehouse"],
  ["Swiftridge Partners", "Professional Services", "Mid-Market", "ABM orchestration", "In-house build", "Migration risk from the old system"],
  ["Novabase Capital", "Fintech", "Enterprise", "Buying-group mapping", "FunnelForge", "Procurement needs three references"],
] as const;

export function generateCaseStudies(ctx: SeedContext): DemoData["caseStudies"] {
  return library.map(([customerName, industry, segment, useCase, competitor, objection], index) => {
    const slug = customerName.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    const switched = competitor.startsWith("Spreadsheets") || competitor === "In-house build"
      ? `moved off ${competitor === "In-house build" ? "an in-house build" : "spreadsheets"}`
      : `switched from ${competitor}`;
    return {
      id: index + 1,
      title: `How ${customerName} ${switched} for ${useCase.toLowerCase()}`,
      customerName,
      industry,
      segment,
      useCase,
      competitor,
      objection,
      summary: `${customerName}, a ${segment.toLowerCase()} ${industry.toLowerCase()} company, ${switched} and rolled out ${useCase.toLowerCase()} across its revenue team. The objection they started with: "${objection}".`,
      url: `https://example.com/customers/${slug}`,
      sizeBand: sizeBandOfSegment(segment),
      // Discovery, Solution Demo, Proposal, Negotiation in turn: the stage each story is told at.
      stageId: (index % 4) + 1,
      // Written over the window, roughly one a month.
      createdAt: new Date(ctx.clock.start + (20 + index * 36) * DAY + 10 * HOUR),
    };
  });
}
