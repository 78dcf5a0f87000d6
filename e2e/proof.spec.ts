import { expect, test } from "@playwright/test";
import { signInAs } from "./fixtures";

/** The case-study library: marketing closes a gap with a new story; a rep logs a matched story sent. */

test.describe("customer proof", () => {
  // First: marketing's gap below may be this rep's only one.
  test("a rep records a gap deal's use case and objection, and a story answering them matches", async ({ page }) => {
    await signInAs(page, "rep@example.com");
    await page.goto("/deals?proof=gap");
    const link = page.locator("table tbody a[href^='/deals/']").first();
    await expect(link, "the rep has an open deal no story fits").toBeVisible();
    await link.click();
    const proof = page.getByRole("region", { name: "Matched proof" });
    await expect(proof).toContainText("No story fits this deal yet");
    const form = page.getByRole("form", { name: "Use case and objection" });
    // A story of the demo library: Bluepeak Pay, lead routing, "Our reps won't adopt another tool" (2 + 2 points).
    await expect(form.locator("datalist option[value=\"Our reps won't adopt another tool\"]")).toHaveCount(1);
    await form.getByLabel("Use case").fill("lead routing");
    await form.getByLabel("Main objection").fill("Our reps won't adopt another tool");
    await form.getByRole("button", { name: "Save use case and objection" }).click();
    await expect(form.getByText(/^Saved/)).toBeVisible();
    await page.reload();
    const story = proof.getByTestId("matched-story").filter({ hasText: "Bluepeak Pay" });
    await expect(story).toContainText("Answers the objection: Our reps won't adopt another tool");
    await expect(story).toContainText("Same use case: Lead routing");
    await expect(page.getByRole("region", { name: "History", exact: true })).toContainText("Our reps won't adopt another tool");
  });

  test("marketing adds a story for a gap, and the gap closes", async ({ page }) => {
    await signInAs(page, "marketing@example.com");
    await page.goto("/win-loss");
    await page.getByRole("navigation", { name: "Win/loss pages" }).getByRole("link", { name: "Customer proof" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Customer proof" })).toBeVisible();
    const gaps = page.getByTestId("proof-gap");
    const labels = (await gaps.locator("th > span.font-medium").allTextContents()).filter((l) => !/unknown/.test(l));
    expect(labels.length, "the demo data leaves open deals no story fits").toBeGreaterThan(0);
    const label = labels[0]!;
    const [industry, size, useCase] = label.split(" · ") as [string, string, string];

    const form = page.getByRole("form", { name: "Add a story" });
    await form.getByRole("button", { name: "Add story" }).click();
    await expect(form.getByText("Title is required")).toBeVisible();
    await form.getByLabel("Title").fill(`How a ${industry} team won with ${useCase}`);
    await form.getByLabel("Customer").fill("Gapclose Ltd");
    await form.getByLabel("Industry").fill(industry);
    await form.getByLabel("Company size").selectOption({ label: size });
    await form.getByLabel("Use case").fill(useCase);
    await form.getByRole("button", { name: "Add story" }).click();
    await expect(form.getByText(/added to the library/)).toBeVisible();
    await expect(page.getByTestId("story").filter({ hasText: "Gapclose Ltd" })).toBeVisible();
    await expect(gaps.filter({ has: page.locator("th > span.font-medium", { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) }) })).toHaveCount(0);
  });

  test("a rep sees a matched story on a deal's page and logs it sent", async ({ page }) => {
    await signInAs(page, "rep@example.com");
    await page.goto("/overview");
    const item = page.getByTestId("deal-action-proofUnsent");
    const onOverview = Number((await item.getByTestId("deal-action-count").textContent())!.replace(/[^0-9]/g, ""));
    expect(onOverview, "the rep has open deals with a matched story not sent yet").toBeGreaterThan(0);
    await item.click();
    await expect(page).toHaveURL(/proof=unsent/);
    expect(Number((await page.getByTestId("deal-count").textContent())!.replace(/[^0-9]/g, ""))).toBe(onOverview);
    await page.locator("table tbody a[href^='/deals/']").first().click();
    const section = page.getByRole("region", { name: "Matched proof" });
    await expect(section.getByTestId("matched-story").first()).toBeVisible();
    // Pinned by its title: once logged, it is no longer the first story without a send.
    const title = (await section.getByTestId("matched-story").filter({ hasNot: page.getByTestId("proof-sent") }).first().locator("p").first().textContent())!.replace(/ · \d+ points$/, "");
    const story = section.getByTestId("matched-story").filter({ hasText: title });
    await expect(story.getByRole("listitem").first()).toBeVisible();
    await story.getByRole("button", { name: /as sent to this deal$/ }).click();
    await expect(story.getByText("Logged as sent")).toBeVisible();
    await page.reload();
    await expect(section.getByTestId("proof-sent").first()).toContainText(/^Sent .* by /);
  });

  test("marketing imports a story CSV: a bad row imports nothing and is named, the fixed file imports every story", async ({ page }) => {
    await signInAs(page, "marketing@example.com");
    await page.goto("/win-loss/proof");
    const form = page.getByRole("form", { name: "Import stories" });
    const stories = page.getByTestId("story");
    const before = await stories.count();
    const csv = (rows: string[]) => ({ name: "stories.csv", mimeType: "text/csv", buffer: Buffer.from(`\uFEFFObjection,Title,Customer,Industry,Size,Stage\n${rows.join("\n")}\n`) });
    const good = '"We tried this before, it failed",How Importville Co. came back,Importville Co.,Importtown,Mid-market,Proposal';
    await form.getByLabel("CSV file").setInputFiles(csv([good, "Price,A stage that is not,Nostage Ltd,Importtown,SMB,Nowhere"]));
    await form.getByRole("button", { name: "Import stories" }).click();
    await expect(form).toContainText("Nothing was imported: 1 problem to fix.");
    await expect(form.getByTestId("story-import-errors")).toHaveText("Row 3, stage: No pipeline stage is called “Nowhere”.");
    await page.reload();
    await expect(stories).toHaveCount(before);

    await form.getByLabel("CSV file").setInputFiles(csv([good, "Price,How Nostage Ltd stopped waiting,Nostage Ltd,Importtown,SMB,"]));
    await form.getByRole("button", { name: "Import stories" }).click();
    await expect(form.getByText("2 stories imported.")).toBeVisible();
    await expect(stories).toHaveCount(before + 2);
    const imported = stories.filter({ hasText: "Importville Co." });
    await expect(imported).toContainText("Importtown · Mid-market");
    await expect(imported).toContainText("helps at Proposal");
    await expect(imported).toContainText("Answers: “We tried this before, it failed”");
  });

});
