import { expect, test } from "@playwright/test";
import { signInAs } from "./fixtures";

/** The case-study library: marketing closes a gap with a new story; a rep logs a matched story sent. */

test.describe("customer proof", () => {
  test("marketing adds a story for a gap, and the gap closes", async ({ page }) => {
    await signInAs(page, "marketing@example.com");
    await page.goto("/win-loss");
    await page.getByRole("navigation", { name: "Win/loss pages" }).getByRole("link", { name: "Customer proof" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Customer proof" })).toBeVisible();
    const gaps = page.getByTestId("proof-gap");
    const labels = (await gaps.locator("th > span.font-medium").allTextContents()).filter((l) => !/unknown/.test(l));
    expect(labels.length, "the demo data leaves open deals no story fits").toBeGreaterThan(0);
    const label = labels[0]!;
    const [industry, size, useCase] = label.split(" · ") as [string, string, string];

    const form = page.getByRole("form", { name: "Add a story" });
    await form.getByRole("button", { name: "Add story" }).click();
    await expect(form.getByText("Title is required")).toBeVisible();
    await form.getByLabel("Title").fill(`How a ${industry} team won with ${useCase}`);
    await form.getByLabel("Customer").fill("Gapclose Ltd");
    await form.getByLabel("Industry").fill(industry);
    await form.getByLabel("Company size").selectOption({ label: size });
    await form.getByLabel("Use case").fill(useCase);
    await form.getByRole("button", { name: "Add story" }).click();
    await expect(form.getByText(/added to the library/)).toBeVisible();
    await expect(page.getByTestId("story").filter({ hasText: "Gapclose Ltd" })).toBeVisible();
    await expect(gaps.filter({ has: page.locator("th > span.font-medium", { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) }) })).toHaveCount(0);
  });

  test("a rep sees a matched story on a deal's page and logs it sent", async ({ page }) => {
    await signInAs(page, "rep@example.com");
    await page.goto("/overview");
    const item = page.getByTestId("deal-action-proofUnsent");
    const onOverview = Number((await item.getByTestId("deal-action-count").textContent())!.replace(/[^0-9]/g, ""));
    expect(onOverview, "the rep has open deals with a matched story not sent yet").toBeGreaterThan(0);
    await item.click();
    await expect(page).toHaveURL(/proof=unsent/);
    expect(Number((await page.getByTestId("deal-count").textContent())!.replace(/[^0-9]/g, ""))).toBe(onOverview);
    await page.locator("table tbody a[href^='/deals/']").first().click();
    const section = page.getByRole("region", { name: "Matched proof" });
    await expect(section.getByTestId("matched-story").first()).toBeVisible();
    const story = section.getByTestId("matched-story").filter({ hasNot: page.getByTestId("proof-sent") }).first();
    await expect(story.getByRole("listitem").first()).toBeVisible();
    await story.getByRole("button", { name: /as sent to this deal$/ }).click();
    await expect(story.getByText("Logged as sent")).toBeVisible();
    await page.reload();
    await expect(section.getByTestId("proof-sent").first()).toContainText(/^Sent .* by /);
  });
});
