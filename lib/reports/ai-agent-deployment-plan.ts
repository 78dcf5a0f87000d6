/**
 * ai-agent-deployment-plan.md: the playbook's automations in their deployment order, what each does,
 * its impact and effort, whether it is on and since when, its baseline and measured effect (the
 * before and after of docs/metrics.md §12), and the next to switch on. Built from the same
 * DeploymentPlan /automations shows.
 */
import type { AutomationEffect, DeploymentPlan, PlanEntry } from "@/lib/automations/deployment-plan";
import { formatCount, formatDecimal, formatPercent, formatPeriod } from "@/lib/format";
import type { Rate } from "@/lib/metrics/abm";
import { MAX_WINDOW_DAYS } from "@/lib/metrics/before-after";
import type { Figure } from "@/lib/metrics/figure";
import type { ProportionDifference } from "@/lib/metrics/statistics";
import { literal, section, table } from "./markdown";

export const DEPLOYMENT_PLAN_FILE_NAME = "ai-agent-deployment-plan.md";

/** A change of a share in percentage points: "+14.3 pts", "−2.1 pts". */
export const pointsText = (d: number) => `${d > 0 ? "+" : d < 0 ? "−" : "±"}${formatDecimal(Math.abs(d) * 100, 1)} pts`;

/** "46.4% (34%–59%, n = 56)"; "— (none)" without any. */
export function rateText(r: Rate): string {
  if (r.rate === null) return "— (none)";
  const interval = r.interval ? `${formatPercent(r.interval.low, {}, 0)}–${formatPercent(r.interval.high, {}, 0)}, ` : "";
  return `${formatPercent(r.rate)} (${interval}n = ${formatCount(r.n)})`;
}

/** "+27.4 pts (+11.6 pts to +42.0 pts, more than noise)". */
export function changeText(c: ProportionDifference | null): string {
  if (!c) return "— (a window has no case)";
  return `${pointsText(c.difference)} (${pointsText(c.interval.low)} to ${pointsText(c.interval.high)}, ${c.beyondNoise ? "more than noise" : "within noise"})`;
}

const figureText = (f: Figure, as: (v: number) => string) => (f.value === null ? `— (${f.reason})` : as(f.value));
const share = (v: number) => formatPercent(v);

/** The effect in one sentence, for the priority table and the automations page. */
export function effectSummary(entry: Pick<PlanEntry, "state" | "windows" | "effect">): string {
  if (!entry.state.built) return "Not available yet.";
  if (!entry.state.since) return entry.state.enabled ? "On, with no switch-on day set: no baseline to compare with yet." : "Never switched on: no baseline measured yet.";
  if (entry.windows && !entry.windows.ok) return entry.windows.reason;
  const effect = entry.effect;
  if (!effect) return "Not measured yet.";
  if (effect.kind === "router") {
    const { before, after } = effect.impact;
    return `Answered within 5 minutes ${figureText(before.within5MinutesShare, share)} → ${figureText(after.within5MinutesShare, share)}; signal→meeting ${figureText(before.meetingRate, share)} → ${figureText(after.meetingRate, share)}.`;
  }
  if (effect.kind === "mapper") {
    const { before, after, rolesChange, identifiedChange } = effect.impact;
    return `People on closed deals' maps with a role ${rateText(before.identified)} → ${rateText(after.identified)}: ${changeText(identifiedChange)}; roles engaged per closed deal ${rolesText(before.rolesPerDeal)} → ${rolesText(after.rolesPerDeal)}${rolesChange ? ` (${rolesChange.beyondNoise ? "more than noise" : "within noise"})` : ""}; multi-threaded ${rateText(before.multiThreaded)} → ${rateText(after.multiThreaded)}.`;
  }
  if (effect.kind === "analyzer") {
    const { before, after, winRateChange, reasonsChange } = effect.impact;
    return `Win rate ${rateText(before.winRate)} → ${rateText(after.winRate)}: ${changeText(winRateChange)}; lost deals with a reason ${rateText(before.reasonsRecorded)} → ${rateText(after.reasonsRecorded)}: ${changeText(reasonsChange)}.`;
  }
  if (effect.kind === "personalizer") {
    const { withAsset, without, replyChange, meetingChange } = effect.impact;
    return `Answered with the picked asset against without: replied ${rateText(withAsset.replyRate)} against ${rateText(without.replyRate)}: ${changeText(replyChange)}; meeting ${rateText(withAsset.meetingRate)} against ${rateText(without.meetingRate)}: ${changeText(meetingChange)}.`;
  }
  if (effect.kind === "orchestrator") {
    const { before, after, notEnrolled, engagementChange, opportunitiesChange, engagementVsNot } = effect.impact;
    return `Enrolled accounts engaged ${rateText(before.engagement)} → ${rateText(after.engagement)}: ${changeText(engagementChange)}; with an opportunity created ${rateText(before.opportunities)} → ${rateText(after.opportunities)}: ${changeText(opportunitiesChange)}; engaged against the accounts never enrolled (${rateText(notEnrolled.engagement)}): ${changeText(engagementVsNot)}.`;
  }
  const { total } = effect.impact;
  return `Win rate against rivals ${rateText(total.before)} → ${rateText(total.after)}: ${changeText(total.change)}.`;
}

