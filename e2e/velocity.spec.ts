import fs from "node:fs";
import { expect, test, type Request } from "@playwright/test";
import { createApiKey, signIn, signInAs } from "./fixtures";

test.describe("velocity", () => {
  test("an executive reviews velocity, changes the period and a filter, and downloads the audit", async ({ page }) => {
    await signIn(page, "exec@example.com");
    await expect(page).toHaveURL(/\/velocity$/);
    await expect(page.getByRole("heading", { level: 1, name: "Pipeline velocity" })).toBeVisible();
    const headline = page.getByTestId("velocity-value");
    // A dashboard shows whole dollars; the audit below keeps the cents.
    await expect(headline).toHaveText(/^\$[\d,]+\/day$/);
    for (const lever of ["qualifiedOpportunities", "winRate", "averageDealSize", "salesCycleDays"]) {
      await expect(page.getByTestId(`lever-${lever}`)).toContainText(/vs the same \d+ days? of last quarter/);
      await expect(page.getByTestId(`lever-${lever}`)).toContainText(/vs the same \d+ days? last year/);
    }
    await expect(page.getByTestId("worst-stage")).toContainText("Proposal");

    // A week rests on a few won deals: velocity and each sampled lever say how few. Last week, a
    // whole one: on a Monday this week may have no closed deal yet.
    await page.getByLabel("Period", { exact: true }).selectOption("last_week");
    await expect(page).toHaveURL(/period=last_week/);
    await expect(page.getByTestId("velocity-small-sample")).toHaveText(/n = \d+ won deals?/);
    await expect(page.getByTestId("small-sample-winRate")).toHaveText(/n = \d+ closed deals?/);
    await expect(page.getByTestId("deal-size-benchmark")).toContainText("not set");

    // Change the period: the URL keeps it and the description follows.
    await page.getByLabel("Period", { exact: true }).selectOption("last_quarter");
    await expect(page).toHaveURL(/period=last_quarter/);
    await expect(page.getByText(/^Last quarter:/)).toBeVisible();
    const lastQuarter = await headline.textContent();

    // Filter by a source: every figure follows, and the link can be shared.
    await page.getByLabel("Source", { exact: true }).selectOption("Paid Search");
    await expect(page).toHaveURL(/source=Paid\+Search/);
    await expect(headline).not.toHaveText(lastQuarter!);
    const shared = page.url();

    const other = await page.context().newPage();
    await other.goto(shared);
    await expect(other.getByTestId("velocity-value")).toHaveText((await headline.textContent())!);
    await expect(other.getByLabel("Source", { exact: true })).toHaveValue("Paid Search");
    await other.close();

    // The segment table sorts.
    const table = page.getByTestId("segment-table");
    await table.getByRole("button", { name: /^Win rate/ }).click();
    await expect(table.getByRole("columnheader", { name: /Win rate/ })).toHaveAttribute("aria-sort", /ascending|descending/);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download audit (.md)" }).click()]);
    expect(download.suggestedFilename()).toBe("pipeline-velocity-audit.md");
    const markdown = fs.readFileSync((await download.path())!, "utf8");
    expect(markdown).toContain("# Pipeline velocity audit");
    expect(markdown).toContain("source Paid Search");
    // The audit shows the same velocity as the page, to the cent.
    const audited = /\| Pipeline velocity \(V\) \| \$([\d,]+\.\d{2})\/day/.exec(markdown);
    expect(audited).not.toBeNull();
    expect(`$${Math.round(Number(audited![1]!.replace(/,/g, ""))).toLocaleString("en-US")}/day`).toBe((await headline.textContent())!);
    expect(markdown).toContain("## Prioritised improvement plan");
  });

  test("an unknown filter value in a link is explained, not a blank page", async ({ page }) => {
    await signInAs(page, "exec@example.com");
    await page.goto("/velocity?segment=Galactic");
    await expect(page.getByRole("main").getByRole("alert")).toContainText('Unknown segment "Galactic"');
    await page.goto("/velocity?from=2026-09-30&to=2026-07-01");
    await expect(page.getByRole("main").getByRole("alert")).toContainText("inverted");
  });

  test("the calculator opens from a shared link and reproduces the playbook's numbers", async ({ page }) => {
    await signInAs(page, "exec@example.com");
    await page.goto("/velocity/calculator?opps=50&winRate=22&dealSize=18000&cycle=45");
    await expect(page.getByTestId("calculator-velocity")).toHaveText("$4,400.00/day");
    await expect(page.getByRole("row", { name: /All four, ±15%/ })).toContainText("$7,872.76");
    await expect(page.getByRole("row", { name: /−15% sales cycle/ })).toContainText("$5,176.47");
    const scenarios = page.getByTestId("scenario-table");
    await expect(scenarios).toContainText("$6,507.11");
    await expect(scenarios).toContainText("$9,504.00");
    await expect(scenarios).toContainText("$13,809.71");

    await page.getByLabel("Win rate (WR)").fill("abc");
    await expect(page.getByText('"abc" is not a number.')).toBeVisible();
    await expect(page.getByTestId("calculator-velocity")).toHaveText("—");
    await page.getByLabel("Win rate (WR)").fill("30");
    await expect(page).toHaveURL(/winRate=30/);
    await expect(page.getByTestId("calculator-velocity")).toHaveText("$6,000.00/day");
  });

  test("the dashboard shows whole dollars and whole opportunities", async ({ page }) => {
    await signInAs(page, "exec@example.com");
    await page.goto("/velocity?period=last_quarter");
    const main = page.getByRole("main");
    await expect(page.getByTestId("velocity-value")).toHaveText(/^\$[\d,]+\/day$/);
    // The lever analysis and the segments stream in after the headline: read the page once they are there.
    const levers = main.getByRole("table", { name: "Lever analysis" });
    await expect(levers.locator("tbody tr").first()).toBeVisible();
    await expect(page.getByTestId("segment-table").locator("tbody tr").first()).toBeVisible();
    // No money to the cent anywhere on the dashboard (every figure of the demo data is above $10).
    expect(await main.innerText()).not.toMatch(/\$[\d,]+\.\d{2}/);
    // Counts are whole: the lever analysis scales N by 1 + x and says when it rounded.
    const counts = await levers.locator("tbody tr td:nth-of-type(1)").allInnerTexts();
    expect(counts.length).toBeGreaterThan(4);
    for (const n of counts) expect(n).toMatch(/^(≈\s)?\d{1,3}(,\d{3})*$/);
    const segments = await page.getByTestId("segment-table").locator("tbody tr td:nth-of-type(1)").allInnerTexts();
    for (const n of segments) expect(n).toMatch(/^(\d{1,3}(,\d{3})*|—)$/);
  });

  test("a target shows its thousands grouped as it is typed, saves, and garbage is named", async ({ page }) => {
    await signInAs(page, "admin@example.com");
    await page.goto("/settings/targets");
    const targets = page.getByRole("form", { name: "Targets" });
    const pipeline = targets.getByLabel("Pipeline created target");
    const before = await pipeline.inputValue();
    expect(before).toMatch(/^\d{1,3}(,\d{3})*(\.\d+)?$/);
    try {
      await pipeline.clear();
      await pipeline.pressSequentially("1400000");
      await expect(pipeline).toHaveValue("1,400,000");
      // A digit typed in the middle stays where it was typed.
      await pipeline.press("Home");
      await pipeline.press("ArrowRight");
      await pipeline.press("ArrowRight");
      await pipeline.press("Shift+ArrowRight");
      await pipeline.pressSequentially("5");
      await expect(pipeline).toHaveValue("1,500,000");
      await targets.getByRole("button", { name: "Save" }).click();
      await expect(targets.getByText("Targets saved.")).toBeVisible();
      await page.reload();
      await expect(targets.getByLabel("Pipeline created target")).toHaveValue("1,500,000");

      await targets.getByLabel("Pipeline created target").fill("1,50O,000");
      await targets.getByRole("button", { name: "Save" }).click();
      await expect(targets.getByText('The pipeline-created target: "1,50O,000" is not a number')).toBeVisible();
    } finally {
      await page.goto("/settings/targets");
      await targets.getByLabel("Pipeline created target").fill(before);
      await targets.getByRole("button", { name: "Save" }).click();
      await expect(targets.getByText("Targets saved.")).toBeVisible();
    }
  });

  test("a sales rep posting a target change directly gets 403 and changes nothing", async ({ browser }) => {
    const admin = await (await browser.newContext()).newPage();
    await signInAs(admin, "admin@example.com");
    await admin.goto("/settings/targets");
    const recorded: Request[] = [];
    admin.on("request", (r) => {
      if (r.method() === "POST" && r.headers()["next-action"]) recorded.push(r);
    });
    const form = admin.getByRole("form", { name: "Targets" });
    await form.getByLabel("Velocity target").fill("8123");
    await expect(form.getByLabel("Velocity target")).toHaveValue("8,123");
    await form.getByRole("button", { name: "Save" }).click();
    await expect(form.getByText("Targets saved.")).toBeVisible();
    expect(recorded).toHaveLength(1);

    const rep = await (await browser.newContext()).newPage();
    await signIn(rep, "rep@example.com");
    const request = recorded[0]!;
    const response = await rep.request.post(request.url(), {
      headers: { "next-action": request.headers()["next-action"]!, "content-type": request.headers()["content-type"]! },
      data: Buffer.from(request.postDataBuffer()!.toString("latin1").replace("8,123", "999"), "latin1"),
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    await admin.reload();
    await expect(admin.getByRole("form", { name: "Targets" }).getByLabel("Velocity target")).toHaveValue("8,123");
  });

  test("a sales rep can view the targets but not change them", async ({ page }) => {
    await signInAs(page, "rep@example.com");
    await page.goto("/settings/targets");
    await expect(page.getByRole("heading", { level: 1, name: "Targets and benchmarks" })).toBeVisible();
    await expect(page.getByText("only a RevOps admin can change them")).toBeVisible();
    await expect(page.getByLabel("Velocity target")).toBeDisabled();
    await expect(page.getByRole("button", { name: "Save" })).toHaveCount(0);
  });

  test("an admin changes a target, sees it on the dashboard, and a machine client reads the same figures", async ({ page, request }) => {
    await signInAs(page, "admin@example.com");
    await page.goto("/settings/targets");
    const targets = page.getByRole("form", { name: "Targets" });
    await targets.getByLabel("Velocity target").fill("7000");
    await targets.getByRole("button", { name: "Save" }).click();
    await expect(targets.getByText("Targets saved.")).toBeVisible();

    const key = await createApiKey(page, "E2E client");

    const missing = await request.get("/api/v1/metrics/velocity?from=2026-07-01&to=2026-09-30");
    expect(missing.status()).toBe(401);
    const bad = await request.get("/api/v1/metrics/velocity?from=2026-09-30&to=2026-07-01", { headers: { authorization: `Bearer ${key}` } });
    expect(bad.status()).toBe(400);
    expect(await bad.json()).toMatchObject({ parameter: "period" });

    await page.goto("/velocity?period=last_quarter&segment=Enterprise");
    const pageVelocity = (await page.getByTestId("velocity-value").textContent())!;
    const api = await request.get("/api/v1/metrics/velocity?period=last_quarter&segment=Enterprise", { headers: { authorization: `Bearer ${key}` } });
    expect(api.status()).toBe(200);
    const body = await api.json();
    // The API gives the exact figure; the dashboard shows it in whole dollars.
    const apiVelocity = `$${Math.round(body.figures.pipelineVelocity.value).toLocaleString("en-US")}/day`;
    expect(apiVelocity).toBe(pageVelocity);
    expect(body.figures.pipelineVelocity.definition).toContain("win rate");

    // Revoking the key locks the client out at once.
    page.once("dialog", (d) => d.accept());
    await page.goto("/settings/api-keys");
    await page.getByRole("button", { name: "Revoke E2E client" }).click();
    await expect(page.getByTestId("api-key-E2E client")).toContainText("Revoked");
    const revoked = await request.get("/api/v1/metrics/velocity?period=last_quarter", { headers: { authorization: `Bearer ${key}` } });
    expect(revoked.status()).toBe(401);
  });
});
