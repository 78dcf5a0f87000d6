import { expect, test } from "@playwright/test";
import { createApiKey, signInAs } from "./fixtures";

/** An unknown or malformed id names no record: pages and route handlers answer 404, never 200. */
test.describe("missing records", () => {
  test("pages answer 404 with the not-found page for an unknown or malformed id", async ({ page }) => {
    await signInAs(page, "admin@example.com");
    for (const url of ["/accounts/999999", "/accounts/abc", "/accounts/0", "/accounts/1e3", "/deals/999999", "/deals/abc", "/deals/0", "/import/999999", "/import/x", "/definitions/no-such-stage"]) {
      const response = await page.goto(url);
      expect(response!.status(), url).toBe(404);
      await expect(page.getByRole("heading", { name: "Not found" }), url).toBeVisible();
      // The app's header stays, so the way on is at hand.
      await expect(page.getByTestId("current-user"), url).toBeVisible();
    }
    // A record that exists still answers 200.
    await page.goto("/accounts");
    const href = (await page.locator("#accounts tbody a").first().getAttribute("href"))!;
    expect((await page.goto(href))!.status()).toBe(200);
    expect((await page.goto("/definitions/mql"))!.status()).toBe(200);
  });

  test("route handlers answer 404 JSON naming the record for an unknown or malformed id", async ({ page, request }) => {
    await signInAs(page, "admin@example.com");
    const session = page.request;
    const cases: [string, string][] = [
      ["/accounts/999999/orchestration", "There is no account #999999."],
      ["/accounts/abc/orchestration", "There is no account #abc."],
      ["/api/imports/999999", "There is no import #999999."],
      ["/api/imports/abc", "There is no import #abc."],
      ["/api/imports/999999/errors", "There is no import #999999."],
      ["/api/imports/-1/errors", "There is no import #-1."],
      ["/reports/999999", "There is no report #999999."],
      ["/reports/abc", "There is no report #abc."],
    ];
    for (const [url, error] of cases) {
      const response = await session.get(url);
      expect(response.status(), url).toBe(404);
      expect(await response.json(), url).toEqual({ error, parameter: "id" });
    }
    const key = await createApiKey(page, "Not-found client");
    for (const [id, error] of [
      ["999999", "There is no account #999999."],
      ["abc", "There is no account #abc."],
      ["0", "There is no account #0."],
    ]) {
      const response = await request.get(`/api/v1/accounts/${id}/buying-group`, { headers: { authorization: `Bearer ${key}` } });
      expect(response.status(), id).toBe(404);
      expect(await response.json(), id).toEqual({ error, parameter: "id" });
    }
  });
});
