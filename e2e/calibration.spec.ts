import { expect, test, type Page, type Request } from "@playwright/test";
import { signInAs } from "./fixtures";

/** The candidate panel once its figures are for weights containing `fragment` (the preview has caught up). */
async function candidateFor(page: Page, fragment: string) {
  const panel = page.getByTestId("candidate");
  await expect(panel).toHaveAttribute("data-for", new RegExp(fragment.replace(/[{}.]/g, "\\$&")));
  return panel;
}

test.describe("scoring and calibration", () => {
  test("a marketer sees what other weights would change before saving them, then saves", async ({ page }) => {
    await signInAs(page, "marketing@example.com");
    await page.goto("/signals/calibration");
    await expect(page.getByRole("heading", { level: 1, name: "Scoring and calibration" })).toBeVisible();
    // From whatever is saved (30 / 40 / 30 on a fresh demo): intent 40 % → 60 %, fit down by as much.
    const fitNow = Number(await page.getByLabel("Fit weight (%)").inputValue());
    const intentNow = Number(await page.getByLabel("Intent weight (%)").inputValue());
    const intent = intentNow === 60 ? 40 : 60;
    const fit = fitNow + intentNow - intent;
    expect(fit).toBeGreaterThanOrEqual(0);
    const saved = page.getByTestId("saved-settings");
    await expect(saved).toContainText(`Fit weight${fitNow}%`);
    await expect(saved).toContainText(`Intent weight${intentNow}%`);
    const savedFp = (await page.getByTestId("saved-fp").textContent())!;
    const savedFn = (await page.getByTestId("saved-fn").textContent())!;
    expect(savedFp).toMatch(/^(\d+\.\d%|—)/);

    // The preview starts from the saved values.
    await candidateFor(page, `"fit":${fitNow / 100},"intent":${intentNow / 100}`);

    // Intent first: the weights no longer add up to 100 %, and saving is not possible.
    await page.getByLabel("Intent weight (%)").fill(String(intent));
    await expect(page.getByText(`The weights add up to ${100 - intentNow + intent} %; they must add up to 100 %`)).toBeVisible();
    await expect(page.getByRole("button", { name: "Save scoring settings" })).toBeDisabled();
    await expect(page.getByText("Correct the values on the left to see their backtest.")).toBeVisible();

    // Then fit: back to 100 %, and the backtest answers for the candidate before anything is saved.
    await page.getByLabel("Fit weight (%)").fill(String(fit));
    await expect(page.getByText("adds up to 100 %")).toBeVisible();
    const panel = await candidateFor(page, `"fit":${fit / 100},"intent":${intent / 100}`);
    const candidateFp = (await panel.getByTestId("candidate-fp").textContent())!;
    const candidateFn = (await panel.getByTestId("candidate-fn").textContent())!;
    const sample = (await panel.getByTestId("candidate-sample").textContent())!;
    // The demo deals have a score history, so other weights move the rates.
    const moved = candidateFp !== savedFp || candidateFn !== savedFn;
    expect(moved).toBe(true);
    expect(sample).toMatch(/false positives .*(lost deals|no lost deals)/);
    await expect(panel.getByTestId("bucket-comparison")).toHaveCount(1);
    await expect(panel.getByRole("figure", { name: "Won and lost deals by best score, candidate settings" })).toBeVisible();
    // The saved figures stay as they were.
    await expect(page.getByTestId("saved-fp")).toHaveText(savedFp);
    await expect(page.getByTestId("saved-fn")).toHaveText(savedFn);
    await expect(saved).toContainText(`Intent weight${intentNow}%`);

    await page.getByRole("button", { name: "Save scoring settings" }).click();
    await expect(page.getByText("Saved 2 changes. Scores computed from now on use them.")).toBeVisible();
    await page.reload();
    await expect(page.getByTestId("saved-settings")).toContainText(`Fit weight${fit}%`);
    await expect(page.getByTestId("saved-settings")).toContainText(`Intent weight${intent}%`);
    await expect(page.getByText(/Last saved by .+ on /)).toBeVisible();
  });

  test("a rep reads the scoring but cannot change it, even by replaying a save", async ({ page, browser }) => {
    await signInAs(page, "marketing@example.com");
    await page.goto("/signals/calibration");
    const recorded: Request[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && r.headers()["next-action"] && (r.postData() ?? "").includes('"loadedAt"')) recorded.push(r);
    });
    const thresholdNow = Number(await page.getByLabel("Threshold", { exact: true }).inputValue());
    const threshold = thresholdNow === 65 ? 66 : 65;
    await page.getByLabel("Threshold", { exact: true }).fill(String(threshold));
    await page.getByRole("button", { name: "Save scoring settings" }).click();
    await expect(page.getByText(/^Saved 1 change\./)).toBeVisible();
    expect(recorded.length).toBe(1);
    const action = recorded[0]!;

    const rep = await browser.newContext({ baseURL: new URL(page.url()).origin });
    const repPage = await rep.newPage();
    await signInAs(repPage, "rep@example.com");
    await repPage.goto("/signals/calibration");
    await expect(repPage.getByRole("heading", { level: 1, name: "Scoring and calibration" })).toBeVisible();
    await expect(repPage.getByTestId("saved-settings")).toContainText(`Threshold${threshold}`);
    await expect(repPage.getByRole("heading", { name: "Try other weights and a threshold" })).toHaveCount(0);
    await expect(repPage.getByRole("button", { name: "Save scoring settings" })).toHaveCount(0);

    const body = action.postDataBuffer()!.toString("utf8").replace(`"calibrationThreshold":${threshold}`, '"calibrationThreshold":70');
    expect(body).toContain('"calibrationThreshold":70');
    const response = await repPage.request.post(action.url(), {
      headers: { "next-action": action.headers()["next-action"]!, "content-type": action.headers()["content-type"]! },
      data: body,
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    await repPage.reload();
    await expect(repPage.getByTestId("saved-settings")).toContainText(`Threshold${threshold}`);
    // The rep downloads the model as saved: its sections, and the threshold the marketer set.
    const [download] = await Promise.all([repPage.waitForEvent("download"), repPage.getByRole("link", { name: "Download lead-scoring-model.md" }).click()]);
    expect(download.suggestedFilename()).toBe("lead-scoring-model.md");
    const model = (await (await repPage.request.get("/signals/calibration/model")).text()).split("\n");
    for (const heading of ["# Lead scoring model", "## Architecture", "## Inputs: the signal taxonomy", "## Weights", "## Thresholds", "## Latest calibration"]) expect(model).toContain(heading);
    expect(model).toContain(`The calibration threshold (a best score at or above it "scored high"): **${threshold}**.`);
    await rep.close();
  });

  test("a marketer changes a signal type's points in the taxonomy", async ({ page }) => {
    await signInAs(page, "marketing@example.com");
    await page.goto("/signals/taxonomy");
    await expect(page.getByRole("heading", { level: 1, name: "Signal taxonomy" })).toBeVisible();
    const high = page.getByTestId("taxonomy-high");
    await expect(high.locator('tr[data-type="multiple_stakeholders"]')).toContainText("derived from the stream");
    const row = high.locator('tr[data-type="pricing_page_depth"]');
    const before = Number(await row.getByTestId("points").textContent());
    const next = before === 33 ? 34 : 33;

    await row.getByRole("button", { name: "Edit Pricing page depth" }).click();
    const form = page.getByRole("form", { name: "Edit Pricing page depth" });
    await form.getByLabel("Points (0–100)").fill("101");
    await form.getByRole("button", { name: "Save", exact: true }).click();
    await expect(form.getByText("Points must be at most 100")).toBeVisible();
    await form.getByLabel("Points (0–100)").fill(String(next));
    await form.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByText("Pricing page depth: Saved 1 change; new signals are scored with them.")).toBeVisible();
    await expect(high.locator('tr[data-type="pricing_page_depth"]').getByTestId("points")).toHaveText(String(next));
    await page.reload();
    await expect(page.getByTestId("taxonomy-high").locator('tr[data-type="pricing_page_depth"]').getByTestId("points")).toHaveText(String(next));
    await expect(page.getByTestId("taxonomy-high").locator('tr[data-type="pricing_page_depth"]')).toContainText(/Changed by /);
  });
});
