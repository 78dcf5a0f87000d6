import { expect, test } from "@playwright/test";
import { openOwnAccountWithContact, signInAs } from "./fixtures";

test.describe("buying-group map edits", () => {
  test("a save says so visibly next to the control, and Enter in a gap action saves once", async ({ page }) => {
    await signInAs(page, "rep@example.com");
    const name = await openOwnAccountWithContact(page);
    const map = page.getByRole("region", { name: "Buying-group map" });

    const status = map.getByLabel(`Status of ${name}`);
    const statusCell = map.getByRole("cell").filter({ has: page.getByLabel(`Status of ${name}`) });
    const next = (await status.inputValue()) === "engaged" ? "active" : "engaged";
    await status.selectOption(next);
    const mark = statusCell.getByTestId("save-mark");
    await expect(mark).toHaveText("✓ Saved");
    // Seen, not only announced: a real box on the screen beside the control.
    const box = (await mark.boundingBox())!;
    expect(box.width).toBeGreaterThan(20);
    expect(box.height).toBeGreaterThan(8);
    // The screen reader's announcement stays.
    await expect(map.getByRole("status")).toHaveText(`Saved: ${name} is ${next}`);

    // Enter saves the gap action once: the blur that follows sends nothing more.
    const actions: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && r.headers()["next-action"]) actions.push(r.url());
    });
    const gap = map.getByLabel(`Gap action for ${name}`);
    const gapCell = map.getByRole("cell").filter({ has: page.getByLabel(`Gap action for ${name}`) });
    await gap.fill(`Book the pricing review ${Date.now()}`);
    await gap.press("Enter");
    await expect(gapCell.getByTestId("save-mark")).toHaveText("✓ Saved");
    await expect(statusCell.getByTestId("save-mark")).toHaveCount(0);
    await page.getByRole("heading", { level: 1 }).click();
    await page.waitForTimeout(1_000);
    expect(actions).toHaveLength(1);
    await expect(map.getByText(/Not saved/)).toHaveCount(0);
  });
});
