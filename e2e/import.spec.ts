import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { chooseFile, signIn, signInAs } from "./fixtures";

const hubspotExport = path.join(import.meta.dirname, "files/hubspot-deals.csv");

test.describe("import", () => {
  test("an admin imports a HubSpot export, fixes a stage mapping, reads the error report, commits, sees velocity change and rolls back", async ({ page }) => {
    await signInAs(page, "admin@example.com");
    const october = "/velocity?from=2026-10-01&to=2026-10-31";
    await page.goto(october);
    const qualified = page.getByTestId("lever-qualifiedOpportunities");
    await expect(qualified).toBeVisible();
    const before = await qualified.textContent();

    await page.goto("/import");
    await expect(page.getByRole("heading", { level: 1, name: "Import" })).toBeVisible();
    await chooseFile(page, hubspotExport);
    await page.getByRole("button", { name: "Upload and recognise" }).click();
    await expect(page).toHaveURL(/\/import\/\d+$/);
    await expect(page.getByTestId("import-format")).toHaveText("HubSpot deals export");

    // HubSpot's default stages map by themselves; the custom one waits for the admin.
    const stages = page.getByTestId("stage-mapping");
    await expect(stages.getByLabel("Appointment Scheduled")).toHaveValue("1");
    await expect(stages.getByText("not mapped")).toHaveCount(1);
    await stages.getByLabel("Negotiating Terms").selectOption({ label: "Negotiation" });
    await expect(stages.getByText("not mapped")).toHaveCount(0);
    // The unknown owner is listed to map or leave unassigned.
    await expect(page.getByTestId("owner-mapping")).toContainText("Unknown Person");

    await page.getByRole("button", { name: "Check all 3 rows" }).click();
    await expect(page.getByTestId("count-failed")).toHaveText("1");
    await expect(page.getByTestId("count-new")).toHaveText("2");
    const errors = page.getByTestId("import-errors");
    await expect(errors).toContainText("Amount");
    await expect(errors).toContainText('"n/a" is not an amount');

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download the error report/ }).click()]);
    const report = fs.readFileSync((await download.path())!, "utf8");
    expect(report).toContain("Row,Column,Value,Problem");
    expect(report).toContain('4,Amount,n/a,"""n/a"" is not an amount"');

    // All rows or none, unless the admin says otherwise.
    await expect(page.getByRole("button", { name: "Import 2 rows" })).toBeDisabled();
    await page.getByLabel(/Import the valid rows only/).check();
    await page.getByRole("button", { name: "Import 2 rows" }).click();
    await expect(page.getByRole("heading", { name: "Imported" })).toBeVisible();
    await expect(page.getByTestId("count-new")).toHaveText("2");

    await page.goto(october);
    await expect(qualified).not.toHaveText(before!);

    await page.goto("/import");
    const row = page.locator("tr", { hasText: "hubspot-deals.csv" }).first();
    await expect(row).toContainText("Imported");
    page.once("dialog", (dialog) => void dialog.accept());
    await row.getByRole("button", { name: /Roll back import/ }).click();
    await expect(row).toContainText("Rolled back");

    await page.goto(october);
    await expect(qualified).toHaveText(before!);
  });

  test("an admin imports a history of signals: checked, the valid rows imported, scored, and shown on the account", async ({ page }) => {
    await signIn(page, "admin@example.com");
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 19) + "Z";
    const csv = [
      "Signal ID,Signal Type,Occurred At,Account Domain,Email,Responded At,Meeting Booked At",
      `H1,Pricing page depth,${day(40)},e2e-history.io,ana@e2e-history.io,${day(39.99)},${day(38)}`,
      `H2,demo_request,${day(39)},e2e-history.io,ben@e2e-history.io,,`,
      `H3,pricing page,${day(39)},e2e-history.io,,,`,
    ].join("\n");
    await page.goto("/import");
    await chooseFile(page, { name: "signal-history.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Upload and recognise" }).click();
    await expect(page).toHaveURL(/\/import\/\d+$/);
    await expect(page.getByText("Intent signals (history)")).toBeVisible();

    await page.getByRole("button", { name: "Check all 3 rows" }).click();
    await expect(page.getByTestId("count-failed")).toHaveText("1");
    await expect(page.getByTestId("import-errors")).toContainText('Unknown signal type "pricing_page"');
    await expect(page.getByRole("button", { name: "Import 2 rows" })).toBeDisabled();
    await page.getByLabel(/Import the valid rows only/).check();
    await page.getByRole("button", { name: "Import 2 rows" }).click();
    await expect(page.getByRole("heading", { name: "Imported" })).toBeVisible();

    // The account the file named was created, scored as of each signal, and shows the history.
    await page.goto("/accounts?q=E2e%20History");
    await page.getByRole("link", { name: "E2e History" }).first().click();
    const readiness = page.getByRole("region", { name: "Pipeline readiness" });
    await expect(readiness.getByRole("list", { name: "Latest signals" })).toContainText("Demo request");
    await expect(readiness.getByRole("list", { name: "Latest signals" })).toContainText("Pricing page depth");
    await expect(readiness.getByRole("list", { name: "Latest signals" })).toContainText("meeting booked");
  });

  test("a file that is not UTF-8 is refused with a message that says what to do", async ({ page }) => {
    await signInAs(page, "admin@example.com");
    await page.goto("/import");
    // "Name\nMüller\n" saved as Latin-1.
    await chooseFile(page, { name: "latin1.csv", mimeType: "text/csv", buffer: Buffer.from([0x4e, 0x61, 0x6d, 0x65, 0x0a, 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x0a]) });
    await page.getByRole("button", { name: "Upload and recognise" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "The file is not UTF-8" });
    await expect(alert).toContainText("Save it as CSV UTF-8 and upload it again.");
  });

  test("a sales rep cannot import, even by a direct request", async ({ page }) => {
    await signIn(page, "rep@example.com");
    const response = await page.request.post("/api/imports?name=x.csv", { data: "Opportunity ID\n1\n", headers: { "content-type": "text/csv" } });
    expect(response.status()).toBe(403);
    expect((await page.request.get("/api/imports/1")).status()).toBe(403);
    await page.goto("/import");
    await expect(page.getByRole("heading", { name: "You do not have access to this" })).toBeVisible();
  });
});
