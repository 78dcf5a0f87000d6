/**
 * The lead router, before and after (the playbook's "prove it" rule): high-intent signals received in
 * a baseline window before the router was switched on, against the same number of days from then on.
 * Pure: the SQL counts each window, these functions pick the windows and compare them.
 */
import { beforeAfterWindows, difference } from "./before-after";
import { defined, undefinedBecause, type Figure } from "./figure";

/** What the SQL hands over for one window. */
export interface ResponseAggregates {
  /** High-intent signals received in the window. */
  signals: number;
  /** …of which answered at all. */
  responded: number;
  /** …answered within 5 minutes of being received. */
  within5Minutes: number;
  /** …followed by a meeting with the account within the meeting window. */
  withMeeting: number;
  /** Median received → first response, over the answered ones; null when none was. */
  medianResponseSeconds: number | null;
}

export interface ResponseFigures {
  signals: number;
  responded: number;
  /** Median signal → response time, minutes. */
  medianResponseMinutes: Figure;
  /** Share of the window's high-intent signals answered within 5 minutes. */
  within5MinutesShare: Figure;
  /** Share followed by a meeting with the account within the meeting window. */
  meetingRate: Figure;
}

export type { BeforeAfterWindows as RouterWindows } from "./before-after";
export { MAX_WINDOW_DAYS, difference } from "./before-after";

/** The router's windows: after from the day it started routing, before the same number of days up to it. */
export const routerWindows = (routingSince: string, today: string) => beforeAfterWindows(routingSince, today, "The router");

export function responseFigures(a: ResponseAggregates): ResponseFigures {
  const none = "no high-intent signals in this window";
  return {
    signals: a.signals,
    responded: a.responded,
    medianResponseMinutes:
      a.medianResponseSeconds === null || a.responded === 0 ? undefinedBecause("no high-intent signal was answered in this window") : defined(a.medianResponseSeconds / 60),
    within5MinutesShare: a.signals > 0 ? defined(a.within5Minutes / a.signals) : undefinedBecause(none),
    meetingRate: a.signals > 0 ? defined(a.withMeeting / a.signals) : undefinedBecause(none),
  };
}

export interface RouterImpact {
  before: ResponseFigures;
  after: ResponseFigures;
  /** Minutes; lower is better. */
  medianResponseChange: Figure;
  /** Percentage points as a share difference (0.1 = +10 pts); higher is better. */
  within5MinutesChange: Figure;
  meetingRateChange: Figure;
  signalsChange: number;
}

export function routerImpact(before: ResponseAggregates, after: ResponseAggregates): RouterImpact {
  const b = responseFigures(before);
  const a = responseFigures(after);
  return {
    before: b,
    after: a,
    medianResponseChange: difference(a.medianResponseMinutes, b.medianResponseMinutes),
    within5MinutesChange: difference(a.within5MinutesShare, b.within5MinutesShare),
    meetingRateChange: difference(a.meetingRate, b.meetingRate),
    signalsChange: a.signals - b.signals,
  };
}
