import { expect, test } from "@playwright/test";
import { demoUsers, fillSignIn, signIn } from "./fixtures";

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

  test("a wrong password shows a message and starts no session", async ({ page, context }) => {
    await fillSignIn(page, "exec@example.com", "not-the-password");
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong email or password.");
    await expect(page).toHaveURL(/\/sign-in/);
    const cookies = await context.cookies();
    expect(cookies.some((c) => c.name.includes("session-token"))).toBe(false);
    await page.goto("/overview");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Foverview/);
  });

  test("the health endpoint names the driver and says the database answers", async ({ request, baseURL }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ status: "ok", database: "up" });
    expect(body.driver).toBe(baseURL?.endsWith(":3101") ? "postgres" : "pglite");
  });
});
