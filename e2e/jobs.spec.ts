import { expect, test } from "@playwright/test";
import { followNavLink, menuLabels, signIn } from "./fixtures";

test.describe("the Jobs page", () => {
  test("an admin edits a schedule, runs the daily decay now and sees its last run, result and report", async ({ page }) => {
    await signIn(page, "admin@example.com");
    await followNavLink(page, "Jobs");
    await expect(page.getByRole("heading", { level: 1, name: "Jobs" })).toBeVisible();
    const row = page.getByTestId("job-daily_score_decay");
    await expect(row.getByRole("heading", { name: "Daily score decay" })).toBeVisible();
    await expect(row.getByTestId("job-daily_score_decay-next")).not.toHaveText(/Off/);

    // An invalid time is refused, naming the field; a valid one is saved and scheduled (a time other
    // than the one saved: the database outlives a run of the tests).
    const time = (await row.getByLabel("Time (HH:MM)").inputValue()) === "05:45" ? "05:50" : "05:45";
    await row.getByLabel("Time (HH:MM)").fill("25:00");
    await row.getByRole("button", { name: "Save" }).click();
    await expect(row.getByRole("alert")).toHaveText("Time: Give a time of day as HH:MM (24-hour), e.g. 06:30.");
    await row.getByLabel("Time (HH:MM)").fill(time);
    await row.getByRole("button", { name: "Save" }).click();
    await expect(row.getByText(`Daily score decay runs at ${time}.`)).toBeVisible();
    await expect(row.getByText(new RegExp(`^Every day at ${time}`))).toBeVisible();

    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.screenshot({ path: "test-results/screenshots/jobs-1440.png", fullPage: true });

    await row.getByRole("button", { name: "Run now" }).click();
    const last = row.getByTestId("job-daily_score_decay-last");
    await expect(last).toContainText("Completed", { timeout: 90_000 });
    await expect(last).toContainText("run now");
    await expect(last).toContainText(/took \d/);
    await expect(last).toContainText(/Recomputed \d+ accounts; \d+ scores moved\./);

    const href = await last.getByRole("link", { name: "Download the report" }).getAttribute("href");
    const download = await page.request.get(href!);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-disposition"]).toMatch(/^attachment; filename="score-decay-\d{4}-\d{2}-\d{2}\.md"$/);
    expect(download.headers()["x-content-type-options"]).toBe("nosniff");
    expect(await download.text()).toMatch(/^# Daily score decay/);

    await page.screenshot({ path: "test-results/screenshots/jobs-after-run-1440.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: "test-results/screenshots/jobs-390.png", fullPage: true });

    // The archive lists it for everyone who may read it.
    await page.goto("/reports");
    await expect(page.getByRole("link", { name: /^score-decay-/ }).first()).toBeVisible();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: "test-results/screenshots/reports-1440.png", fullPage: true });
  });

  test("another role is refused the Jobs page and its run, but reads the archived reports", async ({ page }) => {
    await signIn(page, "rep@example.com");
    expect(await menuLabels(page)).not.toContain("Jobs");
    const response = await page.goto("/admin/jobs");
    expect(response!.status()).toBe(403);
    await expect(page.getByText("Daily score decay")).toHaveCount(0);
    await page.goto("/reports");
    await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
  });
});
