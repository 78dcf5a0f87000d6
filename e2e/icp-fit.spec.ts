import { expect, test, type Page } from "@playwright/test";
import { chooseFile, signInAs } from "./fixtures";

/**
 * A HubSpot companies export whose industries are written five ways. The fits below are the demo
 * company's ICP model (db/seed/generate-accounts.ts, demoIcpModel): target industries Software,
 * Technology and Financial Services (30 points); 150–10,000 employees (20, half from 75); revenue
 * 20M–2B (15, half from 10M); its countries (10); a third of 25 points for each of Salesforce, Gong
 * and Outreach used. Blank fields are not counted.
 */
const companies = [
  "Record ID,Company name,Company Domain Name,Industry,Number of Employees,Annual Revenue,Country/Region,Web Technologies",
  // 30 + 10 (125 employees) + 15 + 10 + 8.33 (Salesforce) = 73.33 of 100 → 73, qualified.
  "e2e-fit-1,E2e Fit Northwind,e2e-fit-northwind.io,Technology,51-200,20000000,United States,Salesforce;Slack",
  // "technolgy" is Technology: 30 + 20 + 15 + 10 + 0 = 75.
  'e2e-fit-2,E2e Fit Contoso,e2e-fit-contoso.io,technolgy,"1,500",40000000,USA,HubSpot',
  // "Tech" is no industry of the rules yet: 0 + 10 + 7.5 (12M) + 10 + 8.33 = 35.83 → 36, disqualify; once Technology, 66.
  "e2e-fit-3,E2e Fit Fabrikam,e2e-fit-fabrikam.io,Tech,51-200,12000000,United States,salesforce",
  // 30 + 20 + 10, of 60 (no revenue, no stack known) → 100.
  "e2e-fit-4,E2e Fit Globex,e2e-fit-globex.io,Financial services,300,,Canada,",
  // 0 + 10 + 0, of 60 → 17, disqualify.
  "e2e-fit-5,E2e Fit Initech,e2e-fit-initech.io,Hospitality,120,,Brazil,",
].join("\n");

const list = "/accounts?q=E2e%20Fit&sort=name&dir=asc#accounts";
const row = (page: Page, name: string) => page.locator("#accounts tbody tr", { hasText: name });

async function expectRow(page: Page, name: string, { industry, fit, band, suggested }: { industry: string; fit: string; band: string; suggested: string }) {
  const r = row(page, name);
  await expect(r).toContainText(industry);
  await expect(r.getByTestId("account-fit")).toHaveText(`${fit}${band}`);
  await expect(r.getByTestId("suggested-tier")).toHaveText(suggested);
}

