import { expect, test } from "@playwright/test";
import { createApiKey, expandMenu, signInAs } from "./fixtures";

test.describe("win/loss", () => {
  test("an executive reads the top loss reasons and drills into one, landing on the deals that make up its count", async ({ page }) => {
    await signInAs(page, "exec@example.com");
    await page.goto("/velocity");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expandMenu(nav.getByRole("button", { name: "Pipeline", exact: true }));
    await nav.getByRole("link", { name: "Win/loss", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Win/loss" })).toBeVisible();
    // Last quarter: a whole quarter of closed deals.
    await page.getByLabel("Period", { exact: true }).selectOption("last_quarter");
    await expect(page).toHaveURL(/period=last_quarter/);

    const losses = page.getByRole("table", { name: "Top reasons we lose" });
    const rows = losses.locator("tbody tr[data-reason]");
    expect(await rows.count()).toBeGreaterThanOrEqual(3);
    // Every share reads with its interval and sample size.
    await expect(rows.first()).toContainText(/\d+(\.\d)?%–\d+(\.\d)?% · n = \d+/);

    const top = rows.first();
    const reason = (await top.locator("th").innerText()).trim();
    const link = top.getByTestId("reason-deals");
    const count = Number((await link.innerText()).replace(/,/g, ""));
    expect(count).toBeGreaterThan(0);
    await link.click();

    await expect(page).toHaveURL(/\/deals\?.*lossReason=/);
    await expect(page.getByTestId("deal-count")).toHaveText(count.toLocaleString("en-US"));
    await expect(page.getByTestId("deal-win-loss-filters")).toHaveText(`Loss reason: ${reason}`);
  });

  test("a group too small to judge says so, and a competitor's deals met open as many deals", async ({ page }) => {
    await signInAs(page, "exec@example.com");
    await page.goto("/win-loss?period=last_quarter");
    await page.getByRole("tab", { name: "Rep" }).click();
    const reps = page.getByRole("table", { name: "Win rate by rep" });
    await expect(reps.locator("tbody tr").first()).toBeVisible();

    // A quarter's deals against one competitor are fewer than 30: each such row says it is too small to judge.
    const competitors = page.getByRole("table", { name: "Competitors" });
    const rows = competitors.locator("tbody tr");
    for (let i = 0; i < (await rows.count()); i++) {
      const n = Number((await rows.nth(i).getByTestId("competitor-met").innerText()).replace(/,/g, ""));
      await expect(rows.nth(i).getByTestId("too-small"), `row ${i}, n = ${n}`).toHaveCount(n < 30 ? 1 : 0);
    }
    await expect(competitors.getByTestId("too-small").first()).toBeVisible();

    const met = competitors.getByTestId("competitor-met").first();
    const count = Number((await met.innerText()).replace(/,/g, ""));
    await met.click();
    await expect(page).toHaveURL(/\/deals\?.*competitor=/);
    await expect(page.getByTestId("deal-count")).toHaveText(count.toLocaleString("en-US"));
  });

  test("the playbook downloads for the page's view, and a machine client reads the same figures", async ({ page, request }) => {
    await signInAs(page, "exec@example.com");
    await page.goto("/win-loss?period=last_quarter");
    await expect(page.getByRole("heading", { level: 1, name: "Win/loss" })).toBeVisible();
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download playbook (.md)" }).click();
    expect((await download).suggestedFilename()).toBe("win-rate-playbook.md");
    const markdown = await (await page.request.get("/win-loss/playbook?period=last_quarter")).text();
    const winRate = /Win rate (\d+\.\d%) \(/.exec(markdown)![1]!;
    await expect(page.getByTestId("closed-summary")).toContainText(winRate);
    expect(markdown).toContain("## Stall tactics and their effect");

    await signInAs(page, "admin@example.com");
    const key = await createApiKey(page, "Win/loss client");
    expect((await request.get("/api/v1/metrics/win-loss?period=last_quarter")).status()).toBe(401);
    const bad = await request.get("/api/v1/metrics/win-loss?from=2026-09-30&to=2026-07-01", { headers: { authorization: `Bearer ${key}` } });
    expect(bad.status()).toBe(400);
    expect(await bad.json()).toMatchObject({ parameter: "period" });
    const api = await request.get("/api/v1/metrics/win-loss?period=last_quarter", { headers: { authorization: `Bearer ${key}` } });
    expect(api.status()).toBe(200);
    const body = await api.json();
    expect(`${(body.winRate.value * 100).toFixed(1)}%`).toBe(winRate);
    expect(body.winRate.interval.low).toBeLessThan(body.winRate.value);
    expect(body.winRates.industry.groups.length).toBeGreaterThan(0);
  });
});
