import fs from "node:fs";
import { Readable } from "node:stream";
import { expect, test, type Page } from "@playwright/test";
import { readCsv } from "@/lib/import/csv";
import { signInAs } from "./fixtures";

/** The funnel's lead lists: from a count to the leads behind it, as many as the count says. */

const wholeNumber = (text: string | null) => Number(text!.replace(/[^0-9]/g, ""));
const leadCount = async (page: Page) => wholeNumber(await page.getByTestId("lead-count").textContent());

test.describe("Funnel: the leads behind every count", () => {
  test("a marketer follows the MQL count and sees as many leads listed as the figure said", async ({ page }) => {
    await signInAs(page, "marketing@example.com");
    await page.goto("/funnel?period=last_quarter");
    const mql = page.getByTestId("funnel-count-mql");
    const figure = wholeNumber(await mql.textContent());
    expect(figure).toBeGreaterThan(0);
    // Reached from the keyboard: the link takes focus and Enter follows it.
    await mql.focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/funnel\/leads\?period=last_quarter&mode=cohort&stage=mql/);
    await expect(page.getByRole("heading", { level: 1, name: "MQLs of the cohort" })).toBeVisible();
    expect(await leadCount(page)).toBe(figure);
    // The CSV is exactly the list: as many leads as the figure.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("leads-download").click()]);
    const rows: string[][] = [];
    for await (const { cells } of readCsv(Readable.from([fs.readFileSync((await download.path())!)]), ",")) rows.push(cells);
    expect(rows[0]).toContain("MQL Date");
    expect(rows.length - 1).toBe(figure);
    // Paged 50 at a time: this page holds the first 50, or all of them.
    await expect(page.getByTestId("lead-row")).toHaveCount(Math.min(50, figure));
    if (figure > 50) {
      await page.getByRole("link", { name: "Next →" }).click();
      await expect(page).toHaveURL(/page=2/);
      await expect(page.getByTestId("lead-row")).toHaveCount(Math.min(50, figure - 50));
      expect(await leadCount(page)).toBe(figure);
    }
  });

  test("stuck leads and flow entries open their lists; a wrong link is named, an empty list says so", async ({ page }) => {
    await signInAs(page, "exec@example.com");
    await page.goto("/funnel?period=last_quarter&mode=flow");
    const stuck = page.getByTestId("stuck-mql");
    const stuckFigure = wholeNumber(await stuck.textContent());
    const sql = wholeNumber(await page.getByTestId("funnel-count-sql").textContent());
    await stuck.click();
    await expect(page).toHaveURL(/stuck=mql/);
    expect(await leadCount(page)).toBe(stuckFigure);

    await page.goto("/funnel?period=last_quarter&mode=flow");
    await page.getByTestId("funnel-count-sql").click();
    await expect(page).toHaveURL(/mode=flow&stage=sql/);
    await expect(page.getByRole("heading", { level: 1, name: "Entered SQL" })).toBeVisible();
    expect(await leadCount(page)).toBe(sql);

    await page.goto("/funnel/leads?stage=visitors");
    await expect(page.getByText("The stage in this link is not valid")).toBeVisible();
    await expect(page.getByText('stage must be one of lead, mql, sql, opportunity, won; got "visitors".')).toBeVisible();

    await page.goto("/funnel/leads?period=custom&from=2001-01-01&to=2001-01-31&stage=mql");
    await expect(page.getByTestId("leads-empty")).toContainText("No leads match.");
    expect(await leadCount(page)).toBe(0);
  });
});
