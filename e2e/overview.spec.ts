import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./fixtures";

const wholeNumber = (text: string | null) => Number(text!.replace(/[^0-9]/g, ""));

/** Lands on the overview; every tile is a link, and no tile is a bare row count of a table. */
async function openOverview(page: Page, email: string) {
  await signInAs(page, email);
  await page.goto("/overview");
  const tiles = page.getByTestId("overview-tiles");
  await expect(tiles).toBeVisible();
  const items = tiles.locator("li");
  const count = await items.count();
  expect(count).toBeGreaterThanOrEqual(4);
  for (let i = 0; i < count; i++) {
    const link = items.nth(i).getByRole("link");
    await expect(link).toHaveCount(1);
    expect(await link.getAttribute("href")).toMatch(/^\/[a-z]/);
  }
  const text = await tiles.innerText();
  for (const rowCount of ["Contacts", "Leads", "Intent signals", "Won opportunities", "Lost opportunities"]) {
    expect(text).not.toMatch(new RegExp(`^${rowCount}$`, "m"));
  }
}

/** A tile's figure, then follows its link. */
async function follow(page: Page, fact: string): Promise<string> {
  const tile = page.getByTestId(`tile-${fact}`);
  const figure = (await tile.getByTestId("tile-figure").textContent())!.trim();
  const href = (await tile.getAttribute("href"))!;
  await tile.click();
  await expect(page).toHaveURL((url) => url.pathname + url.search === href);
  return figure;
}

/** The Open tab's count on the breaches list. */
const openBreaches = async (page: Page) => wholeNumber(await page.getByRole("navigation", { name: "State" }).getByRole("link", { name: /^Open/ }).textContent());

test.describe("Overview: what each role acts on this week", () => {
  test("a rep sees their queue, accounts and breaches, and each list holds the tile's count", async ({ page }) => {
    await openOverview(page, "rep@example.com");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Your book/);

    const waiting = await follow(page, "signalsWaiting");
    await expect(page.getByTestId("queue-waiting")).toHaveText(`(${waiting})`);

    await page.goto("/overview");
    const noChampion = await follow(page, "accountsWithoutChampion");
    await expect(page).toHaveURL(/champion=none/);
    await expect(page.getByLabel("Champion")).toHaveValue("none");
    if (wholeNumber(noChampion) === 0) await expect(page.getByText("No accounts match these filters")).toBeVisible();
    else await expect(page.locator("caption", { hasText: /^Accounts, / })).toHaveText(`Accounts, ${wholeNumber(noChampion)} in all`);

    await page.goto("/overview");
    const stalled = await follow(page, "breachesOpportunity");
    expect(wholeNumber(stalled)).toBeGreaterThan(0);
    await expect(page.getByTestId("breach-owner")).toContainText("Only those owned by you");
    expect(await openBreaches(page)).toBe(wholeNumber(stalled));
    // The owner stays in the state links; "everyone's" drops it; a bad owner is named.
    await expect(page.getByRole("navigation", { name: "State" }).getByRole("link", { name: /^Archived/ })).toHaveAttribute("href", /owner=\d+/);
    await page.getByRole("link", { name: "Show everyone's" }).click();
    await expect(page.getByTestId("breach-owner")).toHaveCount(0);
    expect(await openBreaches(page)).toBeGreaterThanOrEqual(wholeNumber(stalled));
    await page.goto("/funnel/breaches?kind=opportunity&owner=abc");
    await expect(page.getByRole("main").getByRole("alert")).toContainText('owner must be a user\'s id, a whole number from 1; got "abc".');
  });

  test("an executive sees velocity, win rate, open pipeline and the bottleneck, as the pages show them", async ({ page }) => {
    await openOverview(page, "exec@example.com");
    const velocity = await follow(page, "velocity");
    await expect(page.getByTestId("velocity-value")).toHaveText(velocity);
    await page.goto("/overview");
    await expect(page.getByTestId("tile-velocity")).toContainText(/vs /);
    const pipeline = (await page.getByTestId("tile-openPipeline").getByTestId("tile-figure").textContent())!;
    const bottleneck = await follow(page, "bottleneck");
    await expect(page.getByTestId("bottleneck")).toContainText(bottleneck);
    await page.goto("/velocity?period=this_quarter");
    await expect(page.getByTestId("open-pipeline")).toContainText(pipeline);
  });

  test("a marketer sees this week's MQLs and the breaches and answers waiting, and the lists agree", async ({ page }) => {
    await openOverview(page, "marketing@example.com");
    const mqls = await follow(page, "mqlsThisWeek");
    await expect(page.getByTestId("funnel-table").getByRole("row", { name: /^MQLs/ }).getByRole("cell").first()).toHaveText(mqls);
    await page.goto("/overview");
    const breaches = await follow(page, "breachesMql");
    expect(wholeNumber(breaches)).toBeGreaterThan(0);
    expect(await openBreaches(page)).toBe(wholeNumber(breaches));
  });

  test("an admin sees open breaches, the signals waiting and the users, and the lists agree", async ({ page }) => {
    await openOverview(page, "admin@example.com");
    const stalled = await follow(page, "breachesOpportunity");
    expect(wholeNumber(stalled)).toBeGreaterThan(0);
    expect(await openBreaches(page)).toBe(wholeNumber(stalled));
    await expect(page.getByTestId("breach-owner")).toHaveCount(0);
    await page.goto("/overview");
    const waiting = await follow(page, "signalsWaiting");
    await expect(page.getByTestId("queue-waiting")).toHaveText(`(${waiting})`);
    await page.goto("/overview");
    await follow(page, "activeUsers");
    await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  });

  test("a rep who owns nothing yet is told so, with no tiles", async ({ browser, page }) => {
    await signInAs(page, "admin@example.com");
    await page.goto("/admin/users");
    const email = `starter-${Date.now()}@example.com`;
    await page.getByLabel("Name").fill("Sam Starter");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Role", { exact: true }).selectOption("sales");
    await page.getByRole("button", { name: "Add user" }).click();
    const password = (await page.getByTestId("temporary-password").textContent())!;

    const context = await browser.newContext();
    const sam = await context.newPage();
    await signInAs(sam, email, password);
    await sam.goto("/overview");
    await expect(sam.getByText("You own no accounts yet")).toBeVisible();
    await expect(sam.getByTestId("overview-tiles")).toHaveCount(0);
    await context.close();
  });
});
