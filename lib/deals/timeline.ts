/**
 * A deal's stage history as a timeline: each stay in a stage with its days against the stage's
 * expected days (pipeline_stages.expected_days, the days after which a stage change is due, as the
 * stage-update SLA reads them). Pure: the stays in, the rows to draw out.
 */
import type { OpportunityStatus } from "@/lib/domain/pipeline-stages";

/** One stay of a deal in a stage, as the stage history records it. */
export interface StageStay {
  id: number;
  stage: string;
  position: number;
  /** A won or lost stage: where the deal ended, not a stage it stays in. */
  closes: boolean;
  /** Days a deal may stay before a stage change is due; null when no change is ever due. */
  expectedDays: number | null;
  enteredAt: Date;
  exitedAt: Date | null;
  /** Fractional days in the stage (until it was left, the deal closed, or now); null for the closing stage. */
  days: number | null;
}

export interface TimelineRow extends StageStay {
  /** The stage the open deal is in now. */
  current: boolean;
  /** Stayed (or has stayed so far) longer than the stage's expected days. */
  overdue: boolean;
  /** Days past the expected days, when overdue. */
  overBy: number | null;
  /** The bar's length and the expected days' mark, as shares of the longest bar on the timeline (0–1). */
  bar: number;
  expectedMark: number | null;
}

export interface Timeline {
  rows: TimelineRow[];
  /** The days of every stay summed (the closing stage has none); null without stays. */
  totalDays: number | null;
  overdueStages: number;
}

export function stageTimeline(stays: readonly StageStay[], status: OpportunityStatus): Timeline {
  // The stay the deal is in now: the latest not yet left, on an open deal.
  const lastOpen = status === "open" ? stays.findLastIndex((s) => s.exitedAt === null && !s.closes) : -1;
  const scale = Math.max(0, ...stays.map((s) => Math.max(s.days ?? 0, s.closes ? 0 : (s.expectedDays ?? 0))));
  const share = (days: number) => (scale > 0 ? days / scale : 0);
  const rows = stays.map((s, i): TimelineRow => {
    const overdue = s.days !== null && s.expectedDays !== null && s.days > s.expectedDays;
    return {
      ...s,
      current: i === lastOpen,
      overdue,
      overBy: overdue ? s.days! - s.expectedDays! : null,
      bar: share(s.days ?? 0),
      expectedMark: s.closes || s.expectedDays === null ? null : share(s.expectedDays),
    };
  });
  const counted = stays.filter((s) => s.days !== null);
  const totalDays = counted.length === 0 ? null : counted.reduce((sum, s) => sum + s.days!, 0);
  return { rows, totalDays, overdueStages: rows.filter((r) => r.overdue).length };
}
