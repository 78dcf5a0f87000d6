/**
 * The dark-social view for one period (METRICS.md §4): what the answered leads said against what
 * click tracking saw first, channel by channel, and the capture rate of demo requests by month
 * against the 80 % target. Read by the page, the API and the report.
 */
import "server-only";
import type { Database } from "@/db/index";
import { captureCounts, darkSocialCounts, monthlyCapture } from "@/db/queries/dark-social";
import { getSetting } from "@/db/queries/settings";
import { channelInfo } from "@/lib/domain/channels";
import { CAPTURE_RATE_TARGET, captureRate, darkSocialRows, type DarkSocialRow, type FirstTouchChannel } from "@/lib/metrics/dark-social";
import type { PeriodRequest } from "@/lib/velocity/request";

/** Months of capture rate shown, ending with the period's last month. */
export const CAPTURE_MONTHS = 12;

export const firstTouchLabel = (channel: FirstTouchChannel) => (channel === "untracked" ? "No tracked touch" : channelInfo[channel].label);

export interface CaptureFigure {
  demoRequests: number;
  answered: number;
  /** null with no demo requests. */
  rate: number | null;
}

export interface DarkSocialView {
  request: PeriodRequest;
  timeZone: string;
  /** Leads created in the period with an answer. */
  leads: number;
  rows: (DarkSocialRow & { label: string })[];
  capture: CaptureFigure & { target: number };
  months: (CaptureFigure & { month: string })[];
}

export async function buildDarkSocial(db: Database, request: PeriodRequest): Promise<DarkSocialView> {
  const { timeZone } = await getSetting(db, "organisation");
  const period = { ...request.period, timeZone };
  const [counts, capture, months] = await Promise.all([
    darkSocialCounts(db, period),
    captureCounts(db, period),
    monthlyCapture(db, { last: request.period.to, months: CAPTURE_MONTHS, timeZone }),
  ]);
  return {
    request,
    timeZone,
    leads: counts.leads,
    rows: darkSocialRows(counts).map((row) => ({ ...row, label: firstTouchLabel(row.channel) })),
    capture: { ...capture, rate: captureRate(capture.answered, capture.demoRequests), target: CAPTURE_RATE_TARGET },
    months: months.map((m) => ({ ...m, rate: captureRate(m.answered, m.demoRequests) })),
  };
}

/** The view as the API answers it: shares as fractions, the delta in fraction points. */
export function darkSocialJson(view: DarkSocialView) {
  return {
    leads: view.leads,
    capture: view.capture,
    channels: view.rows.map((r) => ({ channel: r.channel, label: r.label, selfReported: r.selfReported, firstTouch: r.firstTouch, selfReportedShare: r.selfReportedShare, firstTouchShare: r.firstTouchShare, delta: r.delta })),
    months: view.months,
  };
}
