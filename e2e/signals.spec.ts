import { expect, test, type Page, type Request } from "@playwright/test";
import { createApiKey, signInAs } from "./fixtures";

/**
 * The response tile over today (the organisation's time zone is UTC in the demo): the median as shown,
 * the exact median in seconds (the shown minutes may round two medians alike), and its counts.
 */
async function responseTile(page: Page) {
  const tile = page.getByTestId("response-median");
  return {
    median: (await tile.getByTestId("response-median-value").textContent())!.trim(),
    seconds: await tile.getByTestId("response-median-seconds").getAttribute("data-seconds"),
    counts: (await tile.getByTestId("response-counts").textContent())!.trim(),
  };
}
const answered = (counts: string) => Number(counts.match(/^([\d,]+) answered/)![1]!.replace(/,/g, ""));

test.describe("the signal queue", () => {
  test("a signal sent through the API reaches its owner's queue without a reload; Responded moves the median; a marketer cannot respond, even by a direct POST", async ({ page, browser }) => {
    await signInAs(page, "admin@example.com");
    const key = await createApiKey(page, "Website signals", ["signals:write"]);
    await expect(page.getByTestId("api-key-Website signals").first().getByTestId("api-key-scopes")).toHaveText("send intent signals");
    const origin = new URL(page.url()).origin;

    const repContext = await browser.newContext({ baseURL: origin });
    const rep = await repContext.newPage();
    await signInAs(rep, "rep@example.com");
    // An account the rep owns, from the accounts list filtered by owner.
    await rep.goto("/accounts");
    const ownerOption = rep.getByLabel("Owner").locator("option", { hasText: /^Riley Rep$/ });
    const repId = Number(await ownerOption.getAttribute("value"));
    await rep.goto(`/accounts?owner=${repId}#accounts`);
    const firstAccount = rep.locator('#accounts a[href^="/accounts/"]').first();
    const accountName = (await firstAccount.textContent())!.trim();
    const accountId = Number((await firstAccount.getAttribute("href"))!.match(/^\/accounts\/(\d+)/)![1]);

    const today = new Date().toISOString().slice(0, 10);
    await rep.goto(`/signals?period=custom&from=${today}&to=${today}`);
    await expect(rep.getByRole("heading", { level: 1, name: "Signals" })).toBeVisible();
    await expect(rep.getByRole("heading", { name: /^My queue/ })).toBeVisible();
    const before = await responseTile(rep);

    const send = async (type: string, n: number) => {
      const response = await page.request.post("/api/v1/signals", {
        headers: { authorization: `Bearer ${key}` },
        data: { type, occurred_at: new Date().toISOString(), account: { id: accountId }, properties: { e2e: n }, idempotency_key: `e2e-queue-${Date.now()}-${n}` },
      });
      expect(response.status()).toBe(201);
      const body = await response.json();
      expect(body.routedTo).toBe(repId);
      return body.id as number;
    };
    const first = await send("demo_request", 1);
    const second = await send("pricing_page_depth", 2);

    // Both arrive in the queue and the live feed while the page stays open.
    const queue = rep.getByTestId("signal-queue");
    const row = queue.locator(`[data-signal-id="${first}"]`);
    await expect(row).toBeVisible();
    await expect(row).toContainText(accountName);
    await expect(row).toContainText("Demo request");
    await expect(queue.locator(`[data-signal-id="${second}"]`)).toBeVisible();
    await expect(rep.getByTestId("signal-feed").getByTestId("feed-row").filter({ hasText: accountName }).filter({ hasText: "Demo request" }).first()).toBeVisible();

    // The rep answers the first; the action is recorded to replay with a marketer's session.
    const recorded: Request[] = [];
    rep.on("request", (r) => {
      if (r.method() === "POST" && r.headers()["next-action"]) recorded.push(r);
    });
    await row.getByRole("button", { name: /^Responded/ }).click();
    await expect(queue.locator(`[data-signal-id="${first}"]`)).toHaveCount(0);
    await expect(rep.getByTestId("responded-queue").locator(`[data-signal-id="${first}"]`)).toHaveCount(1);
    await expect(rep.getByTestId("response-counts")).toContainText(`${answered(before.counts) + 1} answered`);
    const after = await responseTile(rep);
    expect(after.seconds).not.toBe(before.seconds);
    expect(Number(after.seconds)).toBeGreaterThan(0);
    expect(after.median).toMatch(/^\d+(\.\d)?\s*min$/);
    expect(recorded.length).toBeGreaterThanOrEqual(1);
    const action = recorded[0]!;

    // A marketer reads the page but has no buttons, and the recorded action is refused for them.
    const marketerContext = await browser.newContext({ baseURL: origin });
    const marketer = await marketerContext.newPage();
    await signInAs(marketer, "marketing@example.com");
    await marketer.goto("/signals");
    await expect(marketer.getByTestId("response-median")).toBeVisible();
    await expect(marketer.getByTestId("signal-feed")).toBeVisible();
    await expect(marketer.getByRole("button", { name: /^Responded/ })).toHaveCount(0);
    await expect(marketer.getByRole("button", { name: /^Meeting booked/ })).toHaveCount(0);
    const replay = await marketer.request.post(action.url(), {
      headers: { "next-action": action.headers()["next-action"]!, "content-type": action.headers()["content-type"]! },
      data: JSON.stringify([second]),
      maxRedirects: 0,
    });
    expect(replay.status()).toBe(403);
    expect((await marketer.request.get("/signals/queue")).status()).toBe(403);
    expect((await marketer.request.get("/signals/feed?cursor=x")).status()).toBe(400);
    // The second signal still waits for the rep.
    await rep.reload();
    await expect(rep.getByTestId("signal-queue").locator(`[data-signal-id="${second}"]`)).toBeVisible();
    await expect(rep.getByTestId("signal-queue").locator(`[data-signal-id="${second}"]`).getByRole("button", { name: /^Responded/ })).toBeVisible();

    // A second "responded" on the first signal, by the same action, names who answered.
    const again = await rep.request.post(action.url(), {
      headers: { "next-action": action.headers()["next-action"]!, "content-type": action.headers()["content-type"]! },
      data: JSON.stringify([first]),
    });
    expect(await again.text()).toContain("already answered by Riley Rep");
    await marketerContext.close();
    await repContext.close();
  });
});
