import { describe, expect, it } from "vitest";
import { checkPauseDays, checkPlaySteps, checkTouchCap, defaultCampaignPlays, type PlayStep } from "@/lib/domain/campaign-plays";
import { decideStep, scheduledOn, type EnrolmentFacts, type OrchestratorRules } from "./campaign-orchestrator";

const steps = defaultCampaignPlays.tiers.tier_1.steps; // days 0 brief, 7 e-mail champion, 14 ads, 21 asset EB, 28 demo TE, 35 reference, 49 executive
const rules: OrchestratorRules = { touchCap: 2, pauseDays: 14, activeUsers: new Set([5, 9]) };
const champion = { id: 11, name: "Cara Champion", role: "champion" as const, engaged: true, touchesThisWeek: 0 };
const base: EnrolmentFacts = { id: 1, tier: "tier_1", enrolledOn: "2026-06-01", ownerId: 5, tasked: 0, lastDueOn: null, lastMeetingOn: null, lastHighIntentOn: null, contacts: [champion] };

describe("the Campaign Orchestrator's rule", () => {
  it("tasks the first step on the enrolment day, to the account's owner, for the whole group", () => {
    expect(decideStep(base, steps, rules, "2026-06-01")).toEqual({ kind: "task", step: 0, dueOn: "2026-06-01", contactId: null, ownerId: 5, reason: "Day 0 of the Tier 1 play.", pulledIn: false });
  });

  it("waits for a step's day, then tasks it to the role's contact", () => {
    const after = { ...base, tasked: 1, lastDueOn: "2026-06-01" };
    expect(decideStep(after, steps, rules, "2026-06-07")).toEqual({ kind: "wait", until: "2026-06-08", reason: "Step 2 is due on 2026-06-08." });
    expect(decideStep(after, steps, rules, "2026-06-08")).toMatchObject({ kind: "task", step: 1, contactId: 11, ownerId: 5, reason: "Day 7 of the Tier 1 play." });
  });

  it("keeps the play's spacing after a late step: the next is due 7 days after the last one, not 14 after enrolment", () => {
    expect(scheduledOn(steps, 2, "2026-06-01", "2026-06-20")).toBe("2026-06-27");
    expect(decideStep({ ...base, tasked: 2, lastDueOn: "2026-06-20" }, steps, rules, "2026-06-26")).toMatchObject({ kind: "wait", until: "2026-06-27" });
  });

  it("pauses for the pause days after a meeting booked since enrolment, and resumes by itself", () => {
    const met = { ...base, tasked: 1, lastDueOn: "2026-06-01", lastMeetingOn: "2026-06-05" };
    expect(decideStep(met, steps, rules, "2026-06-08")).toEqual({ kind: "pause", until: "2026-06-19", reason: "A meeting was booked on 2026-06-05: the play pauses until 2026-06-19 so the rep leads." });
    expect(decideStep(met, steps, rules, "2026-06-18").kind).toBe("pause");
    expect(decideStep(met, steps, rules, "2026-06-19")).toMatchObject({ kind: "task", step: 1 });
    // A meeting before the enrolment does not pause it.
    expect(decideStep({ ...met, lastMeetingOn: "2026-05-31" }, steps, rules, "2026-06-08")).toMatchObject({ kind: "task" });
  });

  it("pulls the next step in on a high-intent signal since the last step, not on an older one, and no sooner than 3 days after the step before", async () => {
    const after = { ...base, tasked: 1, lastDueOn: "2026-06-01" };
    expect(decideStep({ ...after, lastHighIntentOn: "2026-06-03" }, steps, rules, "2026-06-03")).toEqual({
      kind: "wait",
      until: "2026-06-04",
      reason: "Step 2 is pulled in to 2026-06-04 by a high-intent signal on 2026-06-03 (3 days after the step before at the soonest).",
    });
    expect(decideStep({ ...after, lastHighIntentOn: "2026-06-03" }, steps, rules, "2026-06-05")).toEqual({
      kind: "task",
      step: 1,
      dueOn: "2026-06-05",
      contactId: 11,
      ownerId: 5,
      reason: "Pulled in from 2026-06-08: a high-intent signal on 2026-06-03 (after 2026-06-01).",
      pulledIn: true,
    });
    expect(decideStep({ ...after, lastHighIntentOn: "2026-06-01" }, steps, rules, "2026-06-05").kind).toBe("wait");
    // Before any step, a signal on the enrolment day counts.
    expect(decideStep({ ...base, lastHighIntentOn: "2026-06-01" }, [{ ...steps[0]!, day: 5 }], rules, "2026-06-04")).toMatchObject({ kind: "task", pulledIn: true });
  });

  it("skips a contact at the weekly cap for another in the role, and waits when all are at it", () => {
    const capped = { ...champion, touchesThisWeek: 2 };
    const other = { id: 12, name: "Chris Champion", role: "champion" as const, engaged: false, touchesThisWeek: 1 };
    const after = { ...base, tasked: 1, lastDueOn: "2026-06-01" };
    expect(decideStep({ ...after, contacts: [capped, other] }, steps, rules, "2026-06-08")).toMatchObject({ kind: "task", contactId: 12 });
    expect(decideStep({ ...after, contacts: [capped] }, steps, rules, "2026-06-08")).toEqual({ kind: "wait", until: "2026-06-09", reason: "Step 2 waits: every Champion had 2 or more touches this week (the cap)." });
    // One under the cap still takes it: the cap is "at most".
    expect(decideStep({ ...after, contacts: [{ ...champion, touchesThisWeek: 1 }] }, steps, rules, "2026-06-08")).toMatchObject({ kind: "task", contactId: 11 });
    // Ads reach no one person: no cap.
    expect(decideStep({ ...base, tasked: 2, lastDueOn: "2026-06-08", contacts: [capped] }, steps, rules, "2026-06-15")).toMatchObject({ kind: "task", step: 2, contactId: null, ownerId: null });
  });

  it("says to find the role when nobody holds it, and waits when the owner is missing", () => {
    const after = { ...base, tasked: 3, lastDueOn: "2026-06-15" };
    expect(decideStep(after, steps, rules, "2026-06-22")).toMatchObject({ kind: "task", contactId: null, reason: "Day 21 of the Tier 1 play. No Economic Buyer on the map yet: find one first." });
    expect(decideStep({ ...after, ownerId: null }, steps, rules, "2026-06-22")).toMatchObject({ kind: "wait", reason: "Step 4 is the account owner's, and the account has no active owner." });
    const userStep: PlayStep[] = [{ day: 0, channel: "webinar", audience: "buying_group", owner: "user:7", action: "Invite" }];
    expect(decideStep(base, userStep, rules, "2026-06-01")).toMatchObject({ kind: "wait", reason: "Step 1's owner is no longer an active user: pick another on the play." });
    expect(decideStep(base, [{ ...userStep[0]!, owner: "user:9" }], rules, "2026-06-01")).toMatchObject({ kind: "task", ownerId: 9 });
  });

  it("completes once every step is tasked", () => {
    expect(decideStep({ ...base, tasked: steps.length, lastDueOn: "2026-07-20" }, steps, rules, "2026-08-01")).toEqual({ kind: "complete", reason: "Every step of the Tier 1 play is tasked." });
  });
});

