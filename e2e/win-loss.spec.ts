import { expect, test } from "@playwright/test";
import { expandMenu, signInAs } from "./fixtures";

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
});
