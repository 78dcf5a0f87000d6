import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { createApiKey, followNavLink, signIn, signInAs } from "./fixtures";

test.describe("funnel", () => {
  test("a marketer reads the funnel, switches to flow mode and filters by source; a machine client reads the same dashboard", async ({ page, browser }) => {
    await signIn(page, "marketing@example.com");
    await followNavLink(page, "Funnel");
    await expect(page.getByRole("heading", { level: 1, name: "Funnel" })).toBeVisible();
    await expect(page.getByTestId("bottleneck")).toContainText("Bottleneck:");
    // This quarter's leads have not had 90 days as opportunities: Closed won is left out, and the weak step is named.
    await expect(page.getByTestId("bottleneck")).not.toContainText("Bottleneck: Opportunities → Closed won");
    await expect(page.getByTestId("bottleneck-basis")).toContainText("Left out: Opportunities → Closed won");
    await expect(page.getByTestId("lowest-conversion")).toContainText("Lowest conversion: MQLs → SQLs");
    await expect(page.getByTestId("stuck-rule")).toContainText("In their stage longer than its expected days (Lead 30, MQL 14, SQL 14, Opportunity 90)");
    const stuck = (await page.getByTestId("stuck").locator("dd").allTextContents()).map((n) => Number(n.replace(/,/g, "")));
    expect(stuck.reduce((a, b) => a + b, 0)).toBeLessThan(10_000);
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
    expect(markdown).toContain("## Layer 3: Signals and engagement");
    expect(markdown).toMatch(/\| High-intent signals in the period \| [\d,]+ \| [\d,]+ answered \|/);
    expect(markdown).toContain("| Readiness band | Track | Accounts | Share |");
    expect(markdown).toContain("## Layer 4: Attribution");
    expect(markdown).toContain("| Channel | First touch | Last touch | Linear | U-shaped | W-shaped | Time decay | Influenced |");
    expect(markdown).toContain("source Paid Search");
    expect(markdown).toContain("## Layer 4: Dark social (self-reported vs first touch)");
    expect(markdown).toMatch(/Capture rate: \d+\.\d% \([\d,]+ of [\d,]+ demo requests answered; target over 80%\)/);
    expect(markdown).toContain("| Channel | Self-reported | First touch | Delta |");
    expect(markdown).toMatch(/\| Podcast \| \d+\.\d% \| \d+\.\d% \| [+−±]\d+\.\d pts \|/);

    // A machine client reads the same file from the API, for the same view; a bad parameter is named.
    const query = new URL(page.url()).search;
    const admin = await browser.newContext({ baseURL: new URL(page.url()).origin });
    const adminPage = await admin.newPage();
    await signInAs(adminPage, "admin@example.com");
    const key = await createApiKey(adminPage, "Dashboard reader");
    const api = await adminPage.request.get(`/api/v1/metrics/revops-dashboard${query}`, { headers: { authorization: `Bearer ${key}` } });
    expect(api.status()).toBe(200);
    expect(api.headers()["content-type"]).toContain("text/markdown");
    // The same file but for the minute it was generated in.
    const undated = (md: string) => md.replace(/^\*\*Generated:\*\* .*$/m, "");
    expect(undated(await api.text())).toBe(undated(markdown));
    const bad = await adminPage.request.get("/api/v1/metrics/revops-dashboard?period=fortnight", { headers: { authorization: `Bearer ${key}` } });
    expect(bad.status()).toBe(400);
    expect(await bad.json()).toMatchObject({ parameter: "period" });
    await admin.close();
  });

  test("an admin gives a stage more days before its change is due, and the overdue deals on /funnel follow", async ({ page }) => {
    await signInAs(page, "admin@example.com");
    await page.goto("/funnel");
    await expect(page.getByTestId("sla-opportunity")).toContainText("Update stage within 48 hours");
    const overdue = async () => Number((await page.getByTestId("breaches-opportunity").getByRole("heading").textContent())!.replace(/[^0-9]/g, ""));
    const before = await overdue();
    expect(before).toBeGreaterThan(0);

    await page.goto("/settings/targets");
    const form = page.getByRole("form", { name: "Days in each stage before a stage change is due" });
    const proposal = form.getByLabel("Proposal", { exact: true });
    await expect(proposal).toHaveValue("21");
    await proposal.fill("0");
    await form.getByRole("button", { name: "Save" }).click();
    await expect(form.getByText('Proposal: "0" is not a number of days')).toBeVisible();

    await proposal.fill("120");
    await form.getByRole("button", { name: "Save" }).click();
    await expect(form.getByText("Saved 1 change.")).toBeVisible();
    try {
      await page.goto("/funnel");
      expect(await overdue()).toBeLessThan(before);
    } finally {
      await page.goto("/settings/targets");
      await form.getByLabel("Proposal", { exact: true }).fill("21");
      await form.getByRole("button", { name: "Save" }).click();
      await expect(form.getByText("Saved 1 change.")).toBeVisible();
    }
  });

  test("a bad mode in a link is named", async ({ page }) => {
    await signInAs(page, "exec@example.com");
    await page.goto("/funnel?mode=sideways");
    await expect(page.getByRole("main").getByRole("alert")).toContainText("mode must be cohort or flow");
  });
});
