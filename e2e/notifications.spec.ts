import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { createApiKey, signIn, signInAs } from "./fixtures";

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local webhook receiver: records every POST and answers 200. */
async function webhookReceiver() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function unreadOnBell(page: Page): Promise<number> {
  const label = (await page.getByTestId("notification-bell").getAttribute("aria-label"))!;
  const match = label.match(/(\d+) unread/);
  return match ? Number(match[1]) : 0;
}

test.describe("notifications", () => {
  test("a rep hears of an immediate handoff on the bell within seconds of the signal's POST; the admin's webhook receives it signed", async ({ page, browser }) => {
    const receiver = await webhookReceiver();
    try {
      await signIn(page, "admin@example.com");
      const origin = new URL(page.url()).origin;

      // A webhook whose address is not http(s) is refused, naming the field; then one to the local receiver.
      await page.goto("/settings/webhooks");
      await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
      await page.getByLabel("Name").fill("Sales channel");
      await page.getByLabel(/^Address/).fill("ftp://hooks.example.com/x");
      await page.getByRole("button", { name: "Create webhook" }).click();
      await expect(page.locator("#webhook-url-error")).toHaveText("A webhook address starts with https:// (or http://) and names a host.");
      await expect(page.getByLabel(/^Address/)).toHaveAttribute("aria-invalid", "true");
      // Nothing typed is lost.
      await expect(page.getByLabel("Name")).toHaveValue("Sales channel");
      await expect(page.getByLabel(/^Address/)).toHaveValue("ftp://hooks.example.com/x");
      await expect(page.getByTestId("webhook-Sales channel")).toHaveCount(0);
      await page.getByLabel(/^Address/).fill(receiver.url);
      await expect(page.getByRole("checkbox", { name: "Immediate handoff" })).toBeChecked();
      await page.getByRole("button", { name: "Create webhook" }).click();
      const secret = (await page.getByTestId("webhook-secret").textContent())!.trim();
      expect(secret.length).toBeGreaterThanOrEqual(32);
      await expect(page.getByTestId("webhook-Sales channel")).toContainText(receiver.url);

      const key = await createApiKey(page, "Handoff source", ["signals:write"]);

      // The rep, on their overview, with an account they own (not the first, which other tests use).
      const repContext = await browser.newContext({ baseURL: origin });
      const rep = await repContext.newPage();
      await signInAs(rep, "rep@example.com");
      await rep.goto("/accounts");
      const repId = Number(await rep.getByLabel("Owner").locator("option", { hasText: /^Riley Rep$/ }).getAttribute("value"));
      await rep.goto(`/accounts?owner=${repId}#accounts`);
      const account = rep.locator('#accounts a[href^="/accounts/"]').nth(2);
      const accountName = (await account.textContent())!.trim();
      const accountId = Number((await account.getAttribute("href"))!.match(/^\/accounts\/(\d+)/)![1]);
      await rep.goto("/overview");
      await expect(rep.getByTestId("notification-bell")).toBeVisible();
      // The bell has asked once (its label is set from the answer).
      await rep.waitForResponse((r) => r.url().endsWith("/api/notifications") && r.ok());
      const before = await unreadOnBell(rep);

      // Hand-raises on the account until one takes it into the immediate handoff band.
      let posted = 0;
      for (let n = 1; n <= 12 && posted === 0; n++) {
        const response = await page.request.post("/api/v1/signals", {
          headers: { authorization: `Bearer ${key}` },
          data: { type: n % 2 ? "demo_request" : "pricing_page_depth", occurred_at: new Date().toISOString(), account: { id: accountId }, idempotency_key: `e2e-handoff-${Date.now()}-${n}` },
        });
        expect(response.status()).toBe(201);
        const body = await response.json();
        if (body.track === "immediate_handoff") {
          expect(body.routedTo).toBe(repId);
          posted = Date.now();
        }
      }
      expect(posted, "a signal took the account to 80+").toBeGreaterThan(0);

      // The bell counts it without a reload, within seconds. The app's hourly jobs (the mapper's
      // proposals, the orchestrator's steps) may tell the rep of something else meanwhile: at least one more.
      await expect.poll(() => unreadOnBell(rep), { timeout: 12_000, intervals: [250] }).toBeGreaterThanOrEqual(before + 1);
      const seconds = (Date.now() - posted) / 1000;
      expect(seconds).toBeLessThan(12);
      test.info().annotations.push({ type: "bell", description: `the handoff showed on the bell ${seconds.toFixed(1)} s after its POST` });
      const unread = await unreadOnBell(rep);
      await expect(rep.getByTestId("notification-count")).toHaveText(String(unread));

      // The inbox has it, unread; opening it goes to the account's signals and marks it read.
      await rep.getByTestId("notification-bell").click();
      await expect(rep).toHaveURL(/\/inbox$/);
      const item = rep.getByTestId("inbox-item").filter({ hasText: `Immediate handoff: ${accountName}` }).first();
      await expect(item).toHaveAttribute("data-unread", "true");
      await expect(item).toContainText("respond by");
      await item.getByRole("button", { name: /^Open:/ }).click();
      await expect(rep).toHaveURL(new RegExp(`/signals\\?account=${accountId}$`));
      await rep.goto("/inbox");
      await expect(rep.getByTestId("inbox-item").filter({ hasText: `Immediate handoff: ${accountName}` }).first()).toHaveAttribute("data-unread", "false");
      // Opening it marks it read: one fewer unread than after it arrived.
      await expect.poll(() => unreadOnBell(rep)).toBeLessThan(unread);

      // The webhook has received the handoff, signed with the secret shown once.
      await expect.poll(() => receiver.received.filter((r) => r.body.includes(accountName)).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
      const hook = receiver.received.find((r) => r.body.includes(accountName))!;
      const timestamp = String(hook.headers["x-pipeline-timestamp"]);
      const expected = `sha256=${crypto.createHmac("sha256", secret).update(`${timestamp}.${hook.body}`).digest("hex")}`;
      expect(hook.headers["x-pipeline-signature"]).toBe(expected);
      const payload = JSON.parse(hook.body) as { text: string; event: string };
      expect(payload.event).toBe("handoff");
      expect(payload.text).toContain(`Immediate handoff: ${accountName}`);

      // The delivery log shows it sent.
      await page.goto("/settings/webhooks");
      await expect(page.getByTestId("webhook-Sales channel").getByTestId("webhook-counts")).toContainText(/^[1-9]\d* sent · 0 failed/);
      await repContext.close();
    } finally {
      await receiver.close();
    }
  });

  test("a user chooses which notifications they get, and how", async ({ page }) => {
    await signInAs(page, "exec@example.com");
    await page.goto("/settings/notifications");
    await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
    // An executive sees their events only.
    await expect(page.getByTestId("choice-weekly_review")).toBeVisible();
    await expect(page.getByTestId("choice-handoff")).toHaveCount(0);
    const email = page.getByRole("checkbox", { name: "Weekly velocity review ready: E-mail" });
    await expect(email).toBeChecked();
    await email.uncheck();
    await page.getByRole("button", { name: "Save choices" }).click();
    // Wait for this form's own answer: the header has live regions of its own.
    await expect(page.getByRole("status").filter({ hasText: "Saved. New notifications follow your choices." })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("checkbox", { name: "Weekly velocity review ready: E-mail" })).not.toBeChecked();
    await expect(page.getByRole("checkbox", { name: "Weekly velocity review ready: In the app" })).toBeChecked();
    // A webhook is the admin's: the executive is refused.
    const refused = await page.request.get("/settings/webhooks", { maxRedirects: 0 });
    expect(refused.status()).toBe(403);
    expect(await refused.text()).not.toContain("New webhook");
  });
});
