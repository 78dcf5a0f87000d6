import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

test.describe("funnel", () => {
  test("a marketer reads the funnel, switches to flow mode and filters by source", async ({ page }) => {
    await signIn(page, "marketing@example.com");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Funnel" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Funnel" })).toBeVisible();
    await expect(page.getByTestId("bottleneck")).toContainText("Bottleneck:");
    const table = page.getByTestId("funnel-table");
    await expect(table.getByRole("row", { name: /^MQLs/ })).toContainText("%");
    await expect(page.getByTestId("sla-mql")).toContainText("Route to sales within 5 minutes");
    await expect(page.getByTestId("sla-mql")).toContainText("%");

    await page.getByRole("radio", { name: "Flow" }).click();
    await expect(page).toHaveURL(/mode=flow/);
    await expect(page.getByRole("heading", { name: "Stage entries" })).toBeVisible();

    await page.getByLabel("Source", { exact: true }).selectOption("Paid Search");
    await expect(page).toHaveURL(/source=Paid\+Search/);
    await expect(page).toHaveURL(/mode=flow/);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download dashboard (.md)" }).click()]);
    expect(download.suggestedFilename()).toBe("revops-dashboard.md");
    const markdown = fs.readFileSync((await download.path())!, "utf8");
    expect(markdown).toContain("# Revenue operations dashboard");
    expect(markdown).toContain("| MQL (Signal-Qualified Lead) | Score > 60 OR high-intent signal triggered | Marketing | Route to sales within 5 minutes |");
    expect(markdown).toContain("## Layer 1: Pipeline velocity");
    expect(markdown).toContain("## Layer 2: Funnel conversion");
    expect(markdown).toContain("source Paid Search");
  });

  test("a bad mode in a link is named", async ({ page }) => {
    await signIn(page, "exec@example.com");
    await page.goto("/funnel?mode=sideways");
    await expect(page.getByRole("main").getByRole("alert")).toContainText("mode must be cohort or flow");
  });
});
