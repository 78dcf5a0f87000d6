import { Readable } from "node:stream";
import { expect, test, type Page, type Request } from "@playwright/test";
import { readCsv } from "@/lib/import/csv";
import { replayAction, signInAs } from "./fixtures";

/** The deal list: drill-down from a figure, a rep's own deals, a bad link, and the CSV of the list. */

const wholeNumber = (text: string | null) => Number(text!.replace(/[^0-9]/g, ""));
const dealCount = async (page: Page) => wholeNumber(await page.getByTestId("deal-count").textContent());

test.describe("Deals: the list behind every figure", () => {
  test("an executive clicks Win rate on velocity and lands on that period's closed deals, as many as the figure counts", async ({ page }) => {
    await signInAs(page, "exec@example.com");
    await page.goto("/velocity?period=last_quarter");
    const drill = page.getByTestId("deals-winRate");
    const closed = wholeNumber(await drill.textContent());
    const winRate = (await page.getByTestId("lever-value-winRate").textContent())!.trim();
    await drill.click();
    await expect(page).toHaveURL(/\/deals\?period=last_quarter&dates=closed&owner=all/);
    await expect(page.getByRole("heading", { level: 1, name: "Deals" })).toBeVisible();
    expect(await dealCount(page)).toBe(closed);
    await expect(page.getByLabel("Period applies to")).toHaveValue("closed");

    // The won among them over all of them is the win rate shown.
    await page.getByLabel("Status").selectOption("won");
    await expect(page).toHaveURL(/status=won/);
    const won = await dealCount(page);
    expect(`${((won / closed) * 100).toFixed(1)}%`).toBe(winRate);

    // Each deal opens its own page, with its stage history as a timeline.
    const first = page.getByTestId("deal-row").first().getByRole("link").first();
    await expect(first).toHaveAttribute("href", /^\/deals\/\d+$/);
    const name = (await first.textContent())!.trim();
    await first.click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByRole("list", { name: "Stage history" }).getByTestId("stage-stay").first()).toBeVisible();
  });

  test("a segment's N and the open pipeline open lists of exactly their deals", async ({ page }) => {
    await signInAs(page, "exec@example.com");
    await page.goto("/velocity?period=last_quarter");
    const segment = page.getByTestId("segment-deals").first();
    const n = wholeNumber(await segment.textContent());
    await segment.click();
    await expect(page).toHaveURL(/dates=qualified/);
    expect(await dealCount(page)).toBe(n);

    await page.goto("/velocity?period=last_quarter");
    const open = wholeNumber(await page.getByTestId("deals-open-pipeline").textContent());
    const pipeline = (await page.getByTestId("open-pipeline-value").textContent())!.trim();
    await page.getByTestId("deals-open-pipeline").click();
    await expect(page).toHaveURL(/status=open/);
    expect(await dealCount(page)).toBe(open);
    await expect(page.getByTestId("deal-amount")).toHaveText(pipeline);
  });

  test("a rep lands on their own deals, with All owners a choice", async ({ page }) => {
    await signInAs(page, "rep@example.com");
    await page.goto("/deals");
    const owner = page.getByLabel("Owner");
    const own = await owner.inputValue();
    expect(own).toMatch(/^\d+$/);
    const name = (await owner.locator("option:checked").textContent())!.trim();
    await expect(page.getByRole("heading", { level: 1 }).locator("xpath=..")).toContainText("Your deals");
    const mine = await dealCount(page);
    expect(mine).toBeGreaterThan(0);
    const owners = await page.getByTestId("deal-row").locator("td:nth-child(2)").allInnerTexts();
    expect(owners.length).toBeGreaterThan(0);
    for (const text of owners) expect(text.replace(/^Owner\s*/, "").trim()).toBe(name);

    await owner.selectOption("all");
    await expect(page).toHaveURL(/owner=all/);
    await expect(page.getByLabel("Owner")).toHaveValue("all");
    expect(await dealCount(page)).toBeGreaterThan(mine);
  });

  test("a rep's deals needing action on the overview open lists of that many deals", async ({ page }) => {
    await signInAs(page, "rep@example.com");
    for (const [action, label] of [
      ["stalled", "Stalled in its stage"],
      ["noNextStep", "No next step"],
    ] as const) {
      await page.goto("/overview");
      const item = page.getByTestId(`deal-action-${action}`);
      const count = wholeNumber(await item.getByTestId("deal-action-count").textContent());
      await item.click();
      await expect(page).toHaveURL(new RegExp(`${action}=1`));
      expect(await dealCount(page)).toBe(count);
      await expect(page.getByLabel(label)).toBeChecked();
    }
  });

  test("the owner writes a deal's next step and sees it saved; another rep's replay of the save is refused", async ({ page, browser }) => {
    await signInAs(page, "rep@example.com");
    await page.goto("/deals?status=open&sort=amount");
    await page.getByTestId("deal-row").first().getByRole("link").first().click();
    await expect(page).toHaveURL(/\/deals\/\d+$/);
    const dealUrl = page.url();
    const facts = page.getByRole("region", { name: "Facts" });
    const recorded: Request[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && r.headers()["next-action"]) recorded.push(r);
    });
    const written = `Security review with IT, ${Date.now()}`;
    await facts.getByLabel("Next step").fill(`  ${written}  `);
    await facts.getByRole("button", { name: "Save next step" }).click();
    await expect(facts.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
    await expect(facts.getByText(/^Set /)).toBeVisible();
    expect(recorded).toHaveLength(1);
    // The forecast category on the same page saves against the version the next step's save made.
    const category = facts.getByRole("combobox", { name: /^Forecast category of / });
    await category.selectOption((await category.inputValue()) === "commit" ? "best_case" : "commit");
    await expect(facts.getByRole("status").filter({ hasText: "Saved" })).toHaveCount(2);
    await page.reload();
    await expect(page.getByRole("region", { name: "Facts" }).getByLabel("Next step")).toHaveValue(written);
    await expect(page.getByRole("region", { name: "History", exact: true })).toContainText(written);

    // Another rep replays the save with their own session and the deal's new version: refused, nothing written.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signInAs(otherPage, "rep2@example.com");
    const forged = "Cancel the deal";
    const response = await replayAction(otherPage, recorded[0]!, (body) => body.replace(written, forged).replace(/"version":(\d+)/, (_, v: string) => `"version":${Number(v) + 1}`));
    expect(response.status()).toBe(403);
    const body = await response.text();
    expect(body).not.toContain(forged);
    expect(body).not.toContain('"ok":true');
    await other.close();
    await page.goto(dealUrl);
    await expect(page.getByRole("region", { name: "Facts" }).getByLabel("Next step")).toHaveValue(written);
  });

  test("a bad parameter is named, with the way back", async ({ page }) => {
    await signInAs(page, "exec@example.com");
    await page.goto("/deals?status=closed");
    const alert = page.getByRole("main").getByRole("alert");
    await expect(alert).toContainText("The status in this link is not valid");
    await expect(alert).toContainText('status must be one of open, won, lost; got "closed".');
    await page.goto("/deals?band=7");
    await expect(page.getByRole("main").getByRole("alert")).toContainText("The band in this link is not valid");
  });

  test("the CSV download holds exactly the deals of the list", async ({ page }) => {
    await signInAs(page, "exec@example.com");
    await page.goto("/deals?period=last_quarter&dates=created&owner=all&sort=amount");
    const count = await dealCount(page);
    expect(count).toBeGreaterThan(50); // more than one page: the file is the whole list, not the page
    const href = (await page.getByTestId("deals-download").getAttribute("href"))!;
    expect(href).toMatch(/^\/export\/opportunities\?period=last_quarter&dates=created&owner=all/);
    const response = await page.request.get(href);
    expect(response.status()).toBe(200);
    const rows: string[][] = [];
    for await (const { cells } of readCsv(Readable.from([await response.body()]), ",")) rows.push(cells);
    expect(rows.length - 1).toBe(count);
    const names = rows.slice(1).map((r) => r[1]);
    const firstPage = await page.getByTestId("deal-row").locator("td:first-child a").allInnerTexts();
    for (const name of firstPage) expect(names).toContain(name.trim());
  });

  test("an executive follows a channel's figure on attribution and sees deals whose credit adds up to it", async ({ page }) => {
    await signInAs(page, "exec@example.com");
    await page.goto("/attribution?period=last_quarter&model=linear");
    // The smallest channel figure that credits something, under linear: a short list, every page of it read.
    const figures = page.getByTestId("model-comparison").locator('a[data-model="linear"]');
    const credits = await figures.evaluateAll((links) => links.map((a) => ({ channel: a.getAttribute("data-channel")!, credit: a.getAttribute("data-credit")! })));
    const pick = credits.filter((c) => Number(c.credit) > 0).sort((a, b) => Number(a.credit) - Number(b.credit))[0]!;
    await page.getByTestId("model-comparison").locator(`a[data-model="linear"][data-channel="${pick.channel}"]`).click();
    await expect(page).toHaveURL(new RegExp(`channel=${pick.channel}`));
    const section = page.getByTestId("channel-deals");
    await expect(section).toBeVisible();
    const cents = (value: string) => Math.round(Number(value) * 100);
    let sum = 0;
    let listed = 0;
    for (let pages = 0; pages < 20; pages++) {
      const rows = await section.getByTestId("channel-deal").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-credit")!));
      sum += rows.reduce((total, credit) => total + cents(credit), 0);
      listed += rows.length;
      const next = section.getByRole("link", { name: "Next →" });
      if ((await next.count()) === 0) break;
      await next.click();
      await expect(page).toHaveURL(new RegExp(`page=${pages + 2}`));
    }
    expect(listed).toBe(wholeNumber(await section.getByTestId("channel-deals-count").textContent()));
    expect(sum).toBe(cents(pick.credit));
    // Each deal opens its page.
    await expect(section.getByTestId("channel-deal").first().getByRole("link")).toHaveAttribute("href", /^\/deals\/\d+$/);
  });

  test("a bar of the attribution chart and a channel's campaign summary open its credited deals, from the keyboard too", async ({ page }) => {
    await signInAs(page, "exec@example.com");
    await page.goto("/attribution?period=last_quarter&model=linear");
    const chart = page.getByRole("figure", { name: "Linear credit" });
    const bar = chart.locator("svg a").first();
    const label = (await bar.textContent())!.trim();
    await bar.focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/model=linear.*channel=[a-z_]+.*#channel-deals$/);
    const channel = new URL(page.url()).searchParams.get("channel")!;
    const section = page.getByTestId("channel-deals");
    await expect(section).toBeVisible();
    await expect(section).toContainText(label);

    // The campaign summary's figure for the same channel leads to the same list.
    const summary = page.getByTestId(`campaign-summary-${channel}`);
    await expect(summary).toHaveAttribute("href", new RegExp(`channel=${channel}.*#channel-deals$`));
    await page.goto("/attribution?period=last_quarter&model=linear");
    await page.getByTestId(`campaign-summary-${channel}`).click();
    await expect(page).toHaveURL(new RegExp(`channel=${channel}`));
    await expect(page.getByTestId("channel-deals")).toBeVisible();
  });
});