const rolesText = (v: number | null) => (v === null ? "— (no deal closed)" : formatDecimal(v, 2));

function effectTable(effect: AutomationEffect): string {
  if (effect.kind === "mapper") {
    const { before, after, rolesChange, multiThreadedChange, identifiedChange } = effect.impact;
    return table(
      ["Measure (deals closed in the window)", "Before", "After", "Change"],
      [
        ["Deals closed", formatCount(before.deals), formatCount(after.deals), ""],
        ["People on the maps with a role", rateText(before.identified), rateText(after.identified), changeText(identifiedChange)],
        [
          "Roles identified and engaged per deal",
          rolesText(before.rolesPerDeal),
          rolesText(after.rolesPerDeal),
          rolesChange ? `${rolesChange.difference >= 0 ? "+" : "−"}${formatDecimal(Math.abs(rolesChange.difference), 2)} (${rolesChange.beyondNoise ? "more than noise" : "within noise"}, Welch's t)` : "—",
        ],
        ["Multi-threaded (3+ engaged)", rateText(before.multiThreaded), rateText(after.multiThreaded), changeText(multiThreadedChange)],
      ],
    );
  }
  if (effect.kind === "analyzer") {
    const { before, after, winRateChange, reasonsChange } = effect.impact;
    return table(
      ["Measure (deals closed in the window)", "Before", "After", "Change"],
      [
        ["Deals closed", formatCount(before.closed), formatCount(after.closed), ""],
        ["Win rate", rateText(before.winRate), rateText(after.winRate), changeText(winRateChange)],
        ["Lost deals with a loss reason", rateText(before.reasonsRecorded), rateText(after.reasonsRecorded), changeText(reasonsChange)],
      ],
    );
  }
  if (effect.kind === "orchestrator") {
    const { before, after, notEnrolled, engagementChange, opportunitiesChange, cycleChange, engagementVsNot, opportunitiesVsNot, cycleVsNot } = effect.impact;
    const days = (v: number | null) => (v === null ? "— (no deal won)" : `${formatDecimal(v, 1)} days`);
    const daysChange = (c: typeof cycleChange) => (c ? `${c.difference >= 0 ? "+" : "−"}${formatDecimal(Math.abs(c.difference), 1)} days (${c.beyondNoise ? "more than noise" : "within noise"}, Welch's t)` : "—");
    return table(
      ["Measure (the accounts it enrolled)", "Before", "After", "Change", "Never enrolled, after", "Enrolled − never"],
      [
        ["Accounts", formatCount(before.accounts), formatCount(after.accounts), "", formatCount(notEnrolled.accounts), ""],
        ["Engaged (a contact touched or met)", rateText(before.engagement), rateText(after.engagement), changeText(engagementChange), rateText(notEnrolled.engagement), changeText(engagementVsNot)],
        ["With an opportunity created", rateText(before.opportunities), rateText(after.opportunities), changeText(opportunitiesChange), rateText(notEnrolled.opportunities), changeText(opportunitiesVsNot)],
        [
          "Cycle of the deals won",
          `${days(before.cycleDays)} (n = ${formatCount(before.wonDeals)})`,
          `${days(after.cycleDays)} (n = ${formatCount(after.wonDeals)})`,
          daysChange(cycleChange),
          `${days(notEnrolled.cycleDays)} (n = ${formatCount(notEnrolled.wonDeals)})`,
          daysChange(cycleVsNot),
        ],
      ],
    );
  }
  if (effect.kind === "personalizer") {
    const { before, after, withAsset, without, replyChange, meetingChange, meetingBeforeAfter } = effect.impact;
    return table(
      ["Measure (high-intent signals answered)", "Before", "After", "After, with the picked asset", "After, without", "With − without"],
      [
        ["Signals answered", formatCount(before.answered), formatCount(after.answered), formatCount(withAsset.answered), formatCount(without.answered), ""],
        ["Replied (another signal from them)", rateText(before.replyRate), rateText(after.replyRate), rateText(withAsset.replyRate), rateText(without.replyRate), changeText(replyChange)],
        ["Meeting with the account", rateText(before.meetingRate), rateText(after.meetingRate), rateText(withAsset.meetingRate), rateText(without.meetingRate), changeText(meetingChange)],
      ],
    ) + `\n\nEvery answered signal's meeting rate, after − before: ${changeText(meetingBeforeAfter)}.`;
  }
  if (effect.kind === "router") {
    const { before, after } = effect.impact;
    const minutes = (v: number) => `${formatDecimal(v, 1)} min`;
    return table(
      ["Measure", "Before", "After"],
      [
        ["High-intent signals", formatCount(before.signals), formatCount(after.signals)],
        ["Median signal→response", figureText(before.medianResponseMinutes, minutes), figureText(after.medianResponseMinutes, minutes)],
        ["Answered within 5 minutes", figureText(before.within5MinutesShare, share), figureText(after.within5MinutesShare, share)],
        ["Signal→meeting rate", figureText(before.meetingRate, share), figureText(after.meetingRate, share)],
      ],
    );
  }
  const rows = [...effect.impact.rows, effect.impact.total];
  return table(
    ["Rival", "Before", "After", "Change"],
    rows.map((r) => [r.competitor === null ? "**Every rival**" : literal(r.competitor), rateText(r.before), rateText(r.after), changeText(r.change)]),
  );
}