test.describe("ICP fit", () => {
  test("an admin imports companies with industries in mixed spellings, maps them, and sees fit and suggested tiers on /accounts", async ({ page }) => {
    await signInAs(page, "admin@example.com");

    await page.goto("/import");
    await chooseFile(page, { name: "hubspot-companies.csv", mimeType: "text/csv", buffer: Buffer.from(companies) });
    await page.getByRole("button", { name: "Upload and recognise" }).click();
    await expect(page).toHaveURL(/\/import\/\d+$/);
    await expect(page.getByTestId("import-format")).toHaveText("HubSpot companies export");
    // How the industry rules will file the file's industries, before anything is written.
    const industries = page.getByTestId("industry-mapping");
    await expect(industries.locator("li", { hasText: "“technolgy”" })).toContainText("→ Technology (read through a typo)");
    await expect(industries.locator("li", { hasText: "“Financial services”" })).toContainText("→ Financial Services");
    await expect(industries.locator("li", { hasText: "“Tech”" })).toContainText("not matched by a rule: kept as “Tech”");

    await page.getByRole("button", { name: "Check all 5 rows" }).click();
    await expect(page.getByTestId("count-new")).toHaveText("5");
    await expect(page.getByTestId("count-failed")).toHaveText("0");
    await page.getByRole("button", { name: "Import 5 rows" }).click();
    await expect(page.getByRole("heading", { name: "Imported" })).toBeVisible();

    // Fit and suggested tier as soon as the import is done (no intent yet: a fit of 50 or more suggests Tier 3).
    await page.goto(list);
    await expect(page.locator("#accounts tbody tr")).toHaveCount(5);
    await expectRow(page, "E2e Fit Northwind", { industry: "Technology", fit: "73", band: "Qualified fit", suggested: "Tier 3" });
    await expectRow(page, "E2e Fit Contoso", { industry: "Technology", fit: "75", band: "Qualified fit", suggested: "Tier 3" });
    await expectRow(page, "E2e Fit Fabrikam", { industry: "Tech", fit: "36", band: "Disqualify", suggested: "None" });
    await expectRow(page, "E2e Fit Globex", { industry: "Financial Services", fit: "100", band: "Qualified fit", suggested: "Tier 3" });
    await expectRow(page, "E2e Fit Initech", { industry: "Hospitality", fit: "17", band: "Disqualify", suggested: "None" });

    // "Tech" waits for review; the admin files it under Technology.
    await page.goto("/settings/icp");
    await expect(page.getByTestId("unmapped-industries")).toContainText("“Tech”");
    const phrases = page.getByLabel("Phrases for Technology", { exact: true });
    await phrases.fill(`${await phrases.inputValue()}, tech`);
    await expect(page.getByTestId("moving-industries")).toContainText("“Tech”: Tech → Technology");
    await expect(page.getByTestId("unmapped-industries")).not.toContainText("“Tech”");
    await page.getByRole("button", { name: "Save the industry rules" }).click();
    // The save waits its turn behind the previous save's recompute batches on the embedded database.
    await expect(page.getByText("Saved 1 change. Every account's fit is being recomputed; tier suggestions follow.")).toBeVisible({ timeout: 30_000 });

    // The recompute job files every account's "Tech" under Technology, and the fit and the suggestion follow.
    await expect(async () => {
      await page.goto(list);
      await expectRow(page, "E2e Fit Fabrikam", { industry: "Technology", fit: "66", band: "Monitor", suggested: "Tier 3" });
    }).toPass({ timeout: 60_000 });
    await expectRow(page, "E2e Fit Northwind", { industry: "Technology", fit: "73", band: "Qualified fit", suggested: "Tier 3" });
    await page.goto("/settings/icp");
    await expect(page.getByTestId("fit-recompute-status")).toContainText(/Fits last recomputed .*: [\d,]+ accounts, [\d,]+ changed\./);

    // The account page: the industry with its raw value, the model's reasons, and a fit set by hand.
    await page.goto(list);
    await row(page, "E2e Fit Contoso").getByRole("link", { name: "E2e Fit Contoso" }).click();
    await expect(page.getByText("Technology (imported as “technolgy”)").first()).toBeVisible();
    const fit = page.getByRole("region", { name: "ICP fit" });
    await expect(fit.getByTestId("fit-score")).toHaveText("75");
    const reasons = fit.getByRole("table", { name: "Fit reasons" });
    await expect(reasons).toContainText("Technology is a target industry: 30 of 30 points");
    await expect(reasons).toContainText("Uses 0 of the 3 required; missing Salesforce, Gong, Outreach: 0 of 25 points");
    const override = fit.getByRole("form", { name: "Set the fit by hand" });
    await override.getByLabel("Fit (0–100)").fill("90");
    await override.getByRole("button", { name: "Set fit" }).click();
    await expect(override.getByText("Give the reason for this account's fit.")).toBeVisible();
    await override.getByLabel("Reason (required)").fill("Signed a paid pilot for their EMEA team");
    await override.getByRole("button", { name: "Set fit" }).click();
    await expect(fit.getByTestId("fit-override")).toContainText("Set by hand to 90; the model gives 75.");
    await expect(fit.getByTestId("fit-override")).toContainText("“Signed a paid pilot for their EMEA team”");
    await expect(fit.getByTestId("fit-override")).toContainText("Avery Admin");
    await expect(fit.getByTestId("fit-score")).toHaveText("90");

    await page.goto(list);
    await expectRow(page, "E2e Fit Contoso", { industry: "Technology", fit: "90", band: "Qualified fit", suggested: "Tier 3" });
  });
});
