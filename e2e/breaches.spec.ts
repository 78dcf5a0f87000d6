import { expect, test } from "@playwright/test";
import { signInAs } from "./fixtures";

test.describe("SLA breaches", () => {
  test("an admin dismisses an open breach with a reason, and it leaves the open list", async ({ page }) => {
    await signInAs(page, "admin@example.com");
    await page.goto("/funnel/breaches?kind=mql&state=open");
    await expect(page.getByRole("heading", { level: 1, name: "SLA breaches" })).toBeVisible();
    const openTab = page.getByRole("navigation", { name: "State" }).getByRole("link", { name: /^Open/ });
    const count = async (name: RegExp) => Number((await page.getByRole("navigation", { name: "State" }).getByRole("link", { name }).textContent())!.replace(/[^0-9]/g, ""));
    const before = await count(/^Open/);
    const dismissedBefore = await count(/^Dismissed/);
    expect(before).toBeGreaterThan(0);
    await expect(openTab).toHaveAttribute("aria-current", "page");

    const first = page.getByTestId("breach").first();
    const name = (await first.locator("p").first().textContent())!;
    // A reason is required.
    await first.getByRole("button", { name: "Dismiss" }).click();
    await expect(first.getByRole("alert")).toContainText("Give the reason for dismissing it.");

    await first.getByLabel(/^Reason for dismissing/).fill("Duplicate of an earlier lead");
    await first.getByRole("button", { name: "Dismiss" }).click();
    await expect.poll(() => count(/^Open/)).toBe(before - 1);
    expect(await count(/^Dismissed/)).toBe(dismissedBefore + 1);

    await page.getByRole("navigation", { name: "State" }).getByRole("link", { name: /^Dismissed/ }).click();
    await expect(page).toHaveURL(/state=dismissed/);
    const dismissed = page.getByTestId("breach").filter({ hasText: name });
    await expect(dismissed.getByTestId("dismissal")).toContainText("Duplicate of an earlier lead");
    await expect(dismissed.getByTestId("dismissal")).toContainText("Dismissed by");
  });

  test("old breaches are archived, not open, and a marketer sees them without a Dismiss button", async ({ page }) => {
    await signInAs(page, "marketing@example.com");
    await page.goto("/funnel/breaches?kind=mql&state=archived");
    await expect(page.getByRole("heading", { level: 2, name: /^Archived/ })).toBeVisible();
    await expect(page.getByTestId("breach").first()).toContainText("overdue");
    const days = Number((await page.getByTestId("breach").first().textContent())!.match(/([\d,.]+) days overdue/)![1]!.replace(/,/g, ""));
    expect(days).toBeGreaterThan(90);
    await expect(page.getByRole("button", { name: "Dismiss" })).toHaveCount(0);
    // The funnel's open list holds nothing past the cut-off.
    await page.goto("/funnel");
    const overdue = await page.getByTestId("breaches-mql").getByText(/overdue$/).allTextContents();
    for (const text of overdue) {
      const d = text.match(/([\d,.]+) days overdue/);
      if (d) expect(Number(d[1]!.replace(/,/g, ""))).toBeLessThanOrEqual(90);
    }
  });

  test("a link with an unknown state is named", async ({ page }) => {
    await signInAs(page, "exec@example.com");
    await page.goto("/funnel/breaches?state=closed");
    await expect(page.getByRole("main").getByRole("alert")).toContainText("state must be open, archived, dismissed");
  });
});