describe("a play as marketing saves it", () => {
  const ok = { day: 0, channel: "email", audience: "champion", owner: "account_owner", action: "Say hello" };
  it("accepts the defaults", () => {
    for (const tier of ["tier_1", "tier_2", "tier_3"] as const) expect(checkPlaySteps(tier, defaultCampaignPlays.tiers[tier].steps)).toEqual({ ok: true });
  });
  it("refuses a step with no owner, naming the step and field", () => {
    expect(checkPlaySteps("tier_1", [ok, { ...ok, day: 7, owner: "" }])).toEqual({ ok: false, field: "owner-1", error: "Tier 1, step 2 has no owner: pick who does it (the account's owner, a user or the webhook)." });
  });
  it("refuses a day out of range, out of order or not whole, an unknown channel, a blank or NUL action", () => {
    expect(checkPlaySteps("tier_2", [{ ...ok, day: 400 }])).toMatchObject({ ok: false, field: "day-0" });
    expect(checkPlaySteps("tier_2", [{ ...ok, day: 7 }, { ...ok, day: 3 }])).toEqual({ ok: false, field: "day-1", error: "Tier 2, step 2: day 3 comes before the step above it (day 7)." });
    expect(checkPlaySteps("tier_2", [{ ...ok, day: 1.5 }])).toMatchObject({ ok: false, field: "day-0" });
    expect(checkPlaySteps("tier_2", [{ ...ok, channel: "fax" }])).toMatchObject({ ok: false, field: "channel-0" });
    expect(checkPlaySteps("tier_2", [{ ...ok, action: "  " }])).toMatchObject({ ok: false, field: "action-0" });
    expect(checkPlaySteps("tier_2", [{ ...ok, action: "a\u0000b" }])).toMatchObject({ ok: false, field: "action-0" });
    expect(checkPlaySteps("tier_2", [{ ...ok, owner: "user:0" }])).toMatchObject({ ok: false, field: "owner-0" });
  });
  it("refuses a touch cap of 0, and one that is not a whole number", () => {
    expect(checkTouchCap(0)).toEqual({ ok: false, field: "touchCap", error: "Touch cap: a whole number of touches per contact per week, from 1 to 14." });
    expect(checkTouchCap("2.5")).toMatchObject({ ok: false });
    expect(checkTouchCap("3")).toEqual({ ok: true });
    expect(checkPauseDays("x")).toEqual({ ok: false, field: "pauseDays", error: "Pause after a meeting: a whole number of days from 0 to 90." });
    expect(checkPauseDays(" 0 ")).toEqual({ ok: true });
    expect(checkPauseDays(91)).toMatchObject({ ok: false });
  });
});
