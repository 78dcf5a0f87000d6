import { expect, test, type Locator, type Page } from "@playwright/test";
import { openOwnAccountWithContact, signInAs } from "./fixtures";

/**
 * The lists and tables a person works from a phone (390 px): what matters is on the screen without
 * scrolling sideways, the controls work there, and long lists come a page at a time. At 1440 px the
 * same lists are still tables with their column headers.
 */

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

/**
 * The element is visible and lies wholly between the viewport's left and right edges as the page
 * is, scrolled up or down only: nothing, the page or a box around the element, is scrolled sideways.
 */
async function expectAcrossInView(page: Page, element: Locator, what: string) {
  await expect(element, what).toBeVisible();
  const top = (await element.boundingBox())!.y;
  await page.evaluate((y) => window.scrollBy(0, y), top - 200);
  const box = (await element.boundingBox())!;
  expect(await element.evaluate((e) => {
    for (let p = e.parentElement; p; p = p.parentElement) if (p.scrollLeft !== 0) return false;
    return true;
  }), `${what}: nothing around it is scrolled sideways`).toBe(true);
  expect(box.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what}: right edge`).toBeLessThanOrEqual(page.viewportSize()!.width);
}

async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, clientWidth: document.scrollingElement!.clientWidth }));
  expect(scrollWidth, "the page does not scroll sideways").toBeLessThanOrEqual(clientWidth);
}

test.describe("at 390 px", () => {
  test.use({ viewport: PHONE });
  // Finding an account with a contact on its map visits several pages.
  test.describe.configure({ timeout: 180_000 });

  test("the buying-group map: Status and Engagement are on screen, save visibly and take the keyboard", async ({ page }) => {
    await signInAs(page, "rep@example.com");
    const name = await openOwnAccountWithContact(page);
    const map = page.getByRole("region", { name: "Buying-group map" });
    await expectNoSidewaysScroll(page);

    const status = map.getByLabel(`Status of ${name}`);
    const engagement = map.getByLabel(`Engagement of ${name}`);
    await expectAcrossInView(page, status, "Status");
    await expectAcrossInView(page, engagement, "Engagement");
    await expectAcrossInView(page, map.getByLabel(`Gap action for ${name}`), "Gap action");

    // A change saves, and says so beside the control, on screen.
    const statusCell = map.getByRole("cell").filter({ has: page.getByLabel(`Status of ${name}`) });
    const next = (await status.inputValue()) === "engaged" ? "active" : "engaged";
    await status.selectOption(next);
    await expect(statusCell.getByTestId("save-mark")).toHaveText("✓ Saved");
    await expectAcrossInView(page, statusCell.getByTestId("save-mark"), "Status's save mark");
    await expect(status).toHaveValue(next);

    // From the keyboard: Tab goes from Status to Engagement, and the arrow keys change it.
    await status.focus();
    await page.keyboard.press("Tab");
    await expect(engagement).toBeFocused();
    const before = await engagement.inputValue();
    await page.keyboard.press(before === "high" ? "ArrowUp" : "ArrowDown");
    const engagementCell = map.getByRole("cell").filter({ has: page.getByLabel(`Engagement of ${name}`) });
    await expect(engagementCell.getByTestId("save-mark")).toHaveText("✓ Saved");
    await expect(engagement).not.toHaveValue(before);
    await expectAcrossInView(page, engagementCell.getByTestId("save-mark"), "Engagement's save mark");
    await expectNoSidewaysScroll(page);
  });

  test("the accounts list shows tier, fit, intent, coverage, owner and pipeline on each card", async ({ page }) => {
    await signInAs(page, "marketing@example.com");
    await page.goto("/accounts");
    const first = page.locator("#accounts tbody tr").first();
    await expect(first).toBeVisible();
    await expectNoSidewaysScroll(page);
    for (const field of ["Owner", "Tier", "Fit", "Intent", "Coverage", "Open pipeline"]) {
      const cell = first.getByRole("cell").filter({ hasText: new RegExp(`^${field}`) });
      await expect(cell, field).toHaveCount(1);
      await expectAcrossInView(page, cell, field);
    }
    await expectAcrossInView(page, first.getByTestId("account-fit"), "Fit figure");
    // The sort stays at hand: a column's sort link is on screen and works.
    const sortByFit = page.locator("#accounts thead").getByRole("link", { name: /^Fit/ });
    await expectAcrossInView(page, sortByFit, "Sort by fit");
    await sortByFit.click();
    await expect(page).toHaveURL(/sort=fit/);
    await expectNoSidewaysScroll(page);
  });

  test("attribution: first touch, influenced and last touch figures show for each channel", async ({ page }) => {
    await signInAs(page, "marketing@example.com");
    await page.goto("/attribution?period=last_quarter");
    const table = page.getByRole("region", { name: "First, influenced and last touch by channel" });
    const rows = table.locator("tbody tr");
    await expect(rows.first()).toBeVisible();
    await expectNoSidewaysScroll(page);
    const first = rows.first();
    for (const [i, field] of ["First touch", "Influenced", "Last touch"].entries()) {
      const cell = first.getByRole("cell").nth(i);
      await expect(cell, field).toContainText(new RegExp(`${field}[\\s\\S]*\\d`));
      await expectAcrossInView(page, cell, field);
    }
    // The models side by side: every model's figure for a channel is on screen too.
    const models = page.getByTestId("model-comparison").locator("tbody tr").first();
    const cells = models.getByRole("cell");
    expect(await cells.count()).toBeGreaterThanOrEqual(6);
    for (let i = 0; i < (await cells.count()); i++) await expectAcrossInView(page, cells.nth(i), `model ${i + 1}`);
    await expectNoSidewaysScroll(page);
  });

  test("the admin's signal queue comes a page at a time, with the total, and pages keep the period", async ({ page }) => {
    const size = 25;
    await signInAs(page, "admin@example.com");
    // The queue's first refresh comes from the hydrated page: its links navigate from then on.
    const hydrated = page.waitForResponse((r) => r.url().includes("/signals/queue?page=1"));
    await page.goto("/signals?period=trailing_90_days");
    await hydrated;
    const queue = page.getByTestId("signal-queue");
    const pages = page.getByRole("navigation", { name: "Queue pages" });
    await expect(pages).toContainText(new RegExp(`1–${size} of [\\d,]+ waiting`));
    const total = Number((await pages.textContent())!.match(/of ([\d,]+) waiting/)![1]!.replace(/,/g, ""));
    expect(total).toBeGreaterThan(size);
    await expect(page.getByRole("heading", { name: /^Waiting for a response/ })).toContainText(`(${total.toLocaleString("en-US")})`);
    await expect(queue.getByTestId("queue-row")).toHaveCount(size);
    const firstPage = await queue.getByTestId("queue-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-signal-id")));
    await expectNoSidewaysScroll(page);

    await pages.getByRole("link", { name: /Next/ }).click();
    // The next page is rendered on the server; with other workers busy that can take a while.
    await expect(page).toHaveURL(/[?&]page=2(&|#|$)/, { timeout: 45_000 });
    await expect(page).toHaveURL(/period=trailing_90_days/);
    await expect(pages).toContainText(new RegExp(`${size + 1}–${Math.min(2 * size, total)} of`));
    const rows = queue.getByTestId("queue-row");
    await expect(rows).toHaveCount(Math.min(size, total - size));
    const secondPage = await rows.evaluateAll((r) => r.map((x) => x.getAttribute("data-signal-id")));
    expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);
    // Still page 2 after the queue's next refresh.
    await page.waitForResponse((r) => r.url().includes("/signals/queue?page=2"));
    await expect(rows).toHaveCount(Math.min(size, total - size));

    await pages.getByRole("link", { name: /Previous/ }).click();
    await expect(page).not.toHaveURL(/page=/);
    await expect(page).toHaveURL(/period=trailing_90_days/);
    await expect(queue.getByTestId("queue-row")).toHaveCount(size);
  });

  test("a queue page past the end says so and links back; a page that is not a number is refused", async ({ page }) => {
    await signInAs(page, "admin@example.com");
    await page.goto("/signals?page=100000");
    await expect(page.getByText("This page is past the last waiting signal.")).toBeVisible();
    await page.getByRole("link", { name: "Go to the first page" }).click();
    await expect(page.getByTestId("signal-queue").getByTestId("queue-row").first()).toBeVisible();
    await page.goto("/signals?page=two");
    await expect(page.getByText(/page must be a whole number/)).toBeVisible();
  });
});

test.describe("at 1440 px", () => {
  test.use({ viewport: DESKTOP });
  test.describe.configure({ timeout: 180_000 });

  test("the map and the accounts list are still tables with their column headers", async ({ page }) => {
    await signInAs(page, "rep@example.com");
    await openOwnAccountWithContact(page);
    const map = page.getByRole("region", { name: "Buying-group map" });
    for (const header of ["Role", "Contact", "Status", "Engagement", "Last touch", "Gap action"]) await expect(map.getByRole("columnheader", { name: header })).toBeVisible();
    // One line per contact: Status and Engagement sit side by side, on the row's line.
    const status = map.getByLabel(/^Status of /).first();
    const engagement = map.getByLabel(/^Engagement of /).first();
    const [s, e] = [(await status.boundingBox())!, (await engagement.boundingBox())!];
    expect(Math.abs(s.y - e.y)).toBeLessThan(4);
    expect(e.x).toBeGreaterThan(s.x + s.width);

    await page.goto("/accounts");
    const accounts = page.locator("#accounts table");
    for (const header of ["Account", "Owner", "Tier", "Fit", "Coverage", "Open pipeline"]) await expect(accounts.getByRole("columnheader", { name: new RegExp(`^${header}`) })).toBeVisible();
    // The phone's labels stay out of the desktop's cells.
    await expect(accounts.locator("tbody tr").first().getByText("Open pipeline", { exact: true })).toBeHidden();
    await expectNoSidewaysScroll(page);
  });

  test("attribution's first, influenced and last touch is still a table, one line per channel", async ({ page }) => {
    await signInAs(page, "marketing@example.com");
    await page.goto("/attribution?period=last_quarter");
    const layer4 = page.getByRole("region", { name: "First, influenced and last touch by channel" });
    for (const header of ["Channel", "First touch", "Influenced", "Last touch"]) await expect(layer4.getByRole("columnheader", { name: header })).toBeVisible();
    const row = layer4.locator("tbody tr").first();
    const boxes = await row.locator("th, td").evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().top));
    expect(Math.max(...boxes) - Math.min(...boxes)).toBeLessThan(4);
    await expectNoSidewaysScroll(page);
  });
});