function stateText(e: PlanEntry): string {
  if (!e.state.built) return "Not available yet";
  if (e.state.enabled) return e.state.since ? `On since ${e.state.since}` : "On (no switch-on day set)";
  if (e.state.since) return `Off since ${e.state.offSince ?? "—"} (ran from ${e.state.since})`;
  return "Off";
}

export function deploymentPlanMarkdown(plan: DeploymentPlan): string {
  const next = plan.entries.find((e) => e.key === plan.next) ?? null;
  const parts = [
    "# AI agent deployment plan",
    `Generated ${plan.today} (${plan.timeZone}). The playbook's automations in its order of deployment: switch on one at a time, measure it against its baseline, and add the next once it has shown its effect.`,
    section(
      "Priority sequence",
      table(
        ["Priority", "Automation", "Impact", "Effort", "State", "Measured effect"],
        plan.entries.map((e) => [String(e.info.priority), e.info.label, e.info.impact, e.info.effort, stateText(e), effectSummary(e)]),
        ["right", "left", "left", "left", "left", "left"],
      ),
    ),
    section(
      "Next to switch on",
      next
        ? `**${next.info.label}** (priority ${next.info.priority}): ${next.info.does} Measure its baseline first: ${next.info.measure}`
        : "Every automation the app runs is on. The rest of the sequence waits for the app to run them.",
    ),
    ...plan.entries.map((e) =>
      section(
        `${e.info.priority}. ${e.info.label}`,
        `**What it does.** ${e.info.does}`,
        `**Impact · effort.** ${e.info.impact} · ${e.info.effort}. **State.** ${stateText(e)}.`,
        `**Proves itself on.** ${e.info.measure}`,
        e.windows?.ok
          ? `**Baseline and effect.** Before: ${formatPeriod(e.windows.before.from, e.windows.before.to)}; after: ${formatPeriod(e.windows.after.from, e.windows.after.to)}${e.windows.capped ? ` (both capped at ${MAX_WINDOW_DAYS} days)` : ""}.`
          : `**Baseline and effect.** ${effectSummary(e)}`,
        e.effect ? effectTable(e.effect) : null,
      ),
    ),
    section(
      "How each is measured",
      `Each automation is switched on on a day. Its after window runs from that day to the last day it ran (today, or the day before it was switched off), at most ${MAX_WINDOW_DAYS} days; its before window is the same number of days just before it. Rates carry their 95 % Wilson interval and n; a change carries Newcombe's 95 % interval and is more than noise when that interval leaves out 0. The after window is recent: some of its meetings and deals are still to come.`,
    ),
  ];
  return `${parts.join("\n\n")}\n`;
}
