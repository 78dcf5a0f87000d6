import { expect, test } from "@playwright/test";
import { createApiKey, followNavLink, signIn, signInAs } from "./fixtures";

test.describe("attribution", () => {
  test("a marketer compares the models, switches to revenue, and the link keeps the choice", async ({ page }) => {
    await signIn(page, "marketing@example.com");
    await followNavLink(page, "Attribution");
    await expect(page.getByRole("heading", { level: 1, name: "Attribution" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "W-shaped: pipeline by channel" })).toBeVisible();
    const comparison = page.getByTestId("model-comparison");
    for (const label of ["First touch", "Last touch", "Linear", "U-shaped", "W-shaped", "Time decay"]) {
      await expect(comparison.getByRole("columnheader", { name: label })).toBeVisible();
    }
    await expect(comparison.getByRole("rowheader", { name: "Unattributed" })).toBeVisible();

    await page.getByRole("navigation", { name: "Model" }).getByRole("link", { name: "Time decay" }).click();
    await expect(page).toHaveURL(/model=time_decay/);
    await expect(page.getByRole("heading", { name: "Time decay: pipeline by channel" })).toBeVisible();
    await page.getByRole("navigation", { name: "Credit" }).getByRole("link", { name: "Revenue" }).click();
    await expect(page).toHaveURL(/basis=revenue/);
    await expect(page.getByRole("heading", { name: "Time decay: revenue by channel" })).toBeVisible();
    await page.getByLabel("Period", { exact: true }).selectOption("last_quarter");
    await expect(page).toHaveURL(/period=last_quarter/);
    await expect(page).toHaveURL(/model=time_decay/);

    await page.goto("/attribution?model=magic");
    await expect(page.getByText(/model must be one of first_touch, last_touch, linear, u_shaped, w_shaped, time_decay; got "magic"/)).toBeVisible();
  });

  test("a machine client reads the same credit, to the cent, and gets a 400 for an unknown model", async ({ page, request }) => {
    await signInAs(page, "admin@example.com");
    const key = await createApiKey(page, "Attribution client");
    const auth = { authorization: `Bearer ${key}` };

    expect((await request.get("/api/v1/metrics/attribution?model=linear")).status()).toBe(401);
    const bad = await request.get("/api/v1/metrics/attribution?model=magic", { headers: auth });
    expect(bad.status()).toBe(400);
    expect(await bad.json()).toMatchObject({ parameter: "model" });

    const response = await request.get("/api/v1/metrics/attribution?model=u_shaped&period=last_quarter", { headers: auth });
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.model).toBe("u_shaped");
    const cents = (s: string) => Math.round(Number(s) * 100);
    expect(body.channels.reduce((sum: number, c: { credit: string }) => sum + cents(c.credit), 0)).toBe(cents(body.totals.attributedAmount));
    expect(cents(body.totals.attributedAmount) + cents(body.totals.unattributedAmount)).toBe(cents(body.totals.amount));

    // The dark-social view of the same period: each side's shares add up to 100 %, the deltas to 0.
    const dark = body.darkSocial;
    expect(dark.leads).toBeGreaterThan(0);
    expect(dark.capture.answered).toBeLessThanOrEqual(dark.capture.demoRequests);
    const sum = (key: string) => dark.channels.reduce((s: number, c: Record<string, number>) => s + c[key]!, 0);
    expect(sum("selfReportedShare")).toBeCloseTo(1, 9);
    expect(sum("firstTouchShare")).toBeCloseTo(1, 9);
    expect(sum("delta")).toBeCloseTo(0, 9);
    expect(dark.months).toHaveLength(12);
  });
});
