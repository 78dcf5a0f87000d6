import { describe, expect, it } from "vitest";
import { effectiveChoices, eventInfo, eventsFor, nextAttemptAt, notificationEvents, slaWarningAt } from "./notifications";

describe("notification rules", () => {
  const t0 = new Date("2026-12-01T09:00:00Z");

  it("warns of a deadline with a quarter of the time left, never more than an hour before", () => {
    // 5-minute SLA: 75 s before.
    expect(slaWarningAt(t0, new Date(t0.getTime() + 5 * 60_000)).toISOString()).toBe("2026-12-01T09:03:45.000Z");
    // 1 business day over a weekend (72 h): an hour before, not 18 h.
    expect(slaWarningAt(t0, new Date(t0.getTime() + 72 * 3_600_000)).toISOString()).toBe("2026-12-04T08:00:00.000Z");
    // 4 hours: exactly an hour either way.
    expect(slaWarningAt(t0, new Date(t0.getTime() + 4 * 3_600_000)).toISOString()).toBe("2026-12-01T12:00:00.000Z");
  });

  it("retries a failed delivery after 1, 5, 15 and 60 minutes, then gives up", () => {
    const failed = new Date("2026-12-01T10:00:00Z");
    expect([1, 2, 3, 4].map((n) => nextAttemptAt(n, failed)!.toISOString())).toEqual([
      "2026-12-01T10:01:00.000Z",
      "2026-12-01T10:05:00.000Z",
      "2026-12-01T10:15:00.000Z",
      "2026-12-01T11:00:00.000Z",
    ]);
    expect(nextAttemptAt(5, failed)).toBeNull();
  });

  it("offers each role only its events, with the defaults until the user chooses", () => {
    expect(eventsFor("executive")).toEqual(["weekly_review"]);
    expect(eventsFor("sales")).toEqual(["handoff", "sla_warning", "sla_breached", "role_dark", "tier1_stakeholder", "competitor_alert", "roles_proposed", "campaign_task"]);
    expect(eventsFor("admin")).toEqual([...notificationEvents]);
    expect(eventsFor("marketing")).toEqual(["tier1_stakeholder", "campaign_task"]);
    const choices = effectiveChoices("sales", new Map([["handoff", { in_app: false, email: false }], ["weekly_review", { in_app: true, email: true }]]));
    expect(choices.get("handoff")).toEqual({ in_app: false, email: false });
    expect(choices.get("sla_breached")).toEqual(eventInfo.sla_breached.defaults);
    expect(choices.has("weekly_review")).toBe(false);
  });
});
