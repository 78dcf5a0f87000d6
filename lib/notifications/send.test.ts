/**
 * A webhook try reports what went wrong in words an admin can act on, and never throws.
 */
import { describe, expect, it } from "vitest";
import { postWebhook, webhookBody } from "./send";

const event = { id: 7, event: "handoff" as const, title: "Immediate handoff: Oakworks at 97", body: "Demo request.", link: "/signals?account=3", createdAt: new Date("2026-12-06T01:00:00Z") };

describe("a webhook try", () => {
  it("to a port web requests may not use says so instead of fetch's 'bad port'", async () => {
    const outcome = await postWebhook("http://127.0.0.1:25/hook", "s3cret", event, { baseUrl: "https://pa.example.com" });
    expect(outcome.ok).toBe(false);
    expect(outcome.status).toBeNull();
    expect(outcome.error).toMatch(/^The address's port is one web requests may not use/);
  });

  it("carries Slack's text with the absolute link, and the event's fields", () => {
    const body = JSON.parse(webhookBody(event, "https://pa.example.com")) as Record<string, string>;
    expect(body.text).toBe("*Immediate handoff: Oakworks at 97*\nDemo request.\n<https://pa.example.com/signals?account=3|Open in Pipeline Accelerator>");
    expect(body).toMatchObject({ id: 7, event: "handoff", label: "Immediate handoff", url: "https://pa.example.com/signals?account=3", occurredAt: "2026-12-06T01:00:00.000Z" });
  });
});
