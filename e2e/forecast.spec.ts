import { expect, test, type Locator, type Request } from "@playwright/test";
import { signInAs } from "./fixtures";

/** "12345.67" → 1234567n: sums on screen compared in whole cents. */
const cents = (amount: string | null) => {
  const [whole, fraction = ""] = (amount ?? "0").replace("-", "").split(".");
  const value = BigInt(`${whole}${fraction.padEnd(2, "0")}`);
  return amount?.startsWith("-") ? -value : value;
};

async function amountsOf(cells: Locator): Promise<string[]> {
  return cells.evaluateAll((els) => els.map((e) => e.getAttribute("data-amount") ?? ""));
}

test.describe("forecast and pipeline changes", () => {
  test("an executive sees every rep, and the total is the sum of the rows to the cent", async ({ page }) => {
    await signInAs(page, "exec@example.com");
    await page.goto("/forecast");
    await expect(page.getByRole("heading", { level: 1, name: "Forecast" })).toBeVisible();
    const table = page.getByRole("table", { name: "Forecast by rep" });
    const reps = table.locator("tbody tr:not([data-rep='Total'])");
    expect(await reps.count()).toBeGreaterThanOrEqual(2);
    await expect(table.locator("tbody tr[data-rep='Total']")).toHaveCount(1);
    for (const column of ["closedWon", "commit", "bestCase", "pipeline", "weightedPipeline"]) {
      const rows = await amountsOf(reps.locator(`td[data-column='${column}']`));
      const [total] = await amountsOf(table.locator(`tbody tr[data-rep='Total'] td[data-column='${column}']`));
      expect(rows.reduce((sum, a) => sum + cents(a), 0n), column).toBe(cents(total!));
    }
    // Next quarter is one click away.
    await page.getByRole("link", { name: /^Next quarter/ }).click();
    await expect(page).toHaveURL(/quarter=next/);
    await expect(page.getByRole("link", { name: /^Next quarter/ })).toHaveAttribute("aria-current", "page");
  });

  test("a rep sees only their own row, and another rep cannot set their deal's category even by replaying the action", async ({ page, browser }) => {
    await signInAs(page, "rep@example.com");
    await page.goto("/forecast");
    const table = page.getByRole("table", { name: "Forecast by rep" });
    await expect(table.locator("tbody tr")).toHaveCount(1);
    await expect(table.getByText("Total", { exact: true })).toHaveCount(0);

    const deals = page.getByRole("table", { name: "Your deals in this call" });
    const first = deals.locator("tbody tr").first();
    await expect(first).toBeVisible();
    const select = first.getByRole("combobox");
    const recorded: Request[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && r.headers()["next-action"]) recorded.push(r);
    });
    const chosen = (await select.inputValue()) === "best_case" ? "pipeline" : "best_case";
    await select.selectOption(chosen);
    await expect(first.getByRole("status")).toHaveText("Saved");
    expect(recorded).toHaveLength(1);

    // The other rep replays the save with their own session: refused, and nothing changes.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signInAs(otherPage, "rep2@example.com");
    const request = recorded[0]!;
    const body = request.postDataBuffer()!.toString("utf8").replace(`"${chosen}"`, '"omitted"');
    const response = await otherPage.request.post(request.url(), {
      headers: { "next-action": request.headers()["next-action"]!, "content-type": request.headers()["content-type"]! },
      data: body,
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    await other.close();
    await page.reload();
    await expect(page.getByRole("table", { name: "Your deals in this call" }).locator("tbody tr").first().getByRole("combobox")).toHaveValue(chosen);
  });

  test("the waterfall adds up on screen, and a bar opens the deals behind it", async ({ page }) => {
    await signInAs(page, "exec@example.com");
    await page.goto("/deals/changes");
    await expect(page.getByRole("heading", { level: 1, name: "Pipeline changes" })).toBeVisible();
    await expect(page.getByRole("figure", { name: "Open pipeline from the start to the end of the period" })).toBeVisible();
    const table = page.getByRole("table", { name: "Pipeline changes" });
    const amounts = await amountsOf(table.locator("tbody td[data-amount]"));
    expect(amounts.length).toBe(10);
    const [start, ...rest] = amounts;
    const end = rest.pop()!;
    expect(rest.reduce((sum, a) => sum + cents(a), cents(start!))).toBe(cents(end));

    const pushed = table.locator("tr[data-step='Pushed out']");
    const count = (await pushed.locator("td").first().textContent())!.replace(/\D/g, "");
    await pushed.getByRole("link", { name: "Pushed out" }).click();
    await expect(page).toHaveURL(/move=pushed_out/);
    await expect(page.getByRole("heading", { name: new RegExp(`^Pushed out: ${Number(count).toLocaleString("en-US")} deals?`) })).toBeVisible();
    if (Number(count) > 0) await expect(page.getByRole("table", { name: "Deals: Pushed out" }).locator("tbody tr").first()).toBeVisible();
  });

  test("a bar's deals give their contributions, which add up to the bar", async ({ page }) => {
    await signInAs(page, "exec@example.com");
    await page.goto("/deals/changes?move=won");
    const bar = await page.getByRole("table", { name: "Pipeline changes" }).locator("tr[data-step='Won'] td[data-amount]").getAttribute("data-amount");
    const list = page.getByRole("table", { name: "Deals: Won" });
    let sum = 0n;
    for (let pages = 0; pages < 20; pages++) {
      const contributions = await list.locator("td[data-contribution]").evaluateAll((els) => els.map((e) => e.getAttribute("data-contribution")!));
      sum += contributions.reduce((total, c) => total + cents(c), 0n);
      const next = page.getByRole("navigation", { name: "Pages of deals" }).getByRole("link", { name: "Next →" });
      if ((await next.count()) === 0) break;
      await next.click();
      await expect(page).toHaveURL(new RegExp(`page=${pages + 2}`));
    }
    expect(sum).toBe(cents(bar));
  });

  test("each money figure of the forecast opens a deal list whose total is the figure", async ({ page }) => {
    await signInAs(page, "exec@example.com");
    await page.goto("/forecast");
    const cell = page.locator("tr[data-rep='Total'] td[data-column='bestCase']");
    const figure = await cell.getAttribute("data-amount");
    await cell.getByRole("link").click();
    await expect(page).toHaveURL(/dates=expected&.*call=best_case/);
    const shown = (await page.getByTestId("deal-amount").textContent())!.replace(/[^0-9.]/g, "");
    expect(Number(shown)).toBe(Math.round(Number(figure)));
  });

  test("a figure with no deals behind it is plain text; every other money figure is a link", async ({ page }) => {
    await signInAs(page, "exec@example.com");
    for (const quarter of ["current", "next"]) {
      await page.goto(quarter === "next" ? "/forecast?quarter=next" : "/forecast");
      const cells = page.getByRole("table", { name: "Forecast by rep" }).locator("td[data-deals]");
      await expect(cells.first()).toBeVisible();
      const facts = await cells.evaluateAll((tds) => tds.map((td) => ({ deals: Number(td.getAttribute("data-deals")), amount: td.getAttribute("data-amount"), links: td.querySelectorAll("a").length })));
      expect(facts.length).toBeGreaterThan(0);
      for (const f of facts) expect(f.links, JSON.stringify(f)).toBe(f.deals > 0 ? 1 : 0);
      // Nothing is won in a quarter to come: its closed won is $0 and opens nothing.
      if (quarter === "next") expect(facts.some((f) => f.deals === 0 && f.amount === "0.00")).toBe(true);
    }
  });

  test("a link with a bar that does not exist names the parameter", async ({ page }) => {
    await signInAs(page, "rep@example.com");
    await page.goto("/deals/changes?move=sideways");
    await expect(page.getByText("The move in this link is not valid")).toBeVisible();
  });
});
