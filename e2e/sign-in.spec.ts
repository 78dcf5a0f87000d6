import { expect, test } from "@playwright/test";
import { REFUSED, demoUsers, fillSignIn, signIn } from "./fixtures";

test.describe("signing in", () => {
  for (const user of demoUsers) {
    test(`${user.email} lands on their page`, async ({ page }) => {
      await signIn(page, user.email);
      await expect(page).toHaveURL(new RegExp(`${user.landing}$`));
      await expect(page.getByRole("heading", { level: 1, name: user.heading })).toBeVisible();
      await expect(page.getByTestId("current-user")).toContainText(user.role);

      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page).toHaveURL(/\/sign-in$/);
      await page.goto(user.landing);
      await expect(page).toHaveURL(/\/sign-in/);
    });
  }

  test("signing out ends every copy of the session: a copied cookie no longer opens a page", async ({ page, context, request }) => {
    await signIn(page, "exec@example.com");
    await expect(page.getByRole("heading", { level: 1, name: "Pipeline velocity" })).toBeVisible();
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    expect(cookie).toContain("session-token");

    // The copy works while the session is live: the raw request gets the page itself.
    const before = await request.get("/velocity", { maxRedirects: 0, headers: { cookie } });
    expect(before.status()).toBe(200);
    expect(await before.text()).toContain("Pipeline velocity");

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);

    // The same cookie, replayed after sign-out (a stolen copy, another tab, another device).
    const after = await request.get("/velocity", { maxRedirects: 0, headers: { cookie } });
    expect(after.status(), "a replayed cookie must be sent to sign-in").toBeGreaterThanOrEqual(300);
    expect(after.status()).toBeLessThan(400);
    expect(after.headers()["location"]).toMatch(/\/sign-in/);
    // The document title and the app's description are static text sent with any answer, not the page's.
    const body = (await after.text()).replaceAll("Pipeline velocity · Pipeline Accelerator", "").replaceAll("Pipeline velocity, funnel, signals", "");
    for (const data of ["Pipeline velocity", "Emerson Exec", "Riley Rep", "Reese Rep", "Priya Raman", "Paid Search", "velocity-value", "Download audit"]) {
      expect(body, `the answer must not carry "${data}"`).not.toContain(data);
    }
  });

  test("a wrong password shows a message and starts no session", async ({ page, context }) => {
    await fillSignIn(page, "exec@example.com", "not-the-password");
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(REFUSED);
    await expect(page).toHaveURL(/\/sign-in/);
    const cookies = await context.cookies();
    expect(cookies.some((c) => c.name.includes("session-token"))).toBe(false);
    await page.goto("/overview");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Foverview/);
  });

  test("the health endpoint names the driver and says the database answers", async ({ request }, testInfo) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ status: "ok", database: "up" });
    // The projects are named after the driver they run on ("pglite", "pglite-sessions", "postgres").
    expect(body.driver).toBe(testInfo.project.name.split("-")[0]);
  });
});
