import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { signIn, signInAs } from "./fixtures";

/** The headers every response carries: no framing (clickjacking), no type sniffing, no full referrer to other sites. */
function expectSecurityHeaders(headers: Record<string, string>, what: string) {
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["content-security-policy"], what).toBe("frame-ancestors 'none'");
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
}

const get = (page: Page, path: string): Promise<APIResponse> => page.request.get(path, { maxRedirects: 0 });

test.describe("security headers", () => {
  test("a signed-out visitor's redirect, the sign-in page and its scripts carry them", async ({ page }) => {
    const redirect = await get(page, "/velocity");
    expect(redirect.status()).toBe(307);
    expect(redirect.headers().location).toMatch(/\/sign-in\?callbackUrl=%2Fvelocity$/);
    expectSecurityHeaders(redirect.headers(), "the proxy's redirect to sign-in");

    const scripts: string[] = [];
    page.on("response", (response) => {
      if (response.url().includes("/_next/static/") && response.url().endsWith(".js")) {
        scripts.push(response.url());
        expectSecurityHeaders(response.headers(), response.url());
      }
    });
    const signInPage = await page.goto("/sign-in");
    expect(signInPage?.status()).toBe(200);
    expectSecurityHeaders(signInPage!.headers(), "the sign-in page");
    // Only frame-ancestors is set: Next's inline scripts still run, so the form works.
    await signIn(page, "rep@example.com");
    expect(scripts.length).toBeGreaterThan(0);
  });

  test("a page, a 403 page, downloads and route handlers' answers carry them", async ({ page }) => {
    await signInAs(page, "rep@example.com");
    const overview = await page.goto("/overview");
    expect(overview?.status()).toBe(200);
    expectSecurityHeaders(overview!.headers(), "a page");

    const refused = await page.goto("/admin/users");
    expect(refused?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You do not have access to this" })).toBeVisible();
    expectSecurityHeaders(refused!.headers(), "a 403 page");

    const csv = await get(page, "/export/accounts");
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    expectSecurityHeaders(csv.headers(), "a CSV export");

    const audit = await get(page, "/velocity/audit");
    expect(audit.status()).toBe(200);
    expect(audit.headers()["content-type"]).toBe("text/markdown; charset=utf-8");
    expectSecurityHeaders(audit.headers(), "the velocity audit");

    const program = await get(page, "/accounts/program");
    expect(program.status()).toBe(200);
    expectSecurityHeaders(program.headers(), "the ABM program design");

    // A route handler's own refusal, and an API's answer without a key.
    const importErrors = await get(page, "/api/imports/1/errors");
    expect(importErrors.status()).toBe(403);
    expectSecurityHeaders(importErrors.headers(), "the import error report refused to a rep");
    const api = await get(page, "/api/v1/metrics/velocity");
    expect(api.status()).toBe(401);
    expectSecurityHeaders(api.headers(), "an API answer without a key");
  });

  test("an account's orchestration plan and an import's error report, as an admin, carry them", async ({ page }) => {
    await signInAs(page, "admin@example.com");
    await page.goto("/accounts");
    const href = await page.locator("#accounts tbody a").first().getAttribute("href");
    const plan = await get(page, `${href}/orchestration`);
    expect(plan.status()).toBe(200);
    expect(plan.headers()["content-disposition"]).toContain("buying-group-orchestration.md");
    expectSecurityHeaders(plan.headers(), "an orchestration plan");
    const missing = await get(page, "/api/imports/999999/errors");
    expect(missing.status()).toBe(404);
    expectSecurityHeaders(missing.headers(), "an import error report that does not exist");
  });
});
