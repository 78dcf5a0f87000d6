import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./fixtures";

/** The stall thresholds: everyone reads them with the deals each pattern holds; the admin sets them. */

const countOf = async (page: Page, label: string) => Number((await page.getByRole("link", { name: new RegExp(`deals: ${label}$`) }).textContent())!.replace(/[^0-9]/g, ""));

test.describe("stall patterns", () => {
  test("the admin moves a threshold, the count follows and opens exactly its deals; a rep reads them without a form", async ({ page }) => {
    await signInAs(page, "admin@example.com");
    await page.goto("/settings/stalls");
    await expect(page.getByRole("heading", { level: 1, name: "Stall patterns" })).toBeVisible();
    const before = await countOf(page, "Missing stakeholder buy-in");
    expect(before, "the demo data has deals past Proposal without an Economic Buyer").toBeGreaterThan(0);

    const stage = page.getByLabel("No Economic Buyer engaged from the stage");
    await expect(stage).toHaveValue("3");
    await stage.selectOption({ label: "Contract Sent" });
    await page.getByRole("button", { name: "Save stall thresholds" }).click();
    await expect(page.getByText("Saved 1 change.")).toBeVisible();
    await expect(page.getByRole("list", { name: "Open deals by stall pattern" })).toContainText("At Contract Sent or later with no Economic Buyer engaged.");
    await expect.poll(() => countOf(page, "Missing stakeholder buy-in")).toBeLessThan(before);
    const after = await countOf(page, "Missing stakeholder buy-in");
    await page.getByRole("link", { name: /deals: Missing stakeholder buy-in$/ }).click();
    await expect(page).toHaveURL(/stall=missingBuyIn/);
    expect(Number((await page.getByTestId("deal-count").textContent())!.replace(/[^0-9]/g, ""))).toBe(after);

    // A blank threshold is named beside its field, and nothing is saved.
    await page.goto("/settings/stalls");
    await page.getByLabel("Stuck after").fill("");
    await page.getByRole("button", { name: "Save stall thresholds" }).click();
    await expect(page.getByText("Days in legal or procurement must be a number")).toBeVisible();

    // Back as it was, for the other tests.
    await page.reload();
    await page.getByLabel("No Economic Buyer engaged from the stage").selectOption({ label: "Proposal" });
    await page.getByRole("button", { name: "Save stall thresholds" }).click();
    await expect(page.getByText("Saved 1 change.")).toBeVisible();
    await expect.poll(() => countOf(page, "Missing stakeholder buy-in")).toBe(before);

    await signInAs(page, "rep@example.com");
    await page.goto("/settings/stalls");
    await expect(page.getByText("Admins set these thresholds.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Save stall thresholds" })).toHaveCount(0);
  });
});
