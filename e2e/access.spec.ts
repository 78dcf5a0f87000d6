import { expect, test, type Request } from "@playwright/test";
import { can } from "@/lib/auth/permissions";
import { navItems } from "@/lib/navigation";
import { signIn } from "./fixtures";

// Every page of the menu, so a page added there is covered here without editing this file.
const appPages = ["/", ...navItems.map((item) => item.href)];
const roleOf = { "admin@example.com": "admin", "exec@example.com": "executive", "marketing@example.com": "marketing", "rep@example.com": "sales" } as const;

test.describe("access control", () => {
  for (const path of appPages) {
    test(`a signed-out visitor is sent from ${path} to sign in`, async ({ page }) => {
      const response = await page.goto(path);
      await expect(page).toHaveURL(/\/sign-in/);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    });
  }

  test("a forged or stale session cookie gets no further than sign-in", async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: "authjs.session-token", value: "not-a-real-token", url: baseURL! }]);
    for (const path of appPages) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/sign-in/);
    }
  });

  for (const [email, role] of Object.entries(roleOf)) {
    test(`${role}: every page answers 200 where the role may see it and 403 where not`, async ({ page }) => {
      await signIn(page, email);
      const menu = await page.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents();
      expect(menu).toEqual(navItems.filter((item) => can(role, item.permission)).map((item) => item.label));
      for (const item of navItems) {
        const response = await page.goto(item.href);
        expect(response?.status(), `${role} on ${item.href}`).toBe(can(role, item.permission) ? 200 : 403);
      }
    });
  }

  test("a sales user sees no admin menu and gets 403 on the admin page", async ({ page }) => {
    await signIn(page, "rep@example.com");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toHaveCount(0);
    const response = await page.goto("/admin/users");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You do not have access to this" })).toBeVisible();
  });

  test("a sales user calling the admin user actions directly gets 403 and changes nothing", async ({ browser }) => {
    // Record the requests the admin's browser sends for two admin actions.
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signIn(admin, "admin@example.com");
    await admin.goto("/admin/users");
    const recorded: Request[] = [];
    admin.on("request", (r) => {
      if (r.method() === "POST" && r.headers()["next-action"]) recorded.push(r);
    });
    await admin.getByLabel("Name").fill("Recorded Person");
    await admin.getByLabel("Email").fill("recorded@example.com");
    await admin.getByRole("button", { name: "Add user" }).click();
    await expect(admin.getByText("Recorded Person can now sign in.")).toBeVisible();
    const row = admin.getByTestId("user-rep2@example.com");
    await row.getByLabel("role").selectOption("marketing");
    await row.getByRole("button", { name: "Save role" }).click();
    await expect(row.getByText(/is now marketing/)).toBeVisible();
    await row.getByLabel("role").selectOption("sales");
    await row.getByRole("button", { name: "Save role" }).click();
    await expect(row.getByText(/is now sales/)).toBeVisible();
    expect(recorded.length).toBeGreaterThanOrEqual(2);

    // Replay them as a sales rep, with the rep's session and a fresh email so a write would show.
    const repContext = await browser.newContext();
    const rep = await repContext.newPage();
    await signIn(rep, "rep@example.com");
    for (const request of recorded) {
      const body = request.postDataBuffer()!.toString("latin1").replace("recorded@example.com", "intruder@example.com");
      const response = await rep.request.post(request.url(), {
        headers: { "next-action": request.headers()["next-action"]!, "content-type": request.headers()["content-type"]! },
        data: Buffer.from(body, "latin1"),
        maxRedirects: 0,
      });
      expect(response.status()).toBe(403);
    }

    await admin.reload();
    await expect(admin.getByText("intruder@example.com")).toHaveCount(0);
    await expect(admin.getByTestId("user-rep2@example.com").getByLabel("role")).toHaveValue("sales");
    await adminContext.close();
    await repContext.close();
  });
});
