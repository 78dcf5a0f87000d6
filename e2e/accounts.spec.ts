import fs from "node:fs";
import { expect, test, type Page, type Request } from "@playwright/test";
import { createApiKey, followNavLink, replayAction, signIn, signInAs } from "./fixtures";

/** Opens the accounts of one owner, one by one, until one whose own map lacks a champion. */
async function openAccountWithout(page: Page, owner: string, role: string): Promise<string> {
  await page.goto("/accounts");
  await page.getByLabel("Owner", { exact: true }).selectOption({ label: owner });
  await expect(page).toHaveURL(/owner=\d+/);
  await page.getByLabel("Roles identified").selectOption("1");
  await expect(page).toHaveURL(/coverage=1/);
  const hrefs = await page.locator("#accounts tbody a").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  for (const href of hrefs) {
    await page.goto(href);
    // The account's own map comes first; its deals' maps follow and may lack the role when the account's does not.
    const ownMap = page.getByRole("region", { name: "Buying-group map" }).getByRole("table").first();
    if ((await ownMap.getByText(`No ${role} yet`).count()) > 0) return href;
  }
  throw new Error(`None of ${owner}'s accounts lacks a ${role}.`);
}

const history = (page: Page) => page.getByRole("list", { name: "Map history" });

test.describe("accounts and buying groups", () => {
  test("a rep fills a missing Champion, sets a gap action, and sees the coverage and the history change", async ({ page }) => {
    await signInAs(page, "rep@example.com");
    const href = await openAccountWithout(page, "Riley Rep", "Champion");
    const map = page.getByRole("region", { name: "Buying-group map" });
    const identified = Number((await page.getByTestId("coverage-identified").textContent())!.split(" / ")[0]);
    const engaged = Number((await page.getByTestId("coverage-engaged").textContent())!.split(" / ")[0]);

    // A second tab of the same map, loaded now: it will be stale after the first save.
    const otherTab = await page.context().newPage();
    await otherTab.goto(href);

    // With no Champion on the map, nothing says there is one or to ask one.
    const tierReasons = page.getByTestId("tier-reasons");
    const gaps = page.getByRole("region", { name: "Gap analysis" });
    await expect(tierReasons).toContainText("No known champion: nobody in the Champion role is engaged on the map");
    await expect(tierReasons).not.toContainText("Known champion:");
    await expect(gaps).toContainText("Find a Champion");
    // ("… (ask Jane Doe, your Champion, who owns …)" is the words when there is one; the section's
    // text runs its items together, so the pattern stays inside one item's parentheses.)
    await expect(gaps).not.toContainText(/ask [^)]*your champion/i);

    // The title suggests a role; the rep makes it the Champion.
    const form = map.getByRole("form", { name: "Add a contact" });
    await form.getByLabel("New contact's name").fill("Dana Whitfield");
    await form.getByLabel("Job title").fill("Director of Revenue Operations");
    await expect(form.getByLabel("Role")).toContainText("Champion (from the title)");
    await form.getByLabel("Role").selectOption("champion");
    // The account's map and its deals' maps may each lack a Champion; adding one fills one of them.
    const missingChampions = await map.getByText("No Champion yet").count();
    await form.getByRole("button", { name: "Add contact" }).click();
    await expect(map.getByText("No Champion yet")).toHaveCount(missingChampions - 1);
    await expect(map.getByText("Dana Whitfield", { exact: true })).toBeVisible();
    await expect(page.getByTestId("coverage-identified")).toHaveText(`${identified + 1} / 5`);
    await expect(history(page).getByText("Riley Rep changed Dana Whitfield: — → added as Champion (Director of Revenue Operations)")).toBeVisible();

    await map.getByLabel("Status of Dana Whitfield").selectOption("engaged");
    await expect(page.getByTestId("coverage-engaged")).toHaveText(`${engaged + 1} / 5`);
    await expect(history(page).getByText("Dana Whitfield's status: identified → engaged")).toBeVisible();
    // The reasons and the gap actions are read from the map as it is now.
    await expect(tierReasons).toContainText("Known champion: Dana Whitfield (engaged on the map)");
    await expect(gaps).not.toContainText("Find a Champion");
    if (/Identify the /.test((await gaps.textContent()) ?? "")) await expect(gaps).toContainText("ask Dana Whitfield, your Champion, who owns");

    const gapAction = map.getByLabel("Gap action for Dana Whitfield");
    await gapAction.fill("Send the business case template before Friday");
    await gapAction.press("Enter");
    await expect(history(page).getByText("Dana Whitfield's gap action: — → Send the business case template before Friday")).toBeVisible();
    await page.reload();
    await expect(map.getByLabel("Gap action for Dana Whitfield")).toHaveValue("Send the business case template before Friday");

    // The stale tab's save is refused with what changed, and nothing of it is written.
    const staleMap = otherTab.getByRole("region", { name: "Buying-group map" });
    await staleMap.getByRole("form", { name: "Add a contact" }).getByLabel("New contact's name").fill("Late Larry");
    await staleMap.getByRole("button", { name: "Add contact" }).click();
    await expect(staleMap.getByRole("alert")).toContainText("Someone changed this map since you loaded it: Riley Rep set Dana Whitfield's gap action to Send the business case template");
    await staleMap.getByRole("button", { name: "Reload the map" }).click();
    await expect(staleMap.getByText("Dana Whitfield", { exact: true })).toBeVisible();
    await expect(otherTab.getByText("Late Larry")).toHaveCount(0);
    await otherTab.close();

    // The orchestration plan carries the new champion and the remaining gaps.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Orchestration plan (.md)" }).click()]);
    expect(download.suggestedFilename()).toBe("buying-group-orchestration.md");
    const markdown = fs.readFileSync((await download.path())!, "utf8");
    expect(markdown).toMatch(/^# Buying-group orchestration: /);
    expect(markdown).toContain("| Champion | Dana Whitfield | Director of Revenue Operations | engaged |");
  });

  test("a rep cannot edit another rep's account, even by a direct POST", async ({ page }) => {
    await signInAs(page, "rep@example.com");
    // Record the action request of an edit on the rep's own account.
    const own = await openAccountWithout(page, "Riley Rep", "Blocker / Influencer");
    const ownId = own.split("/").pop()!;
    const recorded: Request[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && r.headers()["next-action"]) recorded.push(r);
    });
    const map = page.getByRole("region", { name: "Buying-group map" });
    await map.getByRole("form", { name: "Add a contact" }).getByLabel("New contact's name").fill("Own Contact");
    await map.getByRole("button", { name: "Add contact" }).click();
    await expect(map.getByRole("listitem").filter({ hasText: "Own Contact" })).toBeVisible();
    expect(recorded).toHaveLength(1);

    // Another rep's account: readable, with no controls.
    await page.goto("/accounts");
    await page.getByLabel("Owner", { exact: true }).selectOption({ label: "Reese Rep" });
    await expect(page).toHaveURL(/owner=\d+/);
    const theirs = (await page.locator("#accounts tbody a").first().getAttribute("href"))!;
    const theirId = theirs.split("/").pop()!;
    await page.goto(theirs);
    const theirMap = page.getByRole("region", { name: "Buying-group map" });
    await expect(theirMap.getByText(/You can read this map; Reese Rep and admins edit it\./)).toBeVisible();
    await expect(theirMap.getByRole("combobox")).toHaveCount(0);
    await expect(theirMap.getByRole("button", { name: "Add contact" })).toHaveCount(0);
    const before = await page.getByRole("region", { name: "History" }).textContent();

    // Replaying the recorded action against their account: 403, and nothing written.
    const response = await replayAction(page, recorded[0]!, (body) => {
      const forged = body.replace(`"accountId":${ownId}`, `"accountId":${theirId}`).replace("Own Contact", "Intruder");
      expect(forged).toContain(`"accountId":${theirId}`);
      return forged;
    });
    expect(response.status()).toBe(403);
    await page.reload();
    await expect(page.getByText("Intruder")).toHaveCount(0);
    expect(await page.getByRole("region", { name: "History" }).textContent()).toBe(before);
  });

  test("an executive sees the ABM program's tiers and measures, and downloads its design", async ({ page }) => {
    await signIn(page, "exec@example.com");
    await followNavLink(page, "Accounts");
    await expect(page.getByRole("heading", { level: 1, name: "Accounts and ABM" })).toBeVisible();
    for (const tier of ["Tier 1", "Tier 2", "Tier 3"]) await expect(page.getByRole("heading", { name: new RegExp(`^${tier} ·`) })).toBeVisible();
    const measures = page.getByRole("region", { name: "ABM measures" });
    await expect(measures.getByText("Tier 1 accounts engaged")).toBeVisible();
    await expect(measures.getByText(/^\d+ \/ \d+/)).toBeVisible();
    await expect(measures.getByText("ABM-sourced pipeline")).toBeVisible();
    await expect(measures.getByRole("figure", { name: "Win rate of multi-threaded and single-threaded deals" })).toContainText(/Multi-threaded\s*[\d.]+%/);
    await expect(measures.getByRole("figure", { name: "Win rate of multi-threaded and single-threaded deals" })).toContainText(/\d+ of \d+/);
    await expect(page.getByRole("link", { name: "Tier rules" })).toHaveCount(0);

    // The list filters and sorts, kept in the URL.
    await page.getByLabel("Tier", { exact: true }).selectOption("tier_1");
    await expect(page).toHaveURL(/tier=tier_1/);
    await page.getByRole("link", { name: /^Open pipeline/ }).click();
    await expect(page.getByRole("columnheader", { name: /Open pipeline/ })).toHaveAttribute("aria-sort", "descending");
    await expect(page.locator("#accounts tbody tr").first()).toContainText("Tier 1");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Program design (.md)" }).click()]);
    expect(download.suggestedFilename()).toBe("abm-program-design.md");
    const markdown = fs.readFileSync((await download.path())!, "utf8");
    expect(markdown).toMatch(/^# ABM program design/);
    expect(markdown).toContain("Tier 1 accounts engaged");
    expect(markdown).toContain("Multi-threaded (3+ engaged; playbook: 40–50 %)");
  });

  test("a marketer sets a tier against the rules with a reason, and changes the tier rules", async ({ page }) => {
    await signInAs(page, "marketing@example.com");
    await page.goto("/accounts?tier=none&fit=50&sort=fit&dir=desc");
    await page.locator("#accounts tbody a").first().click();
    const form = page.getByRole("button", { name: "Set tier" }).locator("xpath=ancestor::form");
    await form.getByLabel("Tier in force").selectOption("tier_1");
    await expect(form.getByText("Reason (required: differs from the rules)")).toBeVisible();
    await form.getByLabel(/^Reason/).fill("Board-level sponsor met at the summit");
    await form.getByRole("button", { name: "Set tier" }).click();
    await expect(page.getByText("“Board-level sponsor met at the summit”")).toBeVisible();
    await expect(page.getByText("Set by Morgan Marketer")).toBeVisible();

    await page.goto("/settings/abm");
    await page.getByLabel("A role goes dark after (days)").fill("0");
    await page.getByRole("button", { name: "Save ABM settings" }).click();
    await expect(page.getByText("Days must be at least 1")).toBeVisible();
    await page.getByLabel("A role goes dark after (days)").fill("45");
    await page.getByRole("button", { name: "Save ABM settings" }).click();
    await expect(page.getByText("Saved 1 change.")).toBeVisible();
    await page.goto("/accounts");
    await page.locator("#accounts tbody a").first().click();
    await expect(page.getByText(/roles with no touch in 45 days/)).toBeVisible();
  });

  test("a machine client reads an account's buying group with an API key", async ({ page, request }) => {
    await signInAs(page, "admin@example.com");
    const key = await createApiKey(page, "Buying-group client");
    await page.goto("/accounts?sort=pipeline&dir=desc");
    const href = (await page.locator("#accounts tbody a").first().getAttribute("href"))!;
    const name = (await page.locator("#accounts tbody a").first().textContent())!.trim();
    const id = href.split("/").pop();
    const auth = { authorization: `Bearer ${key}` };

    expect((await request.get(`/api/v1/accounts/${id}/buying-group`)).status()).toBe(401);
    const bad = await request.get("/api/v1/accounts/abc/buying-group", { headers: auth });
    expect(bad.status()).toBe(404);
    expect(await bad.json()).toEqual({ error: "There is no account #abc.", parameter: "id" });
    const missing = await request.get("/api/v1/accounts/99999999/buying-group", { headers: auth });
    expect(missing.status()).toBe(404);
    expect(await missing.json()).toEqual({ error: "There is no account #99999999.", parameter: "id" });

    const response = await request.get(`/api/v1/accounts/${id}/buying-group`, { headers: auth });
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.account).toMatchObject({ id: Number(id), name });
    expect(Object.keys(body.coverage).sort()).toEqual(["active", "engaged", "identified"]);
    expect(body.deals.length).toBeGreaterThan(0);
    expect(body.deals[0]).toMatchObject({ amount: expect.stringMatching(/^\d+\.\d{2}$/), threading: expect.stringMatching(/^(multi|partial|single)$/) });
    // The page shows the same coverage.
    await page.goto(href);
    await expect(page.getByTestId("coverage-identified")).toHaveText(`${body.coverage.identified} / 5`);
  });
});
